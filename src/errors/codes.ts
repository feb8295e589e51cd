/**
 * The public error vocabulary: every error a client sees carries one of these in `extensions.code`.
 * This list is a contract (docs/errors.md documents each code); adding a code is an API change.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM_REJECTED',
  'UPSTREAM_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'SLOW_CONSUMER',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes a client may retry unchanged; an AppError may still override `retriable` per occurrence. */
const RETRIABLE: ReadonlySet<ErrorCode> = new Set(['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'SLOW_CONSUMER']);

export function isRetriableByDefault(code: ErrorCode): boolean {
  return RETRIABLE.has(code);
}
