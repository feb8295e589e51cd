import { AppError } from '../../errors/app-error';

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
}

const UNAVAILABLE_CODES = new Set(['InternalError', 'ServiceUnavailable', 'SlowDown', 'RequestTimeout', 'TimeoutError', 'RequestTimeTooSkewed']);

/**
 * S3 errors → public codes: unknown bucket or key is NOT_FOUND (naming the field); refused credentials or signatures
 * are UPSTREAM_REJECTED (a configuration problem, not retriable); 5xx, throttling and network failures are
 * UPSTREAM_UNAVAILABLE (retriable).
 */
export function mapS3Error(error: unknown, what: { bucket: string; key?: string }): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? '';
  const details = { upstream: 's3', ...(status ? { status } : {}), ...(name ? { s3Code: name } : {}) };
  if (name === 'NoSuchBucket' || (status === 404 && !what.key)) {
    return new AppError('NOT_FOUND', `S3 bucket "${what.bucket}" does not exist`, { details: { ...details, field: 'bucket' } });
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return new AppError('NOT_FOUND', `S3 object "${what.key}" does not exist in bucket "${what.bucket}"`, { details: { ...details, field: 'key' } });
  }
  if (['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AuthorizationHeaderMalformed'].includes(name) || status === 403) {
    return new AppError('UPSTREAM_REJECTED', `S3 refused pipegraph's credentials (${name || `HTTP ${status}`}); check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_REGION`, { details });
  }
  if (status === undefined || status >= 500 || UNAVAILABLE_CODES.has(name) || e.$fault === 'server') {
    return new AppError('UPSTREAM_UNAVAILABLE', `S3 unavailable${e.code ? ` (${e.code})` : ''}`, { details, cause: error });
  }
  return new AppError('UPSTREAM_REJECTED', `S3 rejected the request (${name || `HTTP ${status}`}): ${String(e.message ?? '').split('\n')[0]}`, { details });
}
