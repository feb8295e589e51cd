import type { SinksService } from './sinks';

/**
 * Every plane's service, as resolvers reach them through `context.services`. Each plane owns its field and builds it
 * in src/container.ts. Services never import GraphQL.
 */
export interface Services {
  sinks: SinksService; // --- sinks ---
  // [plane fields — one line per plane, added by each plane's owner]
}
