import { AppError } from '../../errors/app-error';
import { scrubText } from '../../secrets';
import type { ConnectErrorBody } from './connect-types';

export interface ConnectCallContext {
  cluster: string;
  method: string;
  path: string;
  /** Secret values sent in this request; they are cut out of any message Connect echoes back. */
  secrets?: string[];
}


/** The status line Connect answered with, when the body is not its `{error_code, message}`. */
export function connectMessage(status: number, body: unknown): string {
  const candidate = body as Partial<ConnectErrorBody> | null;
  if (candidate && typeof candidate.message === 'string' && candidate.message.trim() !== '') return candidate.message;
  return `HTTP ${status}`;
}

/**
 * Maps a Connect answer to a public error. 400 → BAD_USER_INPUT with Connect's message; 404 → NOT_FOUND;
 * 409 → ALREADY_EXISTS for an existing name, else CONFLICT (retriable: a rebalance or concurrent change);
 * 403/405/501 → UPSTREAM_REJECTED (feature disabled or endpoint missing); 500 "Request timed out", 502–504 →
 * UPSTREAM_UNAVAILABLE (retriable); other 5xx → UPSTREAM_REJECTED with Connect's message.
 */
export function mapConnectStatus(status: number, body: unknown, context: ConnectCallContext): AppError {
  const message = scrubText(connectMessage(status, body), context.secrets);
  const details = { upstream: 'kafka-connect', cluster: context.cluster, status };
  switch (status) {
    case 400:
    case 422:
      return new AppError('BAD_USER_INPUT', message, { details });
    case 404:
      return new AppError('NOT_FOUND', message, { details });
    case 409:
      if (/already exists/i.test(message)) return new AppError('ALREADY_EXISTS', message, { details });
      return new AppError('CONFLICT', `Kafka Connect is busy (${message}); retry shortly`, { details, retriable: true, retryAfterMs: 1_000 });
    case 403:
    case 405:
    case 501:
      return new AppError('UPSTREAM_REJECTED', message, { details });
    case 502:
    case 503:
    case 504:
      return new AppError('UPSTREAM_UNAVAILABLE', `Kafka Connect cluster "${context.cluster}" is unavailable: ${message}`, { details, retriable: true });
    default:
      if (status === 500 && /timed out/i.test(message)) {
        return new AppError('UPSTREAM_UNAVAILABLE', `Kafka Connect timed out: ${message}`, { details, retriable: true });
      }
      return new AppError('UPSTREAM_REJECTED', `Kafka Connect failed: ${message}`, { details });
  }
}

/** Timeouts, refused connections and other transport failures: the cluster is not reachable. */
export function mapConnectTransportError(error: unknown, context: ConnectCallContext, timeoutMs: number): AppError {
  if (error instanceof AppError) return error;
  const err = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  const timedOut = err?.name === 'TimeoutError' || err?.name === 'AbortError';
  const reason = timedOut ? `no answer within ${timeoutMs} ms` : (err?.cause?.code ?? err?.cause?.message ?? err?.message ?? 'connection failed');
  return new AppError('UPSTREAM_UNAVAILABLE', `Kafka Connect cluster "${context.cluster}" is unreachable (${reason})`, {
    details: { upstream: 'kafka-connect', cluster: context.cluster },
    retriable: true,
    cause: error,
  });
}

/** UPSTREAM_REJECTED for an operation the cluster's Kafka version does not have. */
export function unsupportedFeature(cluster: string, operation: string, minimum: string, actual: string): AppError {
  return new AppError('UPSTREAM_REJECTED', `${operation} needs Kafka Connect ${minimum} or newer; cluster "${cluster}" runs ${actual}`, {
    details: { upstream: 'kafka-connect', cluster, minimumVersion: minimum, version: actual },
  });
}
