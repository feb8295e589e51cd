import pino from 'pino';
import { KafkaConnectClient } from '../../../src/adapters/kafka-connect';
import { appFailure } from '../../helpers/app-failure';
import { createLeftovers } from '../../helpers/leftovers';
import { connectError, startConnectStub } from './connect-stub';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

const logger = pino({ level: 'silent' });

async function stubbed(version = '3.9.0') {
  const stub = await startConnectStub(version);
  leftovers.add(() => stub.stop());
  const client = new KafkaConnectClient({ name: 'main', url: stub.url, timeoutMs: 300, conflictRetries: 2, conflictBackoffMs: 1, logger });
  return { stub, client };
}

describe('error mapping', () => {
  test('maps Connect\'s 404 body to NOT_FOUND carrying its message', async () => {
    const { stub, client } = await stubbed();
    stub.on(() => connectError(404, 'Connector orders not found'));
    const error = await appFailure(client.connectorStatus('orders'));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Connector orders not found', retriable: false });
  });

  test('retries a 409 with bounded backoff, then answers CONFLICT with retriable=true', async () => {
    const { stub, client } = await stubbed();
    stub.on(() => connectError(409, 'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.'));
    const error = await appFailure(client.pauseConnector('orders'));
    expect(error).toMatchObject({ code: 'CONFLICT', retriable: true });
    expect(error.message).toContain('rebalance');
    expect(stub.calls.filter((c) => c.path === '/connectors/orders/pause')).toHaveLength(3);
  });

  test('succeeds when a 409 clears up within the retries', async () => {
    const { stub, client } = await stubbed();
    let seen = 0;
    stub.on((call) => (call.path === '/connectors/orders/resume' && ++seen < 2 ? connectError(409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)') : undefined));
    stub.on((call) => (call.path === '/connectors/orders/resume' ? { status: 202 } : undefined));
    await expect(client.resumeConnector('orders')).resolves.toBeUndefined();
    expect(seen).toBe(2);
  });

  test('answers a 409 for an existing name with ALREADY_EXISTS and no retry', async () => {
    const { stub, client } = await stubbed();
    stub.on(() => connectError(409, 'Connector orders already exists'));
    const error = await appFailure(client.createConnector('orders', { 'connector.class': 'X' }));
    expect(error.code).toBe('ALREADY_EXISTS');
    expect(stub.calls).toHaveLength(1);
  });

  test('maps 400 to BAD_USER_INPUT with Connect\'s message, with secrets it echoes cut out', async () => {
    const { stub, client } = await stubbed();
    stub.on(() => connectError(400, 'Connector configuration is invalid: bad value hunter2-secret for connection.password'));
    const error = await appFailure(client.putConnectorConfig('orders', { 'connector.class': 'X', 'connection.password': 'hunter2-secret' }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('Connector configuration is invalid: bad value [REDACTED] for connection.password');
  });

  test('maps 500 "Request timed out" to retriable UPSTREAM_UNAVAILABLE and other 500s to UPSTREAM_REJECTED', async () => {
    const { stub, client } = await stubbed();
    stub.on((call) => (call.path.endsWith('/a/status') ? connectError(500, 'Request timed out') : connectError(500, 'java.lang.NullPointerException')));
    expect(await appFailure(client.connectorStatus('a'))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
    expect(await appFailure(client.connectorStatus('b'))).toMatchObject({ code: 'UPSTREAM_REJECTED', retriable: false });
  });

  test('maps a refused connection and a timeout to UPSTREAM_UNAVAILABLE', async () => {
    const closed = await startConnectStub();
    await closed.stop();
    const refused = new KafkaConnectClient({ name: 'gone', url: closed.url, timeoutMs: 300, conflictRetries: 0, conflictBackoffMs: 1, logger });
    const error = await appFailure(refused.listConnectors());
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
    expect(error.message).toContain('ECONNREFUSED');
    const { stub, client } = await stubbed();
    stub.on(() => 'hang');
    const slow = await appFailure(client.listConnectors());
    expect(slow.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(slow.message).toContain('no answer within 300 ms');
  });

  test('maps 403 (topic tracking disabled) to UPSTREAM_REJECTED', async () => {
    const { stub, client } = await stubbed();
    stub.on(() => connectError(403, 'Topic tracking is disabled.'));
    expect(await appFailure(client.connectorTopics('orders'))).toMatchObject({ code: 'UPSTREAM_REJECTED', message: 'Topic tracking is disabled.' });
  });
});

describe('version awareness', () => {
  test('refuses STOP and offsets on a 3.4 cluster with UPSTREAM_REJECTED naming the minimum version', async () => {
    const { stub, client } = await stubbed('3.4.1');
    const stop = await appFailure(client.stopConnector('orders'));
    expect(stop).toMatchObject({ code: 'UPSTREAM_REJECTED', details: expect.objectContaining({ minimumVersion: '3.5', version: '3.4.1' }) });
    expect(stop.message).toBe('Stopping a connector needs Kafka Connect 3.5 or newer; cluster "main" runs 3.4.1');
    expect((await appFailure(client.offsets('orders'))).message).toContain('3.5');
    expect((await appFailure(client.resetOffsets('orders'))).message).toContain('3.6');
    expect((await appFailure(client.createConnector('orders', {}, 'STOPPED'))).message).toContain('3.7');
    expect(stub.calls).toHaveLength(0);
  });

  test('merges a config by read-modify-PUT when the cluster has no PATCH (before 3.8)', async () => {
    const { stub, client } = await stubbed('3.7.0');
    stub.on((call) => (call.method === 'GET' && call.path === '/connectors/orders/config' ? { status: 200, body: { name: 'orders', 'connector.class': 'X', 'tasks.max': '1', topics: 'a' } } : undefined));
    stub.on((call) => (call.method === 'PUT' ? { status: 200, body: { name: 'orders', config: call.body, tasks: [], type: 'sink' } } : undefined));
    const info = await client.patchConnectorConfig('orders', { 'tasks.max': '4', topics: null });
    expect(info.config).toEqual({ name: 'orders', 'connector.class': 'X', 'tasks.max': '4' });
    expect(stub.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /connectors/orders/config', 'PUT /connectors/orders/config']);
  });

  test('uses PATCH on 3.8+', async () => {
    const { stub, client } = await stubbed('3.8.0');
    stub.on((call) => (call.method === 'PATCH' ? { status: 200, body: { name: 'orders', config: {}, tasks: [], type: 'sink' } } : undefined));
    await client.patchConnectorConfig('orders', { 'tasks.max': '4' });
    expect(stub.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['PATCH /connectors/orders/config']);
  });

  test('restarts failed tasks one by one on clusters older than 3.0 (KIP-745 equivalent)', async () => {
    const { stub, client } = await stubbed('2.8.2');
    stub.on((call) =>
      call.path === '/connectors/orders/status'
        ? { status: 200, body: { name: 'orders', connector: { state: 'RUNNING', worker_id: 'w' }, tasks: [{ id: 0, state: 'RUNNING', worker_id: 'w' }, { id: 1, state: 'FAILED', worker_id: 'w', trace: 'boom' }], type: 'sink' } }
        : undefined,
    );
    stub.on((call) => (call.method === 'POST' ? { status: 204 } : undefined));
    await client.restartConnector('orders', { includeTasks: true, onlyFailed: true });
    expect(stub.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /connectors/orders/status', 'POST /connectors/orders/tasks/1/restart']);
  });

  test('lists connectors with one expanded call on 2.3+, and one call per connector before', async () => {
    const modern = await stubbed('3.9.0');
    modern.stub.on((call) => (call.query.includes('expand') ? { status: 200, body: { a: { status: {}, info: {} } } } : undefined));
    await modern.client.listConnectorsExpanded();
    expect(modern.stub.calls.map((c) => c.query)).toEqual(['?expand=status&expand=info']);

    const old = await stubbed('2.2.0');
    old.stub.on((call) => (call.path === '/connectors' ? { status: 200, body: ['a'] } : undefined));
    old.stub.on((call) => (call.path === '/connectors/a/status' ? { status: 200, body: { name: 'a' } } : undefined));
    old.stub.on((call) => (call.path === '/connectors/a' ? { status: 200, body: { name: 'a' } } : undefined));
    expect(await old.client.listConnectorsExpanded()).toEqual({ a: { status: { name: 'a' }, info: { name: 'a' } } });
  });

  test('reads plugin config definitions through validate before 3.2', async () => {
    const { stub, client } = await stubbed('3.1.0');
    stub.on((call) => (call.path.endsWith('/config/validate') ? { status: 200, body: { name: 'X', error_count: 1, groups: [], configs: [{ definition: { name: 'topics' }, value: { name: 'topics', errors: [] } }] } } : undefined));
    expect(await client.pluginConfig('X')).toEqual([{ name: 'topics' }]);
  });

  test('turns an old worker\'s 500 for a sink without topics into the 3.7+ answer: the rest validated, the problem on its fields', async () => {
    const { stub, client } = await stubbed('2.4.1');
    const validated = (body: any) => ({
      name: 'X',
      error_count: 0,
      groups: ['Common'],
      configs: ['topics', 'topics.regex', 'file'].map((name) => ({ definition: { name }, value: { name, value: body[name] ?? null, recommended_values: [], errors: [], visible: true } })),
    });
    stub.on((call: any) => (call.path.endsWith('/config/validate') && !call.body.topics ? connectError(500, 'Must configure one of topics or topics.regex') : undefined));
    stub.on((call: any) => (call.path.endsWith('/config/validate') ? { status: 200, body: validated(call.body) } : undefined));
    const result = await client.validate('FileStreamSink', { file: '/tmp/x' });
    expect(result.error_count).toBe(2);
    expect(result.configs.map((c) => [c.value.name, c.value.value, c.value.errors])).toEqual([
      ['topics', null, ['Must configure one of topics or topics.regex']],
      ['topics.regex', null, ['Must configure one of topics or topics.regex']],
      ['file', '/tmp/x', []],
    ]);
    expect(stub.calls.map((c: any) => c.body.topics ?? null)).toEqual([null, 'pipegraph-validation-probe']);
    // Plugin definitions before 3.2 come from the same validation.
    expect((await client.pluginConfig('FileStreamSink')).map((d) => d.name)).toEqual(['topics', 'topics.regex', 'file']);
  });

  test('passes any other 500 from validation on as UPSTREAM_REJECTED', async () => {
    const { stub, client } = await stubbed('2.4.1');
    stub.on(() => connectError(500, 'Something else broke'));
    expect(await appFailure(client.validate('X', {}))).toMatchObject({ code: 'UPSTREAM_REJECTED', message: 'Kafka Connect failed: Something else broke' });
    expect(stub.calls).toHaveLength(1);
  });

  test('reads a Confluent Platform version as the Kafka release it ships', async () => {
    const { client } = await stubbed('7.4.0-ccs');
    expect((await client.serverInfo()).kafkaVersion).toBe('3.4');
    expect(await client.supports('stopConnector')).toBe(false);
    expect(await client.supports('restartWithTasks')).toBe(true);
  });
});
