import type { AnalyticsService } from './analytics';
import type { AuditService } from './audit';
import type { ConnectorsService } from './connectors';
import type { LakeService } from './lake';
import type { LiveService } from './live';
import type { SchemasService } from './schemas';
import type { SinksService } from './sinks';
import type { TopicsService } from './topics';

/**
 * Every plane's service, as resolvers reach them through `context.services`; built in src/container.ts.
 * Services never import GraphQL.
 */
export interface Services {
  sinks: SinksService;
  analytics: AnalyticsService;
  topics: TopicsService;
  live: LiveService;
  connectors: ConnectorsService;
  audit: AuditService;
  lake: LakeService;
  schemas: SchemasService;
}
