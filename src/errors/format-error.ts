import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from './codes';
import { AppError } from './app-error';

export interface FormatErrorHooks {
  /** Called once for every error that gets masked, with the original, so it is logged server-side exactly once. */
  onMaskedError?: (original: unknown, formatted: GraphQLFormattedError) => void;
  /** Called for every formatted error with its code (metrics). */
  onError?: (code: ErrorCode) => void;
}

// GraphQL-level failures Apollo and graphql-js raise before any resolver runs: the caller's fault, so BAD_USER_INPUT.
const CALLER_FAULT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const PUBLIC_CODES = new Set<string>(ERROR_CODES);

/**
 * Turns any error into the public shape `{ message, locations, path, extensions: { code, retriable, … } }`.
 * Never throws. Used by Apollo's formatError (HTTP) and by the graphql-ws server (websocket), so both paths agree.
 */
export function formatError(error: GraphQLError | GraphQLFormattedError, hooks: FormatErrorHooks = {}): GraphQLFormattedError {
  try {
    const original = error instanceof GraphQLError ? unwrap(error) : undefined;
    const base = { message: error.message, locations: error.locations, path: error.path };

    if (original instanceof AppError) {
      hooks.onError?.(original.code);
      return {
        ...base,
        message: original.message,
        extensions: {
          code: original.code,
          retriable: original.retriable,
          ...(original.retryAfterMs !== undefined ? { retryAfterMs: original.retryAfterMs } : {}),
          ...(original.details ? { details: original.details } : {}),
        },
      };
    }

    const declared = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
    const isResolverFailure = error instanceof GraphQLError && error.originalError !== undefined && !(error.originalError instanceof GraphQLError);
    if (declared && !isResolverFailure) {
      if (CALLER_FAULT_CODES.has(declared) || declared === 'GRAPHQL_VALIDATION_FAILED') {
        hooks.onError?.('BAD_USER_INPUT');
        const details = error.extensions?.details;
        return {
          ...base,
          extensions: { code: 'BAD_USER_INPUT', retriable: false, ...(details ? { details } : validationDetails(error)) },
        };
      }
      if (PUBLIC_CODES.has(declared)) {
        const code = declared as ErrorCode;
        hooks.onError?.(code);
        return { ...base, extensions: { ...stripInternals(error.extensions), code, retriable: Boolean(error.extensions?.retriable) } };
      }
    }
    // graphql-js validation and coercion errors (wrong variable types, unknown fields) carry no code; a scalar's own
    // refusal of a variable ("not-a-date" for a DateTime) arrives with no path and the scalar's GraphQLError as cause.
    const coercionFailure = error instanceof GraphQLError && error.path === undefined && error.originalError instanceof GraphQLError;
    if (!declared && error instanceof GraphQLError && (error.originalError === undefined || coercionFailure)) {
      hooks.onError?.('BAD_USER_INPUT');
      return { ...base, extensions: { code: 'BAD_USER_INPUT', retriable: false } };
    }
    return mask(error, base, hooks);
  } catch {
    return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', retriable: false } };
  }
}

function mask(error: unknown, base: Pick<GraphQLFormattedError, 'locations' | 'path'>, hooks: FormatErrorHooks): GraphQLFormattedError {
  const formatted: GraphQLFormattedError = {
    message: 'Internal server error',
    locations: base.locations,
    path: base.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', retriable: false },
  };
  hooks.onError?.('INTERNAL_SERVER_ERROR');
  hooks.onMaskedError?.(error instanceof GraphQLError ? (error.originalError ?? error) : error, formatted);
  return formatted;
}

function unwrap(error: GraphQLError): unknown {
  let current: unknown = error;
  // Resolver errors arrive wrapped (possibly twice, by type-graphql and graphql-js); dig to the first non-GraphQL cause.
  for (let depth = 0; depth < 5 && current instanceof GraphQLError && current.originalError; depth++) {
    current = current.originalError;
  }
  return current;
}

function validationDetails(error: GraphQLError | GraphQLFormattedError): Record<string, unknown> {
  const validationErrors = (error.extensions as { validationErrors?: Array<{ property: string; constraints?: object }> } | undefined)
    ?.validationErrors;
  if (!validationErrors) return {};
  return { details: { fields: validationErrors.map((v) => ({ field: v.property, constraints: v.constraints })) } };
}

function stripInternals(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!extensions) return {};
  const { stacktrace: _stacktrace, exception: _exception, http: _http, ...rest } = extensions as Record<string, unknown>;
  return rest;
}

/** True when formatError would mask this error (it is not one of ours nor a caller error): it deserves a server log. */
export function isMaskedError(error: GraphQLError): boolean {
  return formatError(error).extensions?.code === 'INTERNAL_SERVER_ERROR';
}
