import type { Caller } from '../../src/auth/roles';
import type { Logger } from '../../src/logging/logger';
import type { Services } from '../../src/services';
import type { Loaders } from './loaders';

/** What every resolver receives, built per HTTP request and per graphql-ws operation. */
export interface Context {
  requestId: string;
  caller: Caller;
  services: Services;
  /** Per-request DataLoaders, so related lookups in one response are batched. */
  loaders: Loaders;
  logger: Logger;
}
