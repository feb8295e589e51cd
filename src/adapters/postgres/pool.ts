import pg from 'pg';
import type { Logger } from '../../logging/logger';

export interface PoolOptions {
  url: string;
  /** @default 10 */
  max?: number;
  /** Server-side statement timeout; a runaway query is cancelled rather than holding a connection. @default 10_000 */
  statementTimeoutMs?: number;
}

// int8 (bigint) and numeric arrive as strings by default; counts fit in a double, so parse int8 as a number and keep
// numeric as a string (exact). COUNT(*) results and bigserial ids are well below 2^53 in practice.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function createPool({ url, max = 10, statementTimeoutMs = 10_000 }: PoolOptions, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    statement_timeout: statementTimeoutMs,
    connectionTimeoutMillis: 5_000,
    application_name: 'pipegraph',
  });
  // An idle client losing its server must not crash the process; the next checkout reconnects.
  pool.on('error', (error) => logger.warn({ err: error.message }, 'idle postgres client error'));
  // Nor one that breaks while checked out (its query fails and is mapped; the event alone would be fatal).
  pool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error.message }, 'postgres connection error')));
  return pool;
}

export type Pool = pg.Pool;
