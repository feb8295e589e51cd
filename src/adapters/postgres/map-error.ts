import { AppError } from '../../errors/app-error';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * Maps pg and network errors to public codes. SQLSTATE classes: 08 connection, 57P0x shutdown, 53 resources,
 * 57014 statement timeout, 23505 unique violation, 23503 foreign key, 22xxx bad data, 42xxx bad SQL (our bug → masked).
 */
export function mapPostgresError(error: unknown): AppError | unknown {
  if (error instanceof AppError) return error;
  const err = error as { code?: string; message?: string };
  const code = err?.code ?? '';
  if (CONNECTION_CODES.has(code) || code.startsWith('08') || code.startsWith('57P0') || code.startsWith('53')) {
    return new AppError('UPSTREAM_UNAVAILABLE', 'database unavailable', { details: { upstream: 'postgres' }, cause: error });
  }
  if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(err?.message ?? '')) {
    return new AppError('UPSTREAM_UNAVAILABLE', 'database unavailable', { details: { upstream: 'postgres' }, cause: error });
  }
  if (code === '57014') {
    return new AppError('UPSTREAM_UNAVAILABLE', 'database query timed out', { details: { upstream: 'postgres' }, cause: error });
  }
  if (code === '23505') return new AppError('ALREADY_EXISTS', 'a row with this key already exists', { cause: error });
  if (code === '23503') return new AppError('CONFLICT', 'the change conflicts with related rows', { cause: error });
  if (code.startsWith('22')) return new AppError('BAD_USER_INPUT', 'a value is not valid for its column', { cause: error });
  return error;
}

/** Runs a database call and rethrows failures mapped to public codes. */
export async function withPostgresErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapPostgresError(error);
  }
}
