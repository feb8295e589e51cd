import { type ExecutionResult, GraphQLError } from 'graphql';

/**
 * The results of a subscription as graphql-sse should pull them:
 * - paced: the next result is pulled from the source only once the stream can take more (`whenWritable`), so a client
 *   that stops reading leaves results in the source's own bounded buffer (and its slow-consumer policy), as graphql-ws's
 *   awaited sends do, instead of piling up in graphql-sse's unbounded queue;
 * - a source that fails (SLOW_CONSUMER, UPSTREAM_UNAVAILABLE…) ends with its error as a last `{ errors }` result, so the
 *   client gets a coded `next` then `complete` — SSE has no error event, and graphql-sse would just drop the connection.
 * A plain object, not an async generator, so `return()` (the client left) reaches the source at once even while a
 * `next()` is pending.
 */
export function pacedResults(source: AsyncIterator<ExecutionResult>, whenWritable: () => Promise<void>): AsyncGenerator<ExecutionResult> {
  let over = false;
  const iterator = {
    async next(): Promise<IteratorResult<ExecutionResult>> {
      if (over) return { value: undefined, done: true };
      await whenWritable();
      try {
        const step = await source.next();
        if (step.done) over = true;
        return step;
      } catch (error) {
        over = true;
        return { value: { errors: [asGraphQLError(error)] }, done: false };
      }
    },
    async return(): Promise<IteratorResult<ExecutionResult>> {
      over = true;
      await source.return?.(undefined);
      return { value: undefined, done: true };
    },
    async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
      over = true;
      await source.return?.(undefined);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator as unknown as AsyncGenerator<ExecutionResult>;
}

/** Any thrown value as a GraphQLError whose original (an AppError keeps its code) the formatter can read. */
export function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error instanceof Error ? error.message : String(error), { originalError: error instanceof Error ? error : undefined });
}
