import { AppError } from '../../errors/app-error';
import type { ErrorCode } from '../../errors/codes';
import { HttpTransportError } from '../http/http-json';

export interface PinotException {
  errorCode: number;
  message: string;
}

/**
 * Pinot's QueryErrorCode → public code. Unknown tables and columns are the caller's input (BAD_USER_INPUT); SQL the
 * broker refuses to parse or plan is UPSTREAM_REJECTED (pipegraph generated it, so it is not the caller's fault and a
 * retry will not help); timeouts, missing servers and capacity are UPSTREAM_UNAVAILABLE (retriable); quota is
 * RATE_LIMITED. Anything unlisted is UPSTREAM_REJECTED.
 */
const CODE_MAP: Record<number, { code: ErrorCode; field?: string; name: string }> = {
  100: { code: 'UPSTREAM_REJECTED', name: 'JsonParsingError' },
  150: { code: 'UPSTREAM_REJECTED', name: 'SQLParsingError' },
  160: { code: 'UPSTREAM_REJECTED', name: 'SQLRuntimeError' },
  180: { code: 'UPSTREAM_REJECTED', name: 'AccessDeniedError' },
  190: { code: 'BAD_USER_INPUT', field: 'table', name: 'TableDoesNotExistError' },
  191: { code: 'BAD_USER_INPUT', field: 'table', name: 'TableIsDisabledError' },
  200: { code: 'UPSTREAM_REJECTED', name: 'QueryExecutionError' },
  210: { code: 'UPSTREAM_UNAVAILABLE', name: 'ServerShuttingDownError' },
  211: { code: 'UPSTREAM_UNAVAILABLE', name: 'ServerOutOfCapacityError' },
  230: { code: 'UPSTREAM_UNAVAILABLE', name: 'ServerTableMissingError' },
  235: { code: 'UPSTREAM_UNAVAILABLE', name: 'ServerSegmentMissingError' },
  240: { code: 'UPSTREAM_UNAVAILABLE', name: 'QuerySchedulingTimeoutError' },
  245: { code: 'UPSTREAM_UNAVAILABLE', name: 'ServerResourceLimitExceededError' },
  250: { code: 'UPSTREAM_UNAVAILABLE', name: 'ExecutionTimeoutError' },
  305: { code: 'UPSTREAM_UNAVAILABLE', name: 'BrokerSegmentUnavailableError' },
  400: { code: 'UPSTREAM_UNAVAILABLE', name: 'BrokerTimeoutError' },
  410: { code: 'BAD_USER_INPUT', field: 'table', name: 'BrokerResourceMissingError' },
  420: { code: 'UPSTREAM_UNAVAILABLE', name: 'BrokerInstanceMissingError' },
  425: { code: 'UPSTREAM_UNAVAILABLE', name: 'BrokerRequestSendError' },
  427: { code: 'UPSTREAM_UNAVAILABLE', name: 'ServerNotRespondingError' },
  429: { code: 'RATE_LIMITED', name: 'TooManyRequestsError' },
  450: { code: 'UPSTREAM_UNAVAILABLE', name: 'InternalError' },
  500: { code: 'UPSTREAM_UNAVAILABLE', name: 'MergeResponseError' },
  503: { code: 'UPSTREAM_UNAVAILABLE', name: 'QueryCancellationError' },
  700: { code: 'UPSTREAM_REJECTED', name: 'QueryValidationError' },
  710: { code: 'BAD_USER_INPUT', field: 'column', name: 'UnknownColumnError' },
  720: { code: 'UPSTREAM_REJECTED', name: 'QueryPlanningError' },
};

const MAX_MESSAGE = 300;

/** The first exception decides the code (Pinot lists the root cause first); all codes go into details. */
export function mapPinotExceptions(exceptions: readonly PinotException[]): AppError {
  const first = exceptions[0]!;
  const known = CODE_MAP[first.errorCode] ?? { code: 'UPSTREAM_REJECTED' as ErrorCode, name: 'UnknownError' };
  const detail = firstLine(first.message);
  const message =
    known.code === 'BAD_USER_INPUT'
      ? `Pinot: ${detail}`
      : known.code === 'RATE_LIMITED'
        ? 'Pinot query quota exceeded; retry later'
        : `Pinot ${known.code === 'UPSTREAM_UNAVAILABLE' ? 'could not answer' : 'rejected'} the query (${first.errorCode} ${known.name}): ${detail}`;
  return new AppError(known.code, message, {
    details: { upstream: 'pinot', pinotErrorCodes: exceptions.map((e) => e.errorCode), ...(known.field ? { field: known.field } : {}) },
    retryAfterMs: known.code === 'RATE_LIMITED' ? 1_000 : undefined,
  });
}

/** A controller or broker HTTP failure without a Pinot exceptions body. */
export function mapPinotHttpStatus(status: number, body: string, retryAfter: string | string[] | undefined, what: string): AppError {
  const details = { upstream: 'pinot', status };
  const reason = firstLine(extractError(body) ?? `HTTP ${status}`);
  if (status === 404) return new AppError('NOT_FOUND', `Pinot: ${what} not found`, { details });
  if (status === 429) {
    const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    return new AppError('RATE_LIMITED', 'Pinot rate limit reached; retry later', { details, retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : 1_000 });
  }
  if (status === 408 || status >= 500) return new AppError('UPSTREAM_UNAVAILABLE', `Pinot unavailable for ${what} (HTTP ${status})`, { details });
  if (status === 401 || status === 403) return new AppError('UPSTREAM_REJECTED', `Pinot refused pipegraph's credentials for ${what} (HTTP ${status}); check PINOT_AUTH_TOKEN`, { details });
  return new AppError('UPSTREAM_REJECTED', `Pinot rejected ${what} (HTTP ${status}): ${reason}`, { details });
}

/** Connection refused, reset, DNS, timeouts → UPSTREAM_UNAVAILABLE (retriable). */
export function mapPinotTransportError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const timedOut = error instanceof HttpTransportError && error.timedOut;
  return new AppError('UPSTREAM_UNAVAILABLE', timedOut ? `Pinot did not answer ${what} in time` : `Pinot unreachable for ${what}`, {
    details: { upstream: 'pinot', ...(error instanceof HttpTransportError && error.code ? { reason: error.code } : {}) },
    cause: error,
  });
}

function extractError(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    /* not JSON */
  }
  return body.trim() === '' ? undefined : body;
}

function firstLine(text: string): string {
  const line = String(text ?? '').split('\n').find((part) => part.trim() !== '') ?? '';
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line.trim();
}
