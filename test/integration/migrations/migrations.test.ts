import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../../embedded/postgres';
import { migrate, readMigrations } from '../../../src/adapters/postgres/migrator';
import { createPool, type Pool } from '../../../src/adapters/postgres/pool';
import { createLogger } from '../../../src/logging/logger';
import { createLeftovers } from '../../helpers/leftovers';

interface Target {
  url: string;
  dispose(): Promise<void>;
}

/** A database on the server behind DATABASE_URL, named pg_mig_<random>, dropped afterwards. */
async function throwawayServerDatabase(serverUrl: string): Promise<Target> {
  const name = `pg_mig_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function embeddedDatabase(): Promise<Target> {
  const embedded = await startEmbeddedPostgres({ port: 0 });
  return { url: embedded.url, dispose: embedded.stop };
}

const targets: Array<[string, () => Promise<Target>]> = [['embedded PGlite', embeddedDatabase]];
const serverUrl = process.env.DATABASE_URL;
if (serverUrl) targets.push(['the PostgreSQL server at DATABASE_URL', () => throwawayServerDatabase(serverUrl)]);
else console.info('migrations: DATABASE_URL unset, so only embedded PGlite is migrated here (CI repeats this against PostgreSQL 15)');

describe.each(targets)('migrations on %s', (_label, open) => {
  const leftovers = createLeftovers();
  let pool: Pool;
  let url: string;

  beforeAll(async () => {
    const target = await open();
    leftovers.add(() => target.dispose());
    url = target.url;
    pool = createPool({ url, max: 2 }, createLogger({ level: 'silent' }));
    leftovers.add(() => pool.end());
  });
  afterAll(() => leftovers.drain());

  const all = readMigrations();

  it('applies every numbered file in order and records each in schema_migrations', async () => {
    expect(all.map((m) => m.name).slice(0, 3)).toEqual(['0001_dimensions.sql', '0002_clickstream_events.sql', '0003_audit_log.sql']);
    expect(await migrate(pool)).toEqual(all.map((m) => m.name));
    const { rows } = await pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(all.map((m) => ({ version: m.version, name: m.name })));
  });

  it('creates the tables, the clickstream primary key and the indexes', async () => {
    const tables = await pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.rows.map((r) => r.tablename)).toEqual(
      expect.arrayContaining(['audit_log', 'clickstream_events', 'connector_auto_restart', 'devices', 'schema_migrations', 'urls', 'users']),
    );
    const columns = await pool.query(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'clickstream_events' ORDER BY ordinal_position`,
    );
    expect(columns.rows.map((r) => r.column_name)).toEqual(['timestamp', 'user_id', 'device_id', 'url', 'user_name', 'device_type', 'url_category']);
    const pk = await pool.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'clickstream_events'::regclass AND contype = 'p'`);
    expect(pk.rows[0].def).toBe('PRIMARY KEY (user_id, "timestamp")');
    const indexes = await pool.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`);
    expect(indexes.rows.map((r) => r.indexname)).toEqual(
      expect.arrayContaining([
        'clickstream_events_ts_idx',
        'clickstream_events_category_ts_idx',
        'clickstream_events_device_ts_idx',
        'audit_log_target_idx',
        'audit_log_operation_idx',
      ]),
    );
  });

  it('does nothing when run again', async () => {
    const before = (await pool.query('SELECT version, applied_at FROM schema_migrations ORDER BY version')).rows;
    expect(await migrate(pool)).toEqual([]);
    expect((await pool.query('SELECT version, applied_at FROM schema_migrations ORDER BY version')).rows).toEqual(before);
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const broken = { version: 9_999, name: '9999_broken.sql', sql: 'CREATE TABLE half_done (id int); SELECT no_such_column FROM half_done;' };
    await expect(migrate(pool, [...all, broken])).rejects.toThrow('migration 9999_broken.sql failed');
    const table = await pool.query(`SELECT to_regclass('public.half_done') AS t`);
    expect(table.rows[0].t).toBeNull();
    const recorded = await pool.query('SELECT count(*)::int AS n FROM schema_migrations WHERE version = 9999');
    expect(recorded.rows[0].n).toBe(0);
  });
});
