import type { NonEmptyArray } from 'type-graphql';
import { AnalyticsResolver } from './analytics/analytics.resolver';
import { AuditResolver } from './audit/audit.resolver';
import { ViewerResolver } from './common/health.resolver';
import { ConnectorAutoRestartResolver } from './connectors/connector-auto-restart.resolver';
import { ConnectorResolver, LineageSubjectResolver, LineageTableResolver } from './connectors/connector.resolver';
import { ConnectorFileHealthResolver, LakeResolver } from './lake/lake.resolver';
import { LiveResolver } from './live/live.resolver';
import { RegisteredSchemaResolver, SchemaSubjectResolver, TopicSchemaResolver } from './schemas/schema.resolver';
import { ClickstreamEventResolver } from './sinks/clickstream-event.resolver';
import { SinkTableResolver } from './sinks/sink-table.resolver';
import { ConsumerGroupResolver } from './topics/consumer-group.resolver';
import { TopicResolver } from './topics/topic.resolver';

/** Every resolver class in the schema, by plane. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  ViewerResolver,
  ClickstreamEventResolver,
  SinkTableResolver,
  AnalyticsResolver,
  TopicResolver,
  ConsumerGroupResolver,
  LiveResolver,
  ConnectorResolver,
  ConnectorAutoRestartResolver,
  LineageTableResolver,
  LineageSubjectResolver,
  AuditResolver,
  LakeResolver,
  ConnectorFileHealthResolver,
  SchemaSubjectResolver,
  RegisteredSchemaResolver,
  TopicSchemaResolver,
];
