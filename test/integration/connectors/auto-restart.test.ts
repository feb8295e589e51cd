import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import pg from 'pg';
import { metricsRegistry } from '../../../src/observability/metrics';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';
import { startConnectStub } from './connect-stub';

const KEYS = { viewer: 'viewer-key-0123456789', operator: 'operator-key-0123456789', admin: 'admin-key-0123456789ab' };
// One backoff unit of 150 ms: restarts at once, then after 300 ms, 900 ms, 1.8 s, 3 s…
const UNIT_MS = 150;

let app: TestApp;
let admin: Admin;
let producer: Producer;
let db: pg.Client;
/** A Connect 2.8 cluster ("legacy"): no KIP-745 restart, so FAILED tasks are restarted one by one. */
let legacy: Awaited<ReturnType<typeof startConnectStub>>;

async function gql(query: string, variables: Record<string, unknown> = {}, role: keyof typeof KEYS = 'operator') {
  return (await app.request(query, variables, { apiKey: KEYS[role] })).body;
}

const AUTO_RESTART = 'autoRestart { enabled count maxRestarts lastRestartAt nextRestartAt }';
const SET = `mutation ($name: String!, $enabled: Boolean!, $max: Int) {
  setConnectorAutoRestart(name: $name, enabled: $enabled, maxRestarts: $max) { name state ${AUTO_RESTART} } }`;

async function connector(name: string) {
  const { data } = await gql(`query ($name: String!) { connector(name: $name) { name state tasks { state trace } ${AUTO_RESTART} } }`, { name });
  return data.connector;
}

async function auditRestarts(name: string): Promise<Array<{ caller_id: string; caller_role: string; outcome: string; input: Record<string, unknown> }>> {
  const { rows } = await db.query(`SELECT caller_id, caller_role, outcome, input FROM audit_log WHERE operation = 'autoRestartConnector' AND target = $1 ORDER BY id`, [`connectors/default/${name}`]);
  return rows;
}

/** A JDBC sink (errors.tolerance none) whose table does not exist and may not be created: its task FAILS on the first record. */
async function createFailingSink(name: string, topic: string, table: string) {
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  // A schema'd record (JsonConverter envelope), so the task fails on the missing table, not on the record's shape.
  const schema = { type: 'struct', optional: false, fields: [{ field: 'id', type: 'int32', optional: false }, { field: 'item', type: 'string', optional: false }] };
  await producer.send({ topic, messages: [{ value: JSON.stringify({ schema, payload: { id: 1, item: 'first' } }) }] });
  const url = new URL(app.endpoints.databaseUrl);
  const { errors } = await gql(`mutation ($name: String!, $config: JSONObject!) { createConnector(name: $name, config: $config) { name } }`, {
    name,
    config: {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      topics: topic,
      'connection.url': `jdbc:postgresql://${url.hostname}:${url.port}${url.pathname}`,
      'connection.user': decodeURIComponent(url.username || 'postgres'),
      'table.name.format': table,
      'auto.create': 'false',
      'insert.mode': 'insert',
      'tasks.max': '1',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    },
  });
  expect(errors).toBeUndefined();
  await waitFor(async () => (await connector(name)).tasks[0]?.state === 'FAILED', { what: `${name} task FAILED`, timeoutMs: 20_000 });
}

beforeAll(async () => {
  legacy = await startConnectStub('2.8.2');
  app = await startTestApp({
    backends: ['connect'],
    env: {
      API_KEYS: `watcher:viewer:${KEYS.viewer},ops:operator:${KEYS.operator},boss:admin:${KEYS.admin}`,
      CONNECT_STATUS_POLL_MS: '100',
      CONNECT_AUTO_RESTART_UNIT_MS: String(UNIT_MS),
      CONNECT_CLUSTERS: `legacy=${legacy.url}`,
    },
  });
  const kafka = new Kafka({ brokers: app.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  db = new pg.Client({ connectionString: app.endpoints.databaseUrl });
  await db.connect();
}, 60_000);

afterAll(async () => {
  await db?.end().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  await admin?.disconnect().catch(() => undefined);
  await app?.stop();
  await legacy?.stop();
});

describe('connector auto-restart against the embedded Connect worker', () => {
  test('restarts a sink whose task FAILED, again and again while it keeps failing, counting and auditing each restart, until the cause is fixed', async () => {
    await createFailingSink('ar-orders-sink', 'ar-orders', 'ar_orders');
    // Nothing restarts a connector without a policy.
    expect((await connector('ar-orders-sink')).autoRestart).toBeNull();

    const set = await gql(SET, { name: 'ar-orders-sink', enabled: true, max: null });
    expect(set.errors).toBeUndefined();
    // The poller may already have made the first restart by the time the answer is built.
    expect(set.data.setConnectorAutoRestart).toMatchObject({ name: 'ar-orders-sink', autoRestart: { enabled: true, maxRestarts: null } });
    expect(set.data.setConnectorAutoRestart.autoRestart.count).toBeLessThanOrEqual(1);

    // The task fails again on the same record after every restart: the count climbs.
    const twice = await waitFor(async () => {
      const c = await connector('ar-orders-sink');
      return c.autoRestart.count >= 2 && c;
    }, { what: 'two automatic restarts', timeoutMs: 20_000 });
    expect(twice.autoRestart.lastRestartAt).toEqual(expect.any(String));
    // The count is claimed before the restart is made; its audit row is written once Connect answered.
    const audited = await waitFor(async () => {
      const rows = await auditRestarts('ar-orders-sink');
      return rows.length >= 2 && rows;
    }, { what: 'two audited restarts', timeoutMs: 10_000 });
    expect(audited[0]).toMatchObject({ caller_id: 'auto-restart', caller_role: 'system', outcome: 'ok', input: { cluster: 'default', restart: 1, failedTasks: [0] } });
    expect(audited[1]!.input).toMatchObject({ restart: 2 });
    expect(await metricsRegistry.getSingleMetricAsString('pipegraph_connector_auto_restarts_total')).toMatch(/pipegraph_connector_auto_restarts_total\{cluster="default",outcome="ok"\} (?:[2-9]|\d{2,})\b/);
    // Fix the cause: the next automatic restart brings the task up and the record lands.
    await db.query('CREATE TABLE ar_orders (id integer PRIMARY KEY, item text)');
    await waitFor(async () => (await db.query('SELECT item FROM ar_orders')).rows[0]?.item === 'first', { what: 'the record written after a restart', timeoutMs: 30_000 });
    const running = await waitFor(async () => {
      const c = await connector('ar-orders-sink');
      return c.state === 'RUNNING' && c.tasks[0].state === 'RUNNING' && c;
    }, { what: 'sink RUNNING' });
    expect(running.autoRestart.nextRestartAt).toBeNull();
    // Stable for as long as the next backoff: the count goes back to 0.
    await waitFor(async () => (await connector('ar-orders-sink')).autoRestart.count === 0, { what: 'count reset', timeoutMs: 30_000 });
  }, 90_000);

  test('stops after maxRestarts and leaves the connector FAILED with no next restart', async () => {
    await createFailingSink('ar-capped-sink', 'ar-capped', 'ar_capped_missing');
    const set = await gql(SET, { name: 'ar-capped-sink', enabled: true, max: 2 });
    expect(set.errors).toBeUndefined();
    const spent = await waitFor(async () => {
      const c = await connector('ar-capped-sink');
      return c.autoRestart.count === 2 && c.tasks[0]?.state === 'FAILED' && c;
    }, { what: 'two restarts, then FAILED', timeoutMs: 20_000 });
    expect(spent.autoRestart).toMatchObject({ enabled: true, count: 2, maxRestarts: 2, nextRestartAt: null });
    // A third restart would be due 6 units after the second; let the poller pass that point several times.
    const polls = app.container.services.connectors.statusPollCount();
    await waitFor(() => app.container.services.connectors.statusPollCount() >= polls + Math.ceil((8 * UNIT_MS) / 100), { what: 'more polls', timeoutMs: 20_000 });
    expect((await connector('ar-capped-sink')).autoRestart.count).toBe(2);
    expect(await auditRestarts('ar-capped-sink')).toHaveLength(2);
  }, 60_000);

  test('on a Connect older than 3.0 restarts only the FAILED task, with the per-task endpoint', async () => {
    const info = { name: 'legacy-sink', config: { 'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', topics: 't' }, tasks: [], type: 'sink' };
    const status = {
      name: 'legacy-sink',
      connector: { state: 'RUNNING', worker_id: 'w:8083' },
      tasks: [
        { id: 0, state: 'RUNNING', worker_id: 'w:8083' },
        { id: 1, state: 'FAILED', worker_id: 'w:8083', trace: 'org.apache.kafka.connect.errors.ConnectException: boom' },
      ],
      type: 'sink',
    };
    legacy.on((call) => (call.method === 'GET' && call.path === '/connectors' ? { status: 200, body: call.query.includes('expand') ? { 'legacy-sink': { status, info } } : ['legacy-sink'] } : undefined));
    legacy.on((call) => (call.method === 'GET' && call.path === '/connectors/legacy-sink' ? { status: 200, body: info } : undefined));
    legacy.on((call) => (call.method === 'GET' && call.path === '/connectors/legacy-sink/status' ? { status: 200, body: status } : undefined));
    legacy.on((call) => (call.method === 'POST' ? { status: 204 } : undefined));

    const { errors } = await gql('mutation { setConnectorAutoRestart(name: "legacy-sink", enabled: true, cluster: "legacy") { cluster autoRestart { enabled } } }');
    expect(errors).toBeUndefined();
    await waitFor(() => legacy.calls.some((c) => c.method === 'POST'), { what: 'a restart call', timeoutMs: 20_000 });
    expect(legacy.calls.filter((c) => c.method === 'POST').map((c) => `${c.path}${c.query}`)).toEqual(['/connectors/legacy-sink/tasks/1/restart']);
    const audited = await waitFor(async () => (await db.query(`SELECT caller_id, input FROM audit_log WHERE operation = 'autoRestartConnector' AND target = 'connectors/legacy/legacy-sink'`)).rows[0]);
    expect(audited).toEqual({ caller_id: 'auto-restart', input: { cluster: 'legacy', restart: 1, maxRestarts: null, connectorState: 'RUNNING', failedTasks: [1] } });
  });

  test('lists the policy with every connector of a connectors query', async () => {
    const { data, errors } = await gql(`{ connectors { name ${AUTO_RESTART} } }`, {}, 'viewer');
    expect(errors).toBeUndefined();
    const byName = Object.fromEntries(data.connectors.map((c: any) => [c.name, c.autoRestart]));
    expect(byName['ar-capped-sink']).toMatchObject({ enabled: true, maxRestarts: 2 });
    expect(byName['ar-orders-sink']).toMatchObject({ enabled: true, maxRestarts: null });
  });
});

describe('setConnectorAutoRestart input and roles', () => {
  const stored = async (name: string) => (await db.query('SELECT count(*)::int AS n FROM connector_auto_restart WHERE connector = $1', [name])).rows[0].n;

  test.each([
    ['maxRestarts 0 as a literal', `mutation { setConnectorAutoRestart(name: "ar-plain", enabled: true, maxRestarts: 0) { name } }`, {}, 'maxRestarts'],
    ['maxRestarts -1 as a variable', SET, { name: 'ar-plain', enabled: true, max: -1 }, 'maxRestarts'],
    ['an empty name as a literal', `mutation { setConnectorAutoRestart(name: "", enabled: true) { name } }`, {}, 'name'],
    ['an empty name as a variable', SET, { name: '', enabled: true }, 'name'],
    ['an unknown cluster as a literal', `mutation { setConnectorAutoRestart(name: "ar-plain", enabled: true, cluster: "nope") { name } }`, {}, 'cluster'],
  ])('refuses %s with BAD_USER_INPUT naming the field and stores nothing', async (_what, query, variables, field) => {
    const { errors, data } = await gql(query, variables);
    expect(data?.setConnectorAutoRestart ?? null).toBeNull();
    expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', retriable: false, details: { field } });
    expect(await stored('ar-plain')).toBe(0);
    expect(await stored('')).toBe(0);
  });

  // graphql-js refuses these before any resolver runs: a literal's error points at it (locations), a variable's names it.
  test.each([
    ['a string maxRestarts as a literal', `mutation { setConnectorAutoRestart(name: "ar-plain", enabled: true, maxRestarts: "3") { name } }`, {}, /Int cannot represent/],
    ['a missing enabled as a variable', SET, { name: 'ar-plain' }, /\$enabled/],
    ['a string enabled as a variable', SET, { name: 'ar-plain', enabled: 'yes' }, /\$enabled/],
  ])('refuses %s with BAD_USER_INPUT and stores nothing', async (_what, query, variables, message) => {
    const { errors } = await gql(query, variables);
    expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(errors[0].message).toMatch(message);
    expect(errors[0].locations).toEqual([expect.objectContaining({ line: 1 })]);
    expect(await stored('ar-plain')).toBe(0);
  });

  test.each([
    ['a literal', `mutation { setConnectorAutoRestart(name: "no-such-connector", enabled: true) { name } }`, {}],
    ['a variable', SET, { name: 'no-such-connector', enabled: true }],
  ])('answers NOT_FOUND for an unknown connector given as %s, and stores nothing', async (_what, query, variables) => {
    const { errors } = await gql(query, variables);
    expect(errors[0].extensions.code).toBe('NOT_FOUND');
    expect(await stored('no-such-connector')).toBe(0);
  });

  test('needs the operator role: a viewer is FORBIDDEN and nothing is stored', async () => {
    await createFailingSink('ar-plain', 'ar-plain', 'ar_plain_missing');
    const { errors } = await gql(SET, { name: 'ar-plain', enabled: true }, 'viewer');
    expect(errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await stored('ar-plain')).toBe(0);
    expect((await connector('ar-plain')).autoRestart).toBeNull();
  }, 30_000);

  test('is audited like the other control mutations', async () => {
    const { errors } = await gql(SET, { name: 'ar-plain', enabled: false, max: 4 });
    expect(errors).toBeUndefined();
    const { rows } = await db.query(`SELECT caller_id, outcome, input FROM audit_log WHERE operation = 'setConnectorAutoRestart' AND target = 'connectors/default/ar-plain' ORDER BY id DESC LIMIT 1`);
    expect(rows[0]).toEqual({ caller_id: 'ops', outcome: 'ok', input: { cluster: 'default', enabled: false, maxRestarts: 4 } });
    expect((await connector('ar-plain')).autoRestart).toMatchObject({ enabled: false, maxRestarts: 4, nextRestartAt: null });
  });
});

test('deleting a connector drops its auto-restart policy', async () => {
  await gql(SET, { name: 'ar-orders-sink', enabled: true, max: 3 });
  const { errors } = await gql('mutation { deleteConnector(name: "ar-orders-sink") { deleted } }', {}, 'admin');
  expect(errors).toBeUndefined();
  expect((await db.query(`SELECT count(*)::int AS n FROM connector_auto_restart WHERE connector = 'ar-orders-sink'`)).rows[0].n).toBe(0);
});
