import { AppError } from '../../errors/app-error';
import type { ErrorCode } from '../../errors/codes';
import { scrubText } from '../../secrets';
import { HttpTransportError } from '../http/http-json';
import type { RegistryErrorBody } from './registry-types';

export interface RegistryCallContext {
  operation: string;
  /** The registry's basic-auth password, cut out of anything echoed back. */
  secrets: string[];
}

/** error_code → public code (Errors.java). Unlisted 4xx codes are UPSTREAM_REJECTED; 5xx are UPSTREAM_UNAVAILABLE. */
const CODES: Record<number, ErrorCode> = {
  40401: 'NOT_FOUND', // subject
  40402: 'NOT_FOUND', // version
  40403: 'NOT_FOUND', // schema
  40404: 'NOT_FOUND', // subject soft-deleted already
  40406: 'NOT_FOUND', // version soft-deleted already
  40408: 'NOT_FOUND', // no subject-level compatibility
  40409: 'NOT_FOUND', // no subject-level mode
  40405: 'CONFLICT', // permanent delete before a soft one
  40407: 'CONFLICT',
  409: 'CONFLICT', // incompatible schema (7.x, 8.0.0–8.0.3, 8.1.0–8.1.1)
  40901: 'CONFLICT', // incompatible schema (8.0.4+, 8.1.2+, 8.2+)
  42201: 'BAD_USER_INPUT', // invalid schema or type
  42202: 'BAD_USER_INPUT', // invalid version
  42203: 'BAD_USER_INPUT', // invalid compatibility level
  42204: 'BAD_USER_INPUT', // invalid mode
  42208: 'BAD_USER_INPUT', // invalid subject
  42209: 'BAD_USER_INPUT', // schema too large
  42205: 'UPSTREAM_REJECTED', // operation not permitted (read-only or import mode)
  42206: 'CONFLICT', // still referenced by another schema
};

const FIELDS: Record<number, string> = { 42201: 'schema', 42202: 'version', 42203: 'compatibility', 42208: 'subject', 42209: 'schema' };

function parseBody(text: string): RegistryErrorBody | undefined {
  try {
    const body = JSON.parse(text) as Partial<RegistryErrorBody>;
    if (typeof body?.error_code === 'number' && typeof body.message === 'string') return body as RegistryErrorBody;
  } catch {
    /* not the registry's error body */
  }
  return undefined;
}

/**
 * The entries of a 409's `details: [{…}, {…}]` (one per incompatibility, then oldSchemaVersion, oldSchema and the
 * level), split at top-level braces; the message itself when it has no such list.
 */
export function incompatibilityMessages(message: string): string[] {
  const start = message.indexOf('details: [');
  if (start < 0) return [message];
  const out: string[] = [];
  let depth = 0;
  let from = -1;
  for (let i = start + 'details: ['.length; i < message.length; i++) {
    const c = message[i];
    if (c === '{' && depth++ === 0) from = i;
    else if (c === '}' && --depth === 0 && from >= 0) out.push(message.slice(from, i + 1));
  }
  return out.length > 0 ? out : [message];
}

/** Maps a non-2xx registry answer to a public error, with the registry's error_code in details. */
export function mapRegistryStatus(status: number, text: string, context: RegistryCallContext): AppError {
  const body = parseBody(text);
  const message = scrubText(body?.message ?? `HTTP ${status}`, context.secrets);
  const errorCode = body?.error_code ?? status;
  const details: Record<string, unknown> = { upstream: 'schema-registry', status, registryErrorCode: errorCode };
  if (status >= 500 || status === 408) {
    return new AppError('UPSTREAM_UNAVAILABLE', `Schema Registry could not answer ${context.operation}: ${message}`, { details, retriable: true });
  }
  if (status === 401 || status === 403) {
    return new AppError('UPSTREAM_REJECTED', `Schema Registry refused pipegraph's credentials for ${context.operation} (HTTP ${status})`, { details });
  }
  const code = CODES[errorCode] ?? (status === 404 ? 'NOT_FOUND' : 'UPSTREAM_REJECTED');
  if (errorCode === 409 || errorCode === 40901) details.incompatibilities = incompatibilityMessages(message);
  if (FIELDS[errorCode]) details.field = FIELDS[errorCode];
  return new AppError(code, code === 'UPSTREAM_REJECTED' ? `Schema Registry rejected ${context.operation}: ${message}` : message, { details });
}

/** Timeouts, refused connections and other transport failures: the registry is unreachable (retriable). */
export function mapRegistryTransportError(error: unknown, context: RegistryCallContext, timeoutMs: number): AppError {
  if (error instanceof AppError) return error;
  const reason =
    error instanceof HttpTransportError
      ? error.timedOut
        ? `no answer within ${timeoutMs} ms`
        : (error.code ?? error.message)
      : ((error as Error)?.message ?? 'connection failed');
  return new AppError('UPSTREAM_UNAVAILABLE', `Schema Registry is unreachable for ${context.operation} (${scrubText(reason, context.secrets)})`, {
    details: { upstream: 'schema-registry' },
    retriable: true,
    cause: error,
  });
}
