import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atLeast, CONNECT_VERSIONS, type ConnectVersion } from '../../../embedded/connect/version';
import { waitFor } from '../../helpers/wait-for';
import { rest, startConnectFixture } from './connect-fixture';

type Fixture = Awaited<ReturnType<typeof startConnectFixture>>;

// The oldest release pipegraph supports, the first with KIP-769, and the newest: each one's REST surface, exactly.
const VERSIONS: ConnectVersion[] = ['2.4', '3.2', '3.9'];

describe('a status becomes visible only after the worker read it back, as on a distributed worker', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startConnectFixture();
  });
  afterAll(() => fixture.dispose());

  test('answers 404 "No status found" right after create, then the status; listings leave it out until then', async () => {
    // A long delay so the first read certainly comes before the status, even on a loaded machine.
    const { url } = await fixture.startWorker({ statusDelayMs: 2_000 });
    const config = { 'connector.class': 'DatagenConnector', 'kafka.topic': 'slow', quickstart: 'users', 'max.interval': '1000' };
    expect((await rest(url, 'POST', '/connectors', { name: 'slow', config })).status).toBe(201);
    expect(await rest(url, 'GET', '/connectors/slow/status')).toEqual({ status: 404, body: { error_code: 404, message: 'No status found for connector slow' } });
    expect((await rest(url, 'GET', '/connectors/slow')).status).toBe(200);
    expect((await rest(url, 'GET', '/connectors?expand=status&expand=info')).body).toEqual({});
    const status = await waitFor(async () => {
      const answer = await rest(url, 'GET', '/connectors/slow/status');
      return answer.status === 200 && answer.body.tasks.length === 1 && answer.body;
    }, { what: 'the status of slow' });
    expect(status).toMatchObject({ name: 'slow', connector: { state: 'RUNNING' }, tasks: [{ id: 0, state: 'RUNNING' }], type: 'source' });
  });

  test('refuses a status delay that is not an integer ≥ 0', async () => {
    await expect(fixture.startWorker({ statusDelayMs: -1 })).rejects.toThrow('statusDelayMs must be an integer ≥ 0');
    await expect(fixture.startWorker({ version: '2.3' })).rejects.toThrow('unknown Connect version "2.3"; one of 2.4, 3.0, 3.2, 3.5, 3.7, 3.9');
  });
});

describe('every version mode answers with its release\'s REST surface', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startConnectFixture();
  });
  afterAll(() => fixture.dispose());

  // method, path, body → the first release that has it; before, a missing path is 404 and a missing method on a path
  // the release has (GET …/offsets from 3.5, GET/PUT …/config always) 405.
  const SURFACE: Array<[string, string, unknown, string, (v: ConnectVersion) => number]> = [
    ['GET', '/connectors/ghost/topics', undefined, '2.5', () => 404],
    ['GET', '/connectors/ghost/tasks-config', undefined, '2.8', () => 404],
    ['GET', '/connector-plugins/FileStreamSinkConnector/config', undefined, '3.2', () => 404],
    ['PUT', '/connectors/ghost/stop', undefined, '3.5', () => 404],
    ['GET', '/connectors/ghost/offsets', undefined, '3.5', () => 404],
    ['DELETE', '/connectors/ghost/offsets', undefined, '3.6', (v) => (atLeast(v, '3.5') ? 405 : 404)],
    ['PATCH', '/connectors/ghost/config', { a: 'b' }, '3.8', () => 405],
    ['GET', '/health', undefined, '3.9', () => 404],
  ];

  test.each(CONNECT_VERSIONS)('Connect %s', async (version) => {
    const { url } = await fixture.startWorker({ version, groupId: `surface-${version}` });
    expect((await rest(url, 'GET', '/')).body.version).toBe(`${version}.0`);
    for (const [method, path, body, since, missingOn] of SURFACE) {
      const missing = missingOn(version);
      const { status } = await rest(url, method, path, body);
      // Present endpoints answer for the unknown connector "ghost" (404 with Connect's message) or succeed.
      const expected = atLeast(version, since) ? [200, 404] : [missing];
      expect({ method, path, status: expected.includes(status) ? 'as expected' : status }).toEqual({ method, path, status: 'as expected' });
      if (!atLeast(version, since)) expect((await rest(url, method, path, body)).body.message).toBe(missing === 404 ? 'HTTP 404 Not Found' : 'HTTP 405 Method Not Allowed');
    }
  });
});

describe.each(VERSIONS)('Connect %s', (version) => {
  const has = (minimum: string) => atLeast(version, minimum);
  const since = (minimum: string) => (has(minimum) ? test : test.skip);
  let fixture: Fixture;
  let url: string;
  let dir: string;
  const call = <T = any>(method: string, path: string, body?: unknown) => rest<T>(url, method, path, body);
  const NOT_FOUND = { status: 404, body: { error_code: 404, message: 'HTTP 404 Not Found' } };
  const NOT_ALLOWED = { status: 405, body: { error_code: 405, message: 'HTTP 405 Method Not Allowed' } };

  const datagen = (topic: string, extra: Record<string, string> = {}) => ({
    'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector',
    'kafka.topic': topic,
    quickstart: 'stock_trades',
    // Datagen fails its task once it generated `iterations` records: a slow stream keeps it RUNNING through the suite.
    'max.interval': '50',
    iterations: '100000',
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
    url = (await fixture.startWorker({ version })).url;
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
      expect(body).toEqual({ version: `${version}.0`, commit: expect.any(String), kafka_cluster_id: expect.any(String) });
      expect(body.kafka_cluster_id.length).toBeGreaterThan(0);
    });

    test('GET /health answers healthy once started (3.9+), 404 before', async () => {
      expect(await call('GET', '/health')).toEqual(has('3.9') ? { status: 200, body: { status: 'healthy', message: expect.any(String) } } : NOT_FOUND);
    });

    test('has each endpoint only from the release that introduced it: 404 for a missing path, 405 for a missing method', async () => {
      expect((await call('GET', '/connectors/ghost/topics')).status).toBe(has('2.5') ? 200 : 404);
      expect(await call('PUT', '/connectors/ghost/stop')).toEqual(has('3.5') ? { status: 404, body: { error_code: 404, message: 'Unknown connector ghost' } } : NOT_FOUND);
      expect(await call('GET', '/connectors/ghost/offsets')).toEqual(has('3.5') ? { status: 404, body: { error_code: 404, message: 'Connector ghost not found' } } : NOT_FOUND);
      expect((await call('DELETE', '/connectors/ghost/offsets')).status).toBe(has('3.6') ? 404 : has('3.5') ? 405 : 404);
      expect(await call('PATCH', '/connectors/ghost/config', { a: 'b' })).toEqual(has('3.8') ? { status: 404, body: { error_code: 404, message: 'Connector ghost not found' } } : NOT_ALLOWED);
      expect((await call('GET', '/connector-plugins/JdbcSinkConnector/config')).status).toBe(has('3.2') ? 200 : 404);
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
      if (!has('3.2')) {
        // connectorsOnly came with KIP-769: older workers ignore it.
        expect([...types].sort()).toEqual(['sink', 'source']);
        return;
      }
      expect([...types].sort()).toEqual(['converter', 'header_converter', 'predicate', 'sink', 'source', 'transformation']);
      expect(all.body).toContainEqual({ class: 'org.apache.kafka.connect.transforms.Cast$Value', type: 'transformation', version: `${version}.0` });
    });

    since('3.2')('describes a plugin\'s config keys, and answers 404 for an unknown plugin', async () => {
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

    test('validates a sink without topics with per-field errors on 3.7+, and with 500 before (KAFKA-13327)', async () => {
      const answer = await call('PUT', '/connector-plugins/FileStreamSinkConnector/config/validate', { 'connector.class': 'FileStreamSinkConnector', name: 'v' });
      if (!has('3.7')) {
        expect(answer).toEqual({ status: 500, body: { error_code: 500, message: 'Must configure one of topics or topics.regex' } });
        return;
      }
      expect(answer.status).toBe(200);
      const errorsOf = (key: string) => answer.body.configs.find((c: any) => c.value.name === key)?.value.errors;
      expect(errorsOf('topics')).toEqual(['Must configure one of topics or topics.regex']);
      expect(errorsOf('topics.regex')).toEqual(['Must configure one of topics or topics.regex']);
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

    test('sets logger levels per worker, and per cluster on 3.7+ (before, scope is ignored)', async () => {
      expect(await call('PUT', '/admin/loggers/org.apache.kafka.connect', { level: 'DEBUG' })).toEqual({ status: 200, body: ['org.apache.kafka.connect'] });
      const logger = (await call('GET', '/admin/loggers/org.apache.kafka.connect')).body;
      expect(logger).toEqual(has('3.7') ? { level: 'DEBUG', last_modified: expect.any(Number) } : { level: 'DEBUG' });
      expect((await call('PUT', '/admin/loggers/root?scope=cluster', { level: 'WARN' })).status).toBe(has('3.7') ? 204 : 200);
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
      const tasksConfig = await call('GET', '/connectors/trades/tasks-config');
      if (has('2.8')) expect(tasksConfig).toEqual({ status: 200, body: { 'trades-0': expect.objectContaining({ 'task.id': '0', 'kafka.topic': 'trades' }) } });
      else expect(tasksConfig).toEqual(NOT_FOUND);
      expect(await call('GET', '/connectors/trades/tasks/7/status')).toEqual({ status: 404, body: { error_code: 404, message: 'No status found for task trades-7' } });
    });

    test('lists connectors plain and expanded with status and info in one call', async () => {
      expect((await call('GET', '/connectors')).body).toContain('trades');
      const { body } = await call('GET', '/connectors?expand=status&expand=info');
      expect(body.trades.status.connector.state).toBe('RUNNING');
      expect(body.trades.info.type).toBe('source');
    });

    test('answers 404 with Connect\'s message for a connector that does not exist', async () => {
      // Each in the words of its code path in Connect (DistributedHerder, AbstractHerder).
      for (const [method, path, message] of [
        ['GET', '/connectors/ghost', 'Connector ghost not found'],
        ['DELETE', '/connectors/ghost', 'Connector ghost not found'],
        ['PUT', '/connectors/ghost/pause', 'Unknown connector ghost'],
        ['PUT', '/connectors/ghost/resume', 'Unknown connector ghost'],
        ['POST', '/connectors/ghost/restart', 'Unknown connector: ghost'],
        ['POST', '/connectors/ghost/tasks/0/restart', 'Unknown connector: ghost'],
      ]) {
        expect(await call(method!, path!)).toEqual({ status: 404, body: { error_code: 404, message } });
      }
      // Status comes from the status store, which knows nothing of configs.
      expect(await call('GET', '/connectors/ghost/status')).toEqual({ status: 404, body: { error_code: 404, message: 'No status found for connector ghost' } });
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

    since('3.8')('PATCH config merges keys and removes those set to null', async () => {
      await call('PATCH', '/connectors/to-file/config', { 'errors.tolerance': 'all', 'tasks.max': null });
      const config = (await call('GET', '/connectors/to-file/config')).body;
      expect(config['errors.tolerance']).toBe('all');
      expect(config).not.toHaveProperty('tasks.max');
      expect((await call('PATCH', '/connectors/ghost/config', { a: 'b' })).status).toBe(404);
    });

    since('2.5')('tracks the topics a connector uses and resets them', async () => {
      await waitFor(async () => (await call('GET', '/connectors/trades/topics')).body.trades.topics.includes('trades'), { what: 'active topic' });
      expect((await call('PUT', '/connectors/trades/topics/reset')).status).toBe(202);
      expect((await call('GET', '/connectors/trades/topics')).body).toEqual({ trades: { topics: [] } });
    });
  });

  describe('lifecycle and offsets', () => {
    test('pauses and resumes a connector; on 3.5+ stops it, and a stopped connector has no tasks', async () => {
      await call('POST', '/connectors', { name: 'life', config: datagen('life', { 'max.interval': '50', iterations: '-1' }) });
      await untilState('life', 'RUNNING', ['RUNNING']);
      expect((await call('PUT', '/connectors/life/pause')).status).toBe(202);
      await untilState('life', 'PAUSED', ['PAUSED']);
      expect((await call('PUT', '/connectors/life/resume')).status).toBe(202);
      await untilState('life', 'RUNNING', ['RUNNING']);
      if (!has('3.5')) return;
      await waitFor(async () => (await call('GET', '/connectors/life/offsets')).body.offsets.length === 1, { what: 'a first record' });
      expect((await call('PUT', '/connectors/life/stop')).status).toBe(202);
      await untilState('life', 'STOPPED', []);
      expect((await call('GET', '/connectors/life')).body.tasks).toEqual([]);
    });

    since('3.6')('refuses offset changes unless the connector is STOPPED', async () => {
      const { status, body } = await call('DELETE', '/connectors/trades/offsets');
      expect(status).toBe(400);
      expect(body.message).toMatch(/^Connectors must be in the STOPPED state before their offsets can be modified/);
    });

    since('3.6')('alters and resets source offsets of a stopped connector; resume continues from the altered offset', async () => {
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

    since('3.6')('alters and resets sink offsets (the connect-<name> consumer group) of a stopped connector', async () => {
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

    test('restarts the connector alone with 204, and with its tasks (3.0+) with 202 and RESTARTING markers', async () => {
      expect((await call('POST', '/connectors/trades/restart')).status).toBe(204);
      if (!has('3.0')) {
        // KIP-745's parameters are unknown before 3.0: the connector alone restarts.
        expect(await call('POST', '/connectors/trades/restart?includeTasks=true')).toEqual({ status: 204, body: undefined });
        return;
      }
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

    test('creates a connector in the STOPPED state (initial_state, KIP-980, 3.7+); older releases refuse the field with 500', async () => {
      if (!has('3.7')) {
        const refused = await call('POST', '/connectors', { name: 'dormant', config: datagen('dormant'), initial_state: 'STOPPED' });
        expect(refused.status).toBe(500);
        expect(refused.body.message).toMatch(/^Unrecognized field "initial_state"/);
        expect((await call('GET', '/connectors/dormant')).status).toBe(404);
        return;
      }
      const created = await call('POST', '/connectors', { name: 'dormant', config: datagen('dormant'), initial_state: 'STOPPED' });
      expect(created.status).toBe(201);
      await untilState('dormant', 'STOPPED', []);
      expect((await call('POST', '/connectors', { name: 'x', config: datagen('x'), initial_state: 'SLEEPING' })).status).toBe(400);
    });

    test('keeps configs, target states and source offsets across a worker restart', async () => {
      const file = join(dir, 'lines.txt');
      await writeFile(file, 'one\ntwo\n');
      await call('POST', '/connectors', { name: 'lines', config: { 'connector.class': 'FileStreamSource', file, topic: 'lines' } });
      if (has('3.5')) await waitFor(async () => (await call('GET', '/connectors/lines/offsets')).body.offsets[0]?.offset.position === 8, { what: 'file offset' });
      else await untilState('lines', 'RUNNING', ['RUNNING']);
      const second = await fixture.startWorker({ version });
      const names = (await rest(second.url, 'GET', '/connectors')).body;
      expect(names).toEqual(expect.arrayContaining(['life', 'lines', 'to-file', 'trades', ...(has('3.7') ? ['dormant'] : [])]));
      // Statuses come back from the status topic at once, as a restarted worker reads them.
      expect((await rest(second.url, 'GET', '/connectors/life/status')).body.connector.state).toBe(has('3.5') ? 'STOPPED' : 'RUNNING');
      if (has('3.7')) expect((await rest(second.url, 'GET', '/connectors/dormant/status')).body.connector.state).toBe('STOPPED');
      if (has('3.5')) expect((await rest(second.url, 'GET', '/connectors/lines/offsets')).body.offsets).toEqual([{ partition: { filename: file }, offset: { position: 8 } }]);
      await second.stop();
    });

    test('deletes a connector with 204; it is gone afterwards, its status once the tombstone is read back', async () => {
      expect((await call('DELETE', '/connectors/lines')).status).toBe(204);
      expect((await call('GET', '/connectors/lines')).status).toBe(404);
      expect((await call('GET', '/connectors')).body).not.toContain('lines');
      await waitFor(async () => (await call('GET', '/connectors/lines/status')).status === 404, { what: 'the status of lines removed' });
    });
  });
});
