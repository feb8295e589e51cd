import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../../embedded/postgres';
import { migrate } from '../../../src/adapters/postgres/migrator';

describe('embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipegraph-pg-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps migrated tables and rows across a restart on the same data dir', async () => {
    const first = await startEmbeddedPostgres({ port: 0, dataDir });
    try {
      const pool = new pg.Pool({ connectionString: first.url, max: 2 });
      try {
        // Planes may add later migrations; the first three are always there.
        expect((await migrate(pool)).slice(0, 3)).toEqual(['0001_dimensions.sql', '0002_clickstream_events.sql', '0003_audit_log.sql']);
        await pool.query(`INSERT INTO urls (url, url_category) VALUES ('https://example.com/a', 'news')`);
      } finally {
        await pool.end();
      }
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ port: 0, dataDir });
    try {
      const client = new pg.Client(second.url);
      await client.connect();
      try {
        const { rows } = await client.query('SELECT url_category FROM urls');
        expect(rows).toEqual([{ url_category: 'news' }]);
        const pool = new pg.Pool({ connectionString: second.url, max: 1 });
        expect(await migrate(pool)).toEqual([]);
        await pool.end();
      } finally {
        await client.end();
      }
    } finally {
      await second.stop();
    }
  });

  it('serves several pg connections at once', async () => {
    const server = await startEmbeddedPostgres({ port: 0 });
    const pool = new pg.Pool({ connectionString: server.url, max: 4 });
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.query('SELECT $1::int AS n', [i])));
      expect(results.map((r) => r.rows[0].n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await pool.end();
      await server.stop();
    }
  });
});
