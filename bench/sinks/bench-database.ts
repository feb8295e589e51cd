import pg from 'pg';
import { createDimensionsRepository } from '../../src/adapters/postgres/dimensions-repository';
import { migrate } from '../../src/adapters/postgres/migrator';
import { createPool } from '../../src/adapters/postgres/pool';
import { createLogger } from '../../src/logging/logger';
import { DEMO_DEVICE_COUNT, DEMO_URLS, DEMO_USER_COUNT, demoDevice, demoUser } from '../../src/pipeline/demo/demo-data';

/** The benchmark's own database on the real PostgreSQL; never the one tests or the app use. */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pipegraph_bench';

/**
 * Creates the database if needed, migrates it and loads `rows` clickstream events (1,000,000 by default) in one
 * INSERT … SELECT over generate_series, so loading takes seconds, not minutes. Idempotent: a database that already
 * holds exactly `rows` events is left alone.
 */
export async function prepareBenchDatabase(rows: number, log: (line: string) => void): Promise<void> {
  const url = new URL(BENCH_DATABASE_URL);
  const name = url.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bench database name must be a plain identifier, got ${name}`);
  const adminUrl = new URL(BENCH_DATABASE_URL);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${name}`);
      log(`created database ${name}`);
    }
  } finally {
    await admin.end();
  }

  const pool = createPool({ url: BENCH_DATABASE_URL, max: 2, statementTimeoutMs: 600_000 }, createLogger({ level: 'silent' }));
  try {
    await migrate(pool);
    const { rows: counted } = await pool.query('SELECT count(*)::int AS n FROM clickstream_events');
    if (counted[0].n === rows) {
      log(`clickstream_events already holds ${rows} rows`);
      return;
    }
    const dimensions = createDimensionsRepository(pool);
    await dimensions.upsertUsers(Array.from({ length: DEMO_USER_COUNT }, (_, i) => demoUser(i + 1)));
    await dimensions.upsertDevices(Array.from({ length: DEMO_DEVICE_COUNT }, (_, i) => demoDevice(i + 1)));
    await dimensions.upsertUrls(DEMO_URLS);
    const started = Date.now();
    await pool.query('TRUNCATE clickstream_events');
    // One event every 2.592 s over 30 days; users, devices and urls spread by multiplicative hashing, so the
    // url_category filter keeps 1 in 8 rows scattered through time, like real traffic.
    await pool.query(
      `INSERT INTO clickstream_events ("timestamp", user_id, device_id, url, user_name, device_type, url_category)
       SELECT timestamptz '2025-01-01 00:00:00+00' + g * interval '2592 milliseconds',
              1 + (g * 7919) % $2, d.device_id, u.url, us.user_name, d.device_type, u.url_category
       FROM generate_series(1, $1::bigint) AS g
       JOIN users us ON us.user_id = 1 + (g * 7919) % $2
       JOIN devices d ON d.device_id = 1 + (g * 104729) % $3
       JOIN (SELECT url, url_category, row_number() OVER (ORDER BY url) - 1 AS i FROM urls) u ON u.i = (g * 31337) % $4`,
      [rows, DEMO_USER_COUNT, DEMO_DEVICE_COUNT, DEMO_URLS.length],
    );
    await pool.query('VACUUM ANALYZE clickstream_events');
    log(`loaded ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await pool.end();
  }
}
