import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { formatError } from '../errors/format-error';
import type { Logger } from '../logging/logger';
import { graphqlErrors } from '../observability/metrics';

export type OperationErrorFormatter = (error: GraphQLError, log?: Logger) => GraphQLFormattedError;

/**
 * The shared formatter for operations outside Apollo (graphql-ws, SSE, shared live execution): counts each code, and
 * logs each masked error once, through the operation's logger when there is one (it carries the request id).
 */
export function createOperationErrorFormatter(logger: Logger): OperationErrorFormatter {
  return (error, log = logger) =>
    formatError(error, {
      onError: (code) => graphqlErrors.inc({ code }),
      onMaskedError: (original) => log.error({ err: original }, 'unexpected error in a streamed operation (masked in the response)'),
    });
}
