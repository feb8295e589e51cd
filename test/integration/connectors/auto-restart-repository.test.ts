import pino from 'pino';
import { createAutoRestartRepository, type AutoRestartRepository } from '../../../src/adapters/postgres/auto-restart-repository';
import { migrate } from '../../../src/adapters/postgres/migrator';
import { createPool, type Pool } from '../../../src/adapters/postgres/pool';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';

let database: TestDatabase;
let pool: Pool;
let repo: AutoRestartRepository;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool({ url: database.url, max: 4 }, pino({ level: 'silent' }));
  await migrate(pool);
  repo = createAutoRestartRepository(pool);
}, 60_000);

afterAll(async () => {
  await pool?.end().catch(() => undefined);
  await database?.drop();
});

describe('connector_auto_restart in PostgreSQL', () => {
  test('stores a policy, keeps the count when maxRestarts changes, and starts a fresh count when turned back on', async () => {
    expect(await repo.upsert({ cluster: 'default', connector: 'a', enabled: true, maxRestarts: 3 })).toEqual({ cluster: 'default', connector: 'a', enabled: true, maxRestarts: 3, count: 0, lastRestartAt: null });
    const at = new Date('2026-01-01T00:00:00.000Z');
    expect(await repo.claimRestart('default', 'a', 0, at)).toBe(true);
    expect(await repo.upsert({ cluster: 'default', connector: 'a', enabled: true, maxRestarts: 5 })).toMatchObject({ count: 1, maxRestarts: 5, lastRestartAt: at });
    expect(await repo.upsert({ cluster: 'default', connector: 'a', enabled: false, maxRestarts: null })).toMatchObject({ enabled: false, count: 1 });
    expect(await repo.upsert({ cluster: 'default', connector: 'a', enabled: true, maxRestarts: null })).toMatchObject({ enabled: true, count: 0 });
  });

  test('claims a restart only from the count it read, and only while enabled: concurrent claims make one restart', async () => {
    await repo.upsert({ cluster: 'default', connector: 'b', enabled: true, maxRestarts: null });
    const at = new Date();
    const claims = await Promise.all(Array.from({ length: 4 }, () => repo.claimRestart('default', 'b', 0, at)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await repo.find('default', ['b']))[0]).toMatchObject({ count: 1 });
    await repo.upsert({ cluster: 'default', connector: 'b', enabled: false, maxRestarts: null });
    expect(await repo.claimRestart('default', 'b', 1, at)).toBe(false);
  });

  test('resets the count only if nobody changed it since it was read', async () => {
    await repo.upsert({ cluster: 'default', connector: 'c', enabled: true, maxRestarts: null });
    await repo.claimRestart('default', 'c', 0, new Date());
    await repo.claimRestart('default', 'c', 1, new Date());
    await repo.resetCount('default', 'c', 1);
    expect((await repo.find('default', ['c']))[0]!.count).toBe(2);
    await repo.resetCount('default', 'c', 2);
    expect((await repo.find('default', ['c']))[0]!.count).toBe(0);
  });

  test('the demo default never overrides an existing policy; lists and finds by cluster', async () => {
    await repo.upsert({ cluster: 'other', connector: 'd', enabled: false, maxRestarts: 2 });
    await repo.insertIfAbsent('other', 'd');
    await repo.insertIfAbsent('other', 'e');
    const other = await repo.list('other');
    expect(other.map((r) => [r.connector, r.enabled, r.maxRestarts]).sort()).toEqual([['d', false, 2], ['e', true, null]]);
    expect((await repo.find('other', ['e', 'missing'])).map((r) => r.connector)).toEqual(['e']);
    expect(await repo.find('other', [])).toEqual([]);
  });

  test('removes a policy', async () => {
    await repo.upsert({ cluster: 'default', connector: 'g', enabled: true, maxRestarts: null });
    await repo.remove('default', 'g');
    expect(await repo.find('default', ['g'])).toEqual([]);
  });

  test('the table refuses a maxRestarts below 1 even if a caller skipped validation', async () => {
    await expect(repo.upsert({ cluster: 'default', connector: 'f', enabled: true, maxRestarts: 0 })).rejects.toBeDefined();
    expect(await repo.find('default', ['f'])).toEqual([]);
  });
});
