import { randomUUID } from 'node:crypto';
import type { Context } from '../../resolvers/common/context.type';
import { createLoaders } from '../../resolvers/common/loaders';
import type { Caller } from '../auth/roles';
import type { Logger } from '../logging/logger';
import type { Services } from '../services';

/** One context per HTTP request or graphql-ws operation: fresh loaders, a request-scoped logger. */
export function createContextFactory(services: Services, logger: Logger) {
  return (caller: Caller, requestId: string = randomUUID()): Context => {
    let requestLogger: Logger | undefined;
    return {
      requestId,
      caller,
      services,
      loaders: createLoaders(services),
      // pino's child() (bindings and redaction) is paid only by the requests that log something.
      get logger() {
        return (requestLogger ??= logger.child({ requestId, caller: caller.id }));
      },
    };
  };
}

export type ContextFactory = ReturnType<typeof createContextFactory>;
