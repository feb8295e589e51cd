import { type ErrorCode, isRetriableByDefault } from './codes';

export interface AppErrorOptions {
  /** Overrides the code's default (e.g. a CONFLICT from a Connect rebalance is retriable). */
  retriable?: boolean;
  /** Safe, client-visible facts: the offending `field`, the `upstream` system, a minimum version… Never secrets. */
  details?: Record<string, unknown>;
  /** For RATE_LIMITED and retriable upstream errors: when a retry makes sense. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The one error type services and adapters throw. It carries a public code and a message written for the caller;
 * the formatter turns it into a GraphQL error. Anything that is not an AppError is masked as INTERNAL_SERVER_ERROR.
 * Deliberately free of GraphQL imports so services stay transport-agnostic.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details?: Record<string, unknown>;
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'AppError';
    this.code = code;
    this.retriable = options.retriable ?? isRetriableByDefault(code);
    this.details = options.details;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** BAD_USER_INPUT naming the offending input field, the most common error in the API. */
export function badInput(field: string, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('BAD_USER_INPUT', message, { details: { field, ...details } });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
