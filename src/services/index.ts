import type { SinksService } from './sinks';
import type { LiveService } from './live'; // --- kafka / topics / live ---
import type { TopicsService } from './topics'; // --- kafka / topics / live ---
import type { AnalyticsService } from './analytics'; // --- analytics (pinot) ---
import type { AuditService } from './audit'; import type { ConnectorsService } from './connectors'; // --- connectors / audit ---

/**
 * Every plane's service, as resolvers reach them through `context.services`. Each plane owns its field and builds it
 * in src/container.ts. Services never import GraphQL.
 */
export interface Services {
  sinks: SinksService; // --- sinks ---
  topics: TopicsService; live: LiveService; // --- kafka / topics / live ---
  analytics: AnalyticsService; // --- analytics (pinot) ---
  connectors: ConnectorsService; audit: AuditService; // --- connectors / audit ---
  // [plane fields — one line per plane, added by each plane's owner]
}
