import pino from 'pino';
import type { ConnectorStatus } from '../../../src/adapters/kafka-connect';
import type { AutoRestartRow } from '../../../src/adapters/postgres/auto-restart-repository';
import type { Caller } from '../../../src/auth/roles';
import { AppError } from '../../../src/errors/app-error';
import type { AuditEntry } from '../../../src/services/audit/audit-service';
import type { AutoRestartClusters, AutoRestartStore } from '../../../src/services/connectors/auto-restart-port';
import { createAutoRestarter } from '../../../src/services/connectors/auto-restarter';

const UNIT = 1_000;
const logger = pino({ level: 'silent' });
const operator: Caller = { id: 'ops', role: 'operator', via: 'api-key' };

const status = (name: string, connector: string, tasks: string[]): ConnectorStatus => ({
  name,
  connector: { state: connector as ConnectorStatus['connector']['state'], worker_id: 'w' },
  tasks: tasks.map((state, id) => ({ id, state: state as ConnectorStatus['connector']['state'], worker_id: 'w' })),
  type: 'sink',
});
const statuses = (...list: ConnectorStatus[]) => new Map(list.map((s) => [s.name, s]));

/** The repository's contract in memory, including the compare-and-set claim. */
function memoryStore(): AutoRestartStore & { rows: Map<string, AutoRestartRow> } {
  const rows = new Map<string, AutoRestartRow>();
  const k = (cluster: string, connector: string) => `${cluster}/${connector}`;
  return {
    rows,
    find: async (cluster, names) => [...rows.values()].filter((r) => r.cluster === cluster && names.includes(r.connector)).map((r) => ({ ...r })),
    list: async (cluster) => [...rows.values()].filter((r) => r.cluster === cluster).map((r) => ({ ...r })),
    upsert: async ({ cluster, connector, enabled, maxRestarts }) => {
      const before = rows.get(k(cluster, connector));
      const row = { cluster, connector, enabled, maxRestarts, count: before && (before.enabled || !enabled) ? before.count : 0, lastRestartAt: before?.lastRestartAt ?? null };
      rows.set(k(cluster, connector), row);
      return { ...row };
    },
    insertIfAbsent: async (cluster, connector) => {
      if (!rows.has(k(cluster, connector))) rows.set(k(cluster, connector), { cluster, connector, enabled: true, maxRestarts: null, count: 0, lastRestartAt: null });
    },
    claimRestart: async (cluster, connector, expected, at) => {
      const row = rows.get(k(cluster, connector));
      if (!row || !row.enabled || row.count !== expected) return false;
      row.count++;
      row.lastRestartAt = at;
      return true;
    },
    resetCount: async (cluster, connector, expected) => {
      const row = rows.get(k(cluster, connector));
      if (row && row.count === expected) row.count = 0;
    },
    remove: async (cluster, connector) => void rows.delete(k(cluster, connector)),
  };
}

function fakeConnect(known: string[] = ['sink']) {
  const restarts: Array<{ name: string; includeTasks?: boolean; onlyFailed?: boolean }> = [];
  let failWith: Error | undefined;
  const client = {
    name: 'default',
    connector: async (name: string) => {
      if (!known.includes(name)) throw new AppError('NOT_FOUND', `connector ${name} not found`);
      return { name, config: {}, tasks: [], type: 'sink' as const };
    },
    restartConnector: async (name: string, flags: { includeTasks?: boolean; onlyFailed?: boolean } = {}) => {
      if (failWith) throw failWith;
      restarts.push({ name, ...flags });
      return null;
    },
  };
  const clusters: AutoRestartClusters = {
    get: (cluster) => {
      if (cluster && cluster !== 'default') throw new AppError('BAD_USER_INPUT', 'unknown cluster', { details: { field: 'cluster' } });
      return client;
    },
  };
  return { clusters, restarts, failNext: (error: Error | undefined) => (failWith = error) };
}

function fakeAudit() {
  const entries: AuditEntry[] = [];
  return {
    entries,
    record: async (entry: AuditEntry) => void entries.push(entry),
    async wrap<T>(caller: Caller, operation: string, target: string, input: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
      try {
        const result = await run();
        entries.push({ callerId: caller.id, callerRole: caller.role, operation, target, input, outcome: 'ok', durationMs: 0 });
        return result;
      } catch (error) {
        entries.push({ callerId: caller.id, callerRole: caller.role, operation, target, input, outcome: 'error', errorCode: (error as AppError).code, durationMs: 0 });
        throw error;
      }
    },
  };
}

function setup() {
  let clock = Date.UTC(2026, 0, 1);
  const store = memoryStore();
  const connect = fakeConnect();
  const audit = fakeAudit();
  const make = () => createAutoRestarter({ store, clusters: connect.clusters, audit, logger, backoffUnitMs: UNIT, now: () => clock });
  return { store, connect, audit, restarter: make(), make, advance: (ms: number) => (clock += ms), now: () => clock };
}

const failing = statuses(status('sink', 'RUNNING', ['FAILED']));
const healthy = statuses(status('sink', 'RUNNING', ['RUNNING']));

describe('the auto-restarter on each status poll', () => {
  test('restarts a connector with a FAILED task at once (includeTasks, onlyFailed), counts it and audits it', async () => {
    const { store, connect, audit, restarter, now } = setup();
    await store.upsert({ cluster: 'default', connector: 'sink', enabled: true, maxRestarts: null });
    await restarter.check('default', failing);
    expect(connect.restarts).toEqual([{ name: 'sink', includeTasks: true, onlyFailed: true }]);
    expect(store.rows.get('default/sink')).toMatchObject({ count: 1, lastRestartAt: new Date(now()) });
    expect(audit.entries).toEqual([
      expect.objectContaining({
        callerId: 'auto-restart',
        callerRole: 'system',
        operation: 'autoRestartConnector',
        target: 'connectors/default/sink',
        outcome: 'ok',
        input: { cluster: 'default', restart: 1, maxRestarts: null, connectorState: 'RUNNING', failedTasks: [0] },
      }),
    ]);
  });

  test('waits 2 units after the first restart and 6 after the second before restarting again', async () => {
    const { store, connect, restarter, advance } = setup();
    await store.upsert({ cluster: 'default', connector: 'sink', enabled: true, maxRestarts: null });
    await restarter.check('default', failing);
    advance(2 * UNIT - 1);
    await restarter.check('default', failing);
    expect(connect.restarts).toHaveLength(1);
    advance(1);
    await restarter.check('default', failing);
    expect(connect.restarts).toHaveLength(2);
    advance(6 * UNIT - 1);
    await restarter.check('default', failing);
    expect(connect.restarts).toHaveLength(2);
    advance(1);
    await restarter.check('default', failing);
    expect(connect.restarts).toHaveLength(3);
    expect(store.rows.get('default/sink')!.count).toBe(3);
  });

  test('gives up after maxRestarts and leaves the connector FAILED', async () => {
    const { store, connect, restarter, advance } = setup();
    await store.upsert({ cluster: 'default', connector: 'sink', enabled: true, maxRestarts: 2 });
    for (let i = 0; i < 6; i++) {
      await restarter.check('default', failing);
      advance(60 * UNIT);
    }
    expect(connect.restarts).toHaveLength(2);
    expect(store.rows.get('default/sink')!.count).toBe(2);
  });

  test('restarts a FAILED connector itself, and never one without a policy, disabled, or PAUSED', async () => {
    const { store, connect, restarter } = setup();
    await store.upsert({ cluster: 'default', connector: 'off', enabled: false, maxRestarts: null });
    await store.upsert({ cluster: 'default', connector: 'paused', enabled: true, maxRestarts: null });
    await store.upsert({ cluster: 'default', connector: 'broken', enabled: true, maxRestarts: null });
    await restarter.check(
      'default',
      statuses(status('none', 'FAILED', []), status('off', 'FAILED', []), status('paused', 'PAUSED', ['FAILED']), status('broken', 'FAILED', ['RUNNING'])),
    );
    expect(connect.restarts.map((r) => r.name)).toEqual(['broken']);
  });

  test('two instances polling the same cluster restart one failure once', async () => {
    const { make, connect, store } = setup();
    await store.upsert({ cluster: 'default', connector: 'sink', enabled: true, maxRestarts: null });
    const [a, b] = [make(), make()];
    await Promise.all([a.check('default', failing), b.check('default', failing)]);
    expect(connect.restarts).toHaveLength(1);
    expect(store.rows.get('default/sink')!.count).toBe(1);
  });

  test('resets the count after the connector ran without a break for as long as the next backoff', async () => {
    const { store, restarter, advance } = setup();
    await store.upsert({ cluster: 'default', connector: 'sink', enabled: true, maxRestarts: null });
    await restarter.check('default', failing);
    advance(UNIT);
    await restarter.check('default', healthy);
    advance(UNIT);
    await restarter.check('default', statuses(status('sink', 'RUNNING', ['RESTARTING'])));
    advance(UNIT);
    await restarter.check('default', healthy);
    advance(2 * UNIT - 1);
    await restarter.check('default', healthy);
    expect(store.rows.get('default/sink')!.count).toBe(1);
    advance(1);
    await restarter.check('default', healthy);
    expect(store.rows.get('default/sink')!.count).toBe(0);
  });

  test('a restart Connect refuses is audited as an error, still counted, and polling goes on', async () => {
    const { store, connect, audit, restarter, advance } = setup();
    await store.upsert({ cluster: 'default', connector: 'sink', enabled: true, maxRestarts: null });
    connect.failNext(new AppError('UPSTREAM_UNAVAILABLE', 'Connect is down'));
    await restarter.check('default', failing);
    expect(audit.entries.at(-1)).toMatchObject({ operation: 'autoRestartConnector', outcome: 'error', errorCode: 'UPSTREAM_UNAVAILABLE' });
    expect(store.rows.get('default/sink')!.count).toBe(1);
    connect.failNext(undefined);
    advance(2 * UNIT);
    await restarter.check('default', failing);
    expect(connect.restarts).toHaveLength(1);
    expect(audit.entries.at(-1)).toMatchObject({ outcome: 'ok', input: expect.objectContaining({ restart: 2 }) });
  });
});

describe('setting a policy', () => {
  const refusals: Array<[string, { name: string; enabled: boolean; maxRestarts?: number | null }, string]> = [
    ['an empty name', { name: '', enabled: true }, 'name'],
    ['maxRestarts 0', { name: 'sink', enabled: true, maxRestarts: 0 }, 'maxRestarts'],
    ['a negative maxRestarts', { name: 'sink', enabled: true, maxRestarts: -3 }, 'maxRestarts'],
    ['a fractional maxRestarts', { name: 'sink', enabled: true, maxRestarts: 1.5 }, 'maxRestarts'],
    ['a maxRestarts above 10000', { name: 'sink', enabled: true, maxRestarts: 10_001 }, 'maxRestarts'],
  ];
  test.each(refusals)('refuses %s with BAD_USER_INPUT naming the field and stores nothing', async (_what, args, field) => {
    const { store, restarter } = setup();
    await expect(restarter.set(operator, args)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field } });
    expect(store.rows.size).toBe(0);
  });

  test('answers NOT_FOUND for a connector the cluster does not know, storing nothing, audited as an error', async () => {
    const { store, audit, restarter } = setup();
    await expect(restarter.set(operator, { name: 'ghost', enabled: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(store.rows.size).toBe(0);
    expect(audit.entries).toEqual([expect.objectContaining({ operation: 'setConnectorAutoRestart', target: 'connectors/default/ghost', outcome: 'error', errorCode: 'NOT_FOUND' })]);
  });

  test('turning a disabled policy back on starts a fresh count; changing maxRestarts keeps it', async () => {
    const { store, restarter } = setup();
    await restarter.set(operator, { name: 'sink', enabled: true, maxRestarts: 5 });
    await restarter.check('default', failing);
    await restarter.set(operator, { name: 'sink', enabled: true, maxRestarts: 9 });
    expect(store.rows.get('default/sink')).toMatchObject({ count: 1, maxRestarts: 9 });
    await restarter.set(operator, { name: 'sink', enabled: false });
    expect(store.rows.get('default/sink')).toMatchObject({ enabled: false, count: 1, maxRestarts: null });
    await restarter.set(operator, { name: 'sink', enabled: true });
    expect(store.rows.get('default/sink')).toMatchObject({ enabled: true, count: 0 });
  });

  test('the demo default enables only connectors without a policy', async () => {
    const { store, restarter } = setup();
    await restarter.set(operator, { name: 'sink', enabled: false });
    await restarter.enableUnlessSet('default', ['sink', 'datagen']);
    expect(store.rows.get('default/sink')!.enabled).toBe(false);
    expect(store.rows.get('default/datagen')).toMatchObject({ enabled: true, maxRestarts: null, count: 0 });
  });

  test('views: null without a policy, else where it stands with the next restart', async () => {
    const { restarter, now } = setup();
    await restarter.set(operator, { name: 'sink', enabled: true, maxRestarts: 3 });
    await restarter.check('default', failing);
    const views = await restarter.viewsOf([
      { cluster: 'default', name: 'sink', state: 'RUNNING', tasks: [{ state: 'FAILED' }] },
      { cluster: 'default', name: 'other', state: 'RUNNING', tasks: [] },
    ]);
    expect(views).toEqual([{ enabled: true, count: 1, maxRestarts: 3, lastRestartAt: new Date(now()), nextRestartAt: new Date(now() + 2 * UNIT) }, null]);
  });
});

describe('whether a poll is wanted', () => {
  test('only when some policy of the cluster is enabled; its read serves the check that follows', async () => {
    const { store, restarter, connect } = setup();
    expect(await restarter.wanted('default')).toBe(false);
    await store.upsert({ cluster: 'default', connector: 'sink', enabled: false, maxRestarts: null });
    expect(await restarter.wanted('default')).toBe(false);
    await store.upsert({ cluster: 'default', connector: 'sink', enabled: true, maxRestarts: null });
    let lists = 0;
    const list = store.list;
    store.list = async (cluster) => (lists++, list(cluster));
    expect(await restarter.wanted('default')).toBe(true);
    await restarter.check('default', failing);
    expect(lists).toBe(1);
    expect(connect.restarts).toHaveLength(1);
  });

  test('an unreadable store skips the poll instead of failing it', async () => {
    const { store, restarter } = setup();
    store.list = async () => {
      throw new AppError('UPSTREAM_UNAVAILABLE', 'database unavailable');
    };
    expect(await restarter.wanted('default')).toBe(false);
  });
});
