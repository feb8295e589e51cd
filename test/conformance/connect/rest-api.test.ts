import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../helpers/wait-for';
import { rest, startConnectFixture } from './connect-fixture';

type Fixture = Awaited<ReturnType<typeof startConnectFixture>>;

let fixture: Fixture;
let url: string;
let dir: string;
const call = <T = any>(method: string, path: string, body?: unknown) => rest<T>(url, method, path, body);

const datagen = (topic: string, extra: Record<string, string> = {}) => ({
  'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector',
  'kafka.topic': topic,
  quickstart: 'stock_trades',
  'max.interval': '0',
  iterations: '20',
  ...extra,
});

async function stateOf(name: string) {
  const { body } = await call('GET', `/connectors/${name}/status`);
  return { connector: body.connector?.state as string, tasks: (body.tasks ?? []).map((t: { state: string }) => t.state) as string[] };
}

const untilState = (name: string, connector: string, tasks?: string[]) =>
  waitFor(async () => {
    const state = await stateOf(name);
    return state.connector === connector && (!tasks || JSON.stringify(state.tasks) === JSON.stringify(tasks)) && state;
  }, { what: `${name} ${connector}` });

beforeAll(async () => {
  fixture = await startConnectFixture();
  url = (await fixture.startWorker()).url;
  dir = await mkdtemp(join(tmpdir(), 'connect-rest-'));
});
afterAll(async () => {
  await fixture.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('worker and plugins', () => {
  test('GET / reports the Kafka version and the Kafka cluster id', async () => {
    const { status, body } = await call('GET', '/');
    expect(status).toBe(200);
    expect(body).toEqual({ version: '3.9.0', commit: expect.any(String), kafka_cluster_id: expect.any(String) });
    expect(body.kafka_cluster_id.length).toBeGreaterThan(0);
  });

  test('GET /health answers healthy once started', async () => {
    expect(await call('GET', '/health')).toEqual({ status: 200, body: { status: 'healthy', message: expect.any(String) } });
  });

  test('lists connector plugins, and converters and transforms with connectorsOnly=false', async () => {
    const connectors = await call('GET', '/connector-plugins');
    expect(connectors.body.map((p: { class: string }) => p.class).sort()).toEqual([
      'io.confluent.connect.jdbc.JdbcSinkConnector',
      'io.confluent.connect.s3.S3SinkConnector',
      'io.confluent.kafka.connect.datagen.DatagenConnector',
      'org.apache.kafka.connect.file.FileStreamSinkConnector',
      'org.apache.kafka.connect.file.FileStreamSourceConnector',
    ]);
    const all = await call('GET', '/connector-plugins?connectorsOnly=false');
    const types = new Set(all.body.map((p: { type: string }) => p.type));
    expect([...types].sort()).toEqual(['converter', 'header_converter', 'predicate', 'sink', 'source', 'transformation']);
    expect(all.body).toContainEqual({ class: 'org.apache.kafka.connect.transforms.Cast$Value', type: 'transformation', version: '3.9.0' });
  });

  test('describes a plugin\'s config keys, and answers 404 for an unknown plugin', async () => {
    const { status, body } = await call('GET', '/connector-plugins/JdbcSinkConnector/config');
    expect(status).toBe(200);
    expect(body).toContainEqual(expect.objectContaining({ name: 'connection.url', type: 'STRING', required: true, importance: 'HIGH', group: 'Connection' }));
    expect(body).toContainEqual(expect.objectContaining({ name: 'connection.password', type: 'PASSWORD', required: false }));
    expect(await call('GET', '/connector-plugins/NoSuchConnector/config')).toEqual({ status: 404, body: { error_code: 404, message: 'Unknown plugin NoSuchConnector.' } });
  });

  test('validates a config with 200 and errors per field, even when invalid', async () => {
    const { status, body } = await call('PUT', '/connector-plugins/JdbcSinkConnector/config/validate', {
      'connector.class': 'JdbcSinkConnector',
      name: 'v',
      topics: 'a',
      'insert.mode': 'merge',
      'connection.password': 'hunter2',
      'tasks.max': 'zero',
    });
    expect(status).toBe(200);
    expect(body.name).toBe('io.confluent.connect.jdbc.JdbcSinkConnector');
    const errorsOf = (key: string) => body.configs.find((c: any) => c.value.name === key)?.value.errors;
    expect(errorsOf('connection.url')).toEqual(['Missing required configuration "connection.url" which has no default value.']);
    expect(errorsOf('insert.mode')).toEqual(['Invalid value merge for configuration insert.mode: String must be one of (case insensitive): insert, upsert, update']);
    expect(errorsOf('tasks.max')).toEqual(['Invalid value zero for configuration tasks.max: Not a number of type INT']);
    expect(body.configs.find((c: any) => c.value.name === 'connection.password').value.value).toBe('[hidden]');
    expect(body.error_count).toBe(3);
    expect(body.groups).toEqual(expect.arrayContaining(['Common', 'Error Handling', 'Connection', 'Writes']));
  });

  test('refuses to validate a config whose connector.class differs from the path with 400', async () => {
    const { status, body } = await call('PUT', '/connector-plugins/FileStreamSinkConnector/config/validate', { 'connector.class': 'JdbcSinkConnector' });
    expect(status).toBe(400);
    expect(body).toEqual({ error_code: 400, message: 'Included connector type JdbcSinkConnector does not match request type FileStreamSinkConnector' });
  });

  test('answers unknown paths with 404 and wrong methods with 405 in the error body format', async () => {
    expect(await call('GET', '/nope')).toEqual({ status: 404, body: { error_code: 404, message: 'HTTP 404 Not Found' } });
    expect(await call('POST', '/connectors/x/pause')).toEqual({ status: 405, body: { error_code: 405, message: 'HTTP 405 Method Not Allowed' } });
  });

  test('sets logger levels per worker and per cluster', async () => {
    expect(await call('PUT', '/admin/loggers/org.apache.kafka.connect', { level: 'DEBUG' })).toEqual({ status: 200, body: ['org.apache.kafka.connect'] });
    expect((await call('GET', '/admin/loggers/org.apache.kafka.connect')).body.level).toBe('DEBUG');
    expect((await call('PUT', '/admin/loggers/root?scope=cluster', { level: 'WARN' })).status).toBe(204);
    expect((await call('PUT', '/admin/loggers/root', { level: 'LOUD' })).status).toBe(400);
  });
});

describe('connector configs', () => {
  test('creates a connector with 201, refuses the same name with 409 and an invalid config with 400', async () => {
    const created = await call('POST', '/connectors', { name: 'trades', config: datagen('trades') });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: 'trades', config: { ...datagen('trades'), name: 'trades' }, tasks: [], type: 'source' });
    expect(await call('POST', '/connectors', { name: 'trades', config: datagen('trades') })).toEqual({ status: 409, body: { error_code: 409, message: 'Connector trades already exists' } });
    const invalid = await call('POST', '/connectors', { name: 'bad', config: { 'connector.class': 'DatagenConnector', quickstart: 'weather' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('Connector configuration is invalid and contains the following 2 error(s):');
    expect(invalid.body.message).toContain('Missing required configuration "kafka.topic" which has no default value.');
    const unknown = await call('POST', '/connectors', { name: 'bad', config: { 'connector.class': 'com.example.Nope' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/^Failed to find any class that implements Connector and which name matches com.example.Nope/);
  });

  test('reads info, config, status and task configs of a connector', async () => {
    await untilState('trades', 'RUNNING', ['RUNNING']);
    expect((await call('GET', '/connectors/trades')).body).toEqual({ name: 'trades', config: { ...datagen('trades'), name: 'trades' }, tasks: [{ connector: 'trades', task: 0 }], type: 'source' });
    expect((await call('GET', '/connectors/trades/config')).body).toEqual({ ...datagen('trades'), name: 'trades' });
    const status = (await call('GET', '/connectors/trades/status')).body;
    expect(status).toEqual({ name: 'trades', connector: { state: 'RUNNING', worker_id: expect.stringMatching(/^127\.0\.0\.1:\d+$/) }, tasks: [{ id: 0, state: 'RUNNING', worker_id: expect.any(String) }], type: 'source' });
    expect((await call('GET', '/connectors/trades/tasks/0/status')).body).toEqual({ id: 0, state: 'RUNNING', worker_id: expect.any(String) });
    expect((await call('GET', '/connectors/trades/tasks')).body).toEqual([{ id: { connector: 'trades', task: 0 }, config: expect.objectContaining({ 'task.id': '0', 'kafka.topic': 'trades' }) }]);
    expect(await call('GET', '/connectors/trades/tasks/7/status')).toEqual({ status: 404, body: { error_code: 404, message: 'No status found for task trades-7' } });
  });

  test('lists connectors plain and expanded with status and info in one call', async () => {
    expect((await call('GET', '/connectors')).body).toContain('trades');
    const { body } = await call('GET', '/connectors?expand=status&expand=info');
    expect(body.trades.status.connector.state).toBe('RUNNING');
    expect(body.trades.info.type).toBe('source');
  });

  test('answers 404 with Connect\'s message for a connector that does not exist', async () => {
    for (const [method, path] of [['GET', '/connectors/ghost'], ['GET', '/connectors/ghost/status'], ['PUT', '/connectors/ghost/pause'], ['DELETE', '/connectors/ghost'], ['GET', '/connectors/ghost/offsets']]) {
      expect(await call(method!, path!)).toEqual({ status: 404, body: { error_code: 404, message: 'Connector ghost not found' } });
    }
  });

  test('PUT config creates with 201, replaces with 200 and refuses a mismatched name with 400', async () => {
    const file = join(dir, 'out.txt');
    const config = { 'connector.class': 'FileStreamSinkConnector', topics: 'trades', file };
    expect((await call('PUT', '/connectors/to-file/config', config)).status).toBe(201);
    const replaced = await call('PUT', '/connectors/to-file/config', { ...config, 'tasks.max': '1' });
    expect(replaced.status).toBe(200);
    expect(replaced.body.config['tasks.max']).toBe('1');
    expect(await call('PUT', '/connectors/to-file/config', { ...config, name: 'other' })).toEqual({
      status: 400,
      body: { error_code: 400, message: "Connector name configuration (other) doesn't match connector name in the URL (to-file)" },
    });
    await waitFor(async () => (await readFile(file, 'utf8').catch(() => '')).split('\n').length > 20, { what: 'trades in the file' });
  });

  test('PATCH config merges keys and removes those set to null', async () => {
    await call('PATCH', '/connectors/to-file/config', { 'errors.tolerance': 'all', 'tasks.max': null });
    const config = (await call('GET', '/connectors/to-file/config')).body;
    expect(config['errors.tolerance']).toBe('all');
    expect(config).not.toHaveProperty('tasks.max');
    expect((await call('PATCH', '/connectors/ghost/config', { a: 'b' })).status).toBe(404);
  });

  test('tracks the topics a connector uses and resets them', async () => {
    await waitFor(async () => (await call('GET', '/connectors/trades/topics')).body.trades.topics.includes('trades'), { what: 'active topic' });
    expect((await call('PUT', '/connectors/trades/topics/reset')).status).toBe(202);
    expect((await call('GET', '/connectors/trades/topics')).body).toEqual({ trades: { topics: [] } });
  });
});

describe('lifecycle and offsets', () => {
  test('pauses, resumes and stops a connector; a stopped connector has no tasks', async () => {
    await call('POST', '/connectors', { name: 'life', config: datagen('life', { 'max.interval': '50', iterations: '-1' }) });
    await untilState('life', 'RUNNING', ['RUNNING']);
    await waitFor(async () => (await call('GET', '/connectors/life/offsets')).body.offsets.length === 1, { what: 'a first record' });
    expect((await call('PUT', '/connectors/life/pause')).status).toBe(202);
    await untilState('life', 'PAUSED', ['PAUSED']);
    expect((await call('PUT', '/connectors/life/resume')).status).toBe(202);
    await untilState('life', 'RUNNING', ['RUNNING']);
    expect((await call('PUT', '/connectors/life/stop')).status).toBe(202);
    await untilState('life', 'STOPPED', []);
    expect((await call('GET', '/connectors/life')).body.tasks).toEqual([]);
  });

  test('refuses offset changes unless the connector is STOPPED', async () => {
    const { status, body } = await call('DELETE', '/connectors/trades/offsets');
    expect(status).toBe(400);
    expect(body.message).toMatch(/^Connectors must be in the STOPPED state before their offsets can be modified/);
  });

  test('alters and resets source offsets of a stopped connector; resume continues from the altered offset', async () => {
    const before = (await call('GET', '/connectors/life/offsets')).body.offsets;
    expect(before).toEqual([{ partition: { 'task.id': 0 }, offset: expect.objectContaining({ 'current.iteration': expect.any(Number) }) }]);
    const altered = await call('PATCH', '/connectors/life/offsets', { offsets: [{ partition: { 'task.id': 0 }, offset: { 'current.iteration': 1000 } }] });
    expect(altered.status).toBe(200);
    expect(altered.body.message).toMatch(/^The Connect framework-managed offsets for this connector have been altered successfully/);
    expect((await call('GET', '/connectors/life/offsets')).body.offsets).toEqual([{ partition: { 'task.id': 0 }, offset: { 'current.iteration': 1000 } }]);
    await call('PUT', '/connectors/life/resume');
    await untilState('life', 'RUNNING', ['RUNNING']);
    await waitFor(async () => (await call('GET', '/connectors/life/offsets')).body.offsets[0].offset['current.iteration'] > 1000, { what: 'offset past 1000' });
    await call('PUT', '/connectors/life/stop');
    await untilState('life', 'STOPPED', []);
    const reset = await call('DELETE', '/connectors/life/offsets');
    expect(reset.body.message).toMatch(/^The Connect framework-managed offsets for this connector have been reset successfully/);
    expect((await call('GET', '/connectors/life/offsets')).body).toEqual({ offsets: [] });
  });

  test('alters and resets sink offsets (the connect-<name> consumer group) of a stopped connector', async () => {
    await waitFor(async () => (await call('GET', '/connectors/to-file/offsets')).body.offsets.length === 1, { what: 'sink offsets' });
    await call('PUT', '/connectors/to-file/stop');
    await untilState('to-file', 'STOPPED', []);
    const bad = await call('PATCH', '/connectors/to-file/offsets', { offsets: [{ partition: { kafka_topic: 'trades' }, offset: { kafka_offset: 1 } }] });
    expect(bad).toEqual({ status: 400, body: { error_code: 400, message: "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'" } });
    const altered = await call('PATCH', '/connectors/to-file/offsets', { offsets: [{ partition: { kafka_topic: 'trades', kafka_partition: 0 }, offset: { kafka_offset: 5 } }] });
    expect(altered).toEqual({ status: 200, body: { message: 'The offsets for this connector have been altered successfully' } });
    expect((await call('GET', '/connectors/to-file/offsets')).body.offsets).toEqual([{ partition: { kafka_topic: 'trades', kafka_partition: 0 }, offset: { kafka_offset: 5 } }]);
    expect((await call('DELETE', '/connectors/to-file/offsets')).body).toEqual({ message: 'The offsets for this connector have been reset successfully' });
    expect((await call('GET', '/connectors/to-file/offsets')).body).toEqual({ offsets: [] });
  });

  test('restarts the connector alone with 204, and with its tasks with 202 and RESTARTING markers', async () => {
    expect((await call('POST', '/connectors/trades/restart')).status).toBe(204);
    const planned = await call('POST', '/connectors/trades/restart?includeTasks=true');
    expect(planned.status).toBe(202);
    expect(planned.body.connector.state).toBe('RESTARTING');
    expect(planned.body.tasks).toEqual([{ id: 0, state: 'RESTARTING', worker_id: expect.any(String) }]);
    await untilState('trades', 'RUNNING', ['RUNNING']);
    const onlyFailed = await call('POST', '/connectors/trades/restart?includeTasks=true&onlyFailed=true');
    expect(onlyFailed.body.tasks).toEqual([{ id: 0, state: 'RUNNING', worker_id: expect.any(String) }]);
    expect((await call('POST', '/connectors/trades/tasks/0/restart')).status).toBe(204);
    expect(await call('POST', '/connectors/trades/tasks/3/restart')).toEqual({ status: 404, body: { error_code: 404, message: 'Unknown task: trades-3' } });
  });

  test('creates a connector in the STOPPED state (initial_state, KIP-980)', async () => {
    const created = await call('POST', '/connectors', { name: 'dormant', config: datagen('dormant'), initial_state: 'STOPPED' });
    expect(created.status).toBe(201);
    await untilState('dormant', 'STOPPED', []);
    expect((await call('POST', '/connectors', { name: 'x', config: datagen('x'), initial_state: 'SLEEPING' })).status).toBe(400);
  });

  test('keeps configs, target states and source offsets across a worker restart', async () => {
    const file = join(dir, 'lines.txt');
    await writeFile(file, 'one\ntwo\n');
    await call('POST', '/connectors', { name: 'lines', config: { 'connector.class': 'FileStreamSource', file, topic: 'lines' } });
    await waitFor(async () => (await call('GET', '/connectors/lines/offsets')).body.offsets[0]?.offset.position === 8, { what: 'file offset' });
    const second = await fixture.startWorker();
    const names = (await rest(second.url, 'GET', '/connectors')).body;
    expect(names).toEqual(expect.arrayContaining(['dormant', 'life', 'lines', 'to-file', 'trades']));
    expect((await rest(second.url, 'GET', '/connectors/dormant/status')).body.connector.state).toBe('STOPPED');
    expect((await rest(second.url, 'GET', '/connectors/lines/offsets')).body.offsets).toEqual([{ partition: { filename: file }, offset: { position: 8 } }]);
    await second.stop();
  });

  test('deletes a connector with 204; it is gone afterwards', async () => {
    expect((await call('DELETE', '/connectors/dormant')).status).toBe(204);
    expect((await call('GET', '/connectors/dormant')).status).toBe(404);
    expect((await call('GET', '/connectors')).body).not.toContain('dormant');
  });
});
