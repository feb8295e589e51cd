import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestContextDidEncounterErrors, type GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Context } from '../../resolvers/common/context.type';
import { AppError } from '../errors/app-error';
import { formatError, isMaskedError } from '../errors/format-error';
import { graphqlErrors, graphqlLatency, graphqlRequests } from '../observability/metrics';
import { compiledExecutor } from './compiled-executor';
import { checkOperationLimits, type OperationLimits } from './operation-limits';
import { operationSelectionError, requestError } from './streamed-operation';

export interface ApolloOptions {
  schema: GraphQLSchema;
  introspection: boolean;
  limits: OperationLimits;
  /**
   * 'graphql-js' runs every operation on graphql-js inside the same Apollo pipeline: the reference the differential
   * test compares the compiled executor with. @default 'compiled'
   */
  executor?: 'compiled' | 'graphql-js';
}

/** Refuses operations beyond the depth and cost limits once the operation is known, before any resolver runs. */
function limitsPlugin(limits: OperationLimits): ApolloServerPlugin<Context> {
  // Stateless, so one listener serves every request (no per-request closure or promise).
  const listener = {
    async didResolveOperation({ schema, document, operationName, request }: GraphQLRequestContextDidResolveOperation<Context>) {
      const errors = checkOperationLimits(schema, document, operationName, request.variables, limits);
      if (errors.length > 0) throw errors[0];
    },
  };
  return { requestDidStart: () => Promise.resolve(listener) };
}

/**
 * Refuses what HTTP cannot run, before the executor sees it: a document whose operation cannot be determined (several
 * operations and no or an unknown operationName) and subscriptions, which are served over graphql-ws and SSE.
 */
function operationKindPlugin(): ApolloServerPlugin<Context> {
  const listener = {
    async didResolveOperation({ operation, document, request }: GraphQLRequestContextDidResolveOperation<Context>) {
      if (!operation) throw operationSelectionError(document, request.operationName);
      if (operation.operation === 'subscription') {
        throw requestError(
          new AppError(
            'BAD_USER_INPUT',
            'subscriptions are not served over plain HTTP: use graphql-ws (a websocket on this path, protocol graphql-transport-ws) or ' +
              'Server-Sent Events (POST or GET this path with "Accept: text/event-stream", the graphql-sse protocol)',
            { details: { transports: ['graphql-ws', 'graphql-sse'] } },
          ),
        );
      }
    },
  };
  return { requestDidStart: () => Promise.resolve(listener) };
}

/** Logs each masked error once, through the request's logger, so the log line carries the request id the client got. */
function maskedErrorLogPlugin(): ApolloServerPlugin<Context> {
  const listener = {
    async didEncounterErrors({ errors, contextValue, operationName }: GraphQLRequestContextDidEncounterErrors<Context>) {
      for (const error of errors) {
        if (!isMaskedError(error)) continue;
        contextValue.logger.error({ err: error.originalError ?? error, operationName, path: error.path }, 'unexpected error (masked in the response)');
      }
    },
  };
  return { requestDidStart: () => Promise.resolve(listener) };
}

function metricsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation }) {
          const labels = { operation: operationName ?? 'anonymous', type: operation?.operation ?? 'unknown' };
          graphqlRequests.inc(labels);
          graphqlLatency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}

export function createApollo({ schema, introspection, limits, executor = 'compiled' }: ApolloOptions): ApolloServer<Context> {
  return new ApolloServer<Context>({
    ...(executor === 'compiled' ? { gateway: compiledExecutor(schema) } : { schema }),
    introspection,
    includeStacktraceInErrorResponses: false,
    // Subscriptions are served by graphql-ws and SSE on the same path; Apollo handles queries and mutations over HTTP.
    // CSRF: a request carrying Authorization cannot be a browser's simple request (it needs a preflight), so GET
    // queries sent with a bearer token run without Apollo's extra preflight header.
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    formatError: (formatted, error) =>
      formatError(error instanceof GraphQLError ? error : formatted, { onError: (code) => graphqlErrors.inc({ code }) }),
    // No cache hints are set anywhere, and the cache-control plugin wraps every field resolver (~8% of CPU).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      operationKindPlugin(),
      limitsPlugin(limits),
      maskedErrorLogPlugin(),
      metricsPlugin(),
    ],
  });
}
