/** An error as the console shows it: pipegraph's public code and whether trying again can help. */
export interface ApiError {
  message: string;
  code: string;
  retriable: boolean;
  path?: string;
}

interface GraphQLErrorShape {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown; retriable?: unknown };
}

/** GraphQL errors from a response (HTTP or a subscription's `next`/`error`) with their extensions. */
export function fromGraphQLErrors(errors: readonly unknown[]): ApiError[] {
  return errors.map((raw) => {
    const error = (raw ?? {}) as GraphQLErrorShape;
    return {
      message: String(error.message ?? 'unknown error'),
      code: typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR',
      retriable: error.extensions?.retriable === true,
      path: Array.isArray(error.path) ? error.path.join('.') : undefined,
    };
  });
}

/** graphql-ws close codes that are the caller's fault (bad key, bad request): reconnecting cannot help. */
const FATAL_CLOSE_CODES: Record<number, string> = { 4400: 'BAD_USER_INPUT', 4401: 'UNAUTHENTICATED', 4403: 'UNAUTHENTICATED', 4429: 'RATE_LIMITED' };

/** Anything a sink's error callback or a failed fetch can throw: GraphQL errors, a websocket CloseEvent, an Error. */
export function toApiErrors(error: unknown): ApiError[] {
  if (Array.isArray(error)) return fromGraphQLErrors(error);
  const close = error as { code?: unknown; reason?: unknown; type?: unknown };
  if (typeof close?.code === 'number' && (close.type === 'close' || 'reason' in close)) {
    const fatal = FATAL_CLOSE_CODES[close.code];
    const reason = typeof close.reason === 'string' && close.reason ? close.reason : 'connection closed';
    return [{ message: `websocket closed (${close.code}): ${reason}`, code: fatal ?? 'UPSTREAM_UNAVAILABLE', retriable: fatal === undefined }];
  }
  const message = error instanceof Error ? error.message : String(error);
  return [{ message, code: 'UPSTREAM_UNAVAILABLE', retriable: true }];
}
