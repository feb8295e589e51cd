import type { NonEmptyArray } from 'type-graphql';
import { ViewerResolver } from './common/health.resolver';
import { LiveResolver } from './live/live.resolver'; // --- kafka / topics / live ---
import { ConsumerGroupResolver } from './topics/consumer-group.resolver'; // --- kafka / topics / live ---
import { TopicResolver } from './topics/topic.resolver'; // --- kafka / topics / live ---
import { AnalyticsResolver } from './analytics/analytics.resolver'; // --- analytics (pinot) ---
import { ClickstreamEventResolver } from './sinks/clickstream-event.resolver';
import { SinkTableResolver } from './sinks/sink-table.resolver';
import { AuditResolver } from './audit/audit.resolver'; import { ConnectorResolver, LineageTableResolver } from './connectors/connector.resolver'; // --- connectors / audit ---

/** Every resolver class in the schema; one line per plane. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  ViewerResolver,
  // [plane resolvers]
  ConnectorResolver, LineageTableResolver, AuditResolver, // --- connectors / audit ---
  TopicResolver, ConsumerGroupResolver, LiveResolver, // --- kafka / topics / live ---
  ClickstreamEventResolver, SinkTableResolver, // --- sinks ---
  AnalyticsResolver, // --- analytics (pinot) ---
];
