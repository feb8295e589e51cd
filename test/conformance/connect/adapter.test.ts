import pino from 'pino';
import { KafkaConnectClient, type ConnectorStatus } from '../../../src/adapters/kafka-connect';
import { AppError } from '../../../src/errors/app-error';
import type { ConnectVersion } from '../../../embedded/connect/version';
import { appFailure } from '../../helpers/app-failure';
import { createLeftovers } from '../../helpers/leftovers';
import { waitFor } from '../../helpers/wait-for';
import { startConnectFixture } from './connect-fixture';

/**
 * The Connect adapter against a worker: a real one from CONFORMANCE_CONNECT_URL (e.g. docker-compose's, see
 * docs/operations.md), otherwise the embedded worker as Connect 2.4, 3.2 and 3.9. Every assertion depends only on the
 * version the worker reports, so the same file checks the stand-in and the real thing.
 */
const external = process.env.CONFORMANCE_CONNECT_URL;
const targets: Array<[string, ConnectVersion | null]> = external ? [[external, null]] : [['embedded 2.4', '2.4'], ['embedded 3.2', '3.2'], ['embedded 3.9', '3.9']];
const logger = pino({ level: 'silent' });
// Unique per run: an external cluster keeps what earlier runs left.
const run = Date.now().toString(36);

describe.each(targets)('Kafka Connect adapter against %s', (_label, version) => {
  const leftovers = createLeftovers();
  let client: KafkaConnectClient;
  const name = `conformance-${run}`;
  const datagen = { 'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector', 'kafka.topic': `conformance-${run}`, quickstart: 'users', 'max.interval': '1000', 'tasks.max': '1' };

  const statusOf = async (): Promise<ConnectorStatus | undefined> => client.connectorStatus(name).catch((error: AppError) => (error.code === 'NOT_FOUND' ? undefined : Promise.reject(error)));
  const until = (what: string, holds: (s: ConnectorStatus) => boolean) =>
    waitFor(async () => {
      const status = await statusOf();
      return status && holds(status) && status;
    }, { what, timeoutMs: 30_000 });
  const states = (s: ConnectorStatus) => [s.connector.state, ...s.tasks.map((t) => t.state)].join();

  beforeAll(async () => {
    let url = external;
    if (!url) {
      const fixture = await startConnectFixture();
      leftovers.add(() => fixture.dispose());
      url = (await fixture.startWorker({ version: version! })).url;
    }
    client = new KafkaConnectClient({ name: 'conformance', url, timeoutMs: 10_000, conflictRetries: 4, conflictBackoffMs: 250, logger });
  }, 60_000);
  afterAll(async () => {
    await client?.deleteConnector(name).catch(() => undefined);
    await leftovers.drain();
  });

  test('reads the worker version and answers health', async () => {
    const info = await client.serverInfo();
    if (version) expect(info.version).toBe(`${version}.0`);
    expect(info.kafkaVersion).toMatch(/^\d+\.\d+$/);
    await expect(client.health()).resolves.toEqual({ version: info.version });
  });

  test('creates a connector whose status may be missing at first (404 "No status found"), then runs', async () => {
    const info = await client.createConnector(name, { ...datagen, name });
    expect(info).toMatchObject({ name, type: 'source' });
    const first = await statusOf();
    // A distributed worker writes the status after a rebalance; the stand-in always answers this read with 404.
    if (version) expect(first).toBeUndefined();
    const error = first ? undefined : await appFailure(client.connectorStatus(name));
    if (error) expect(error).toMatchObject({ code: 'NOT_FOUND', message: `No status found for connector ${name}` });
    await until('RUNNING', (s) => states(s) === 'RUNNING,RUNNING');
  });

  test('describes sink plugins and validates a sink without topics on every version, the problem on topics and topics.regex', async () => {
    const definitions = await client.pluginConfig('io.confluent.connect.jdbc.JdbcSinkConnector');
    expect(definitions.map((d) => d.name)).toContain('connection.url');
    const result = await client.validate('io.confluent.connect.jdbc.JdbcSinkConnector', { name: 'validation-only', 'connection.url': 'jdbc:postgresql://db:5432/x' });
    const errorsOf = (key: string) => result.configs.find((c) => c.value.name === key)?.value.errors;
    expect(errorsOf('topics')).toContain('Must configure one of topics or topics.regex');
    expect(errorsOf('topics.regex')).toContain('Must configure one of topics or topics.regex');
    expect(result.error_count).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(result)).not.toContain('pipegraph-validation-probe');
  });

  test('reads active topics from 2.5, and refuses them before naming the version', async () => {
    if (await client.supports('connectorTopics')) {
      await waitFor(async () => (await client.connectorTopics(name)).includes(datagen['kafka.topic']), { what: 'active topic', timeoutMs: 30_000 });
    } else {
      expect(await appFailure(client.connectorTopics(name))).toMatchObject({ code: 'UPSTREAM_REJECTED', details: { minimumVersion: '2.5' } });
    }
  });

  test('merges a config change (PATCH on 3.8+, read-modify-PUT before) and runs as many tasks as the new tasks.max', async () => {
    const info = await client.patchConnectorConfig(name, { 'tasks.max': '2' });
    expect(info.config['tasks.max']).toBe('2');
    await until('two running tasks', (s) => states(s) === 'RUNNING,RUNNING,RUNNING');
    expect((await client.taskConfigs(name)).map((t) => t.id.task)).toEqual([0, 1]);
  });

  test('restarts with tasks (KIP-745 on 3.0+, one call per task before) and pauses and resumes', async () => {
    const planned = await client.restartConnector(name, { includeTasks: true });
    if (await client.supports('restartWithTasks')) expect(planned?.tasks.map((t) => t.state)).toEqual(['RESTARTING', 'RESTARTING']);
    else expect(planned).toBeNull();
    await until('running again', (s) => states(s) === 'RUNNING,RUNNING,RUNNING');
    await client.pauseConnector(name);
    await until('PAUSED', (s) => states(s) === 'PAUSED,PAUSED,PAUSED');
    await client.resumeConnector(name);
    await until('RUNNING', (s) => states(s) === 'RUNNING,RUNNING,RUNNING');
  });

  test('stops a connector and reads its offsets on 3.5+, and refuses both before naming 3.5', async () => {
    if (!(await client.supports('stopConnector'))) {
      expect(await appFailure(client.stopConnector(name))).toMatchObject({ code: 'UPSTREAM_REJECTED', details: { minimumVersion: '3.5' } });
      expect(await appFailure(client.offsets(name))).toMatchObject({ code: 'UPSTREAM_REJECTED', details: { minimumVersion: '3.5' } });
      return;
    }
    await client.stopConnector(name);
    await until('STOPPED without tasks', (s) => states(s) === 'STOPPED');
    expect(Array.isArray(await client.offsets(name))).toBe(true);
  });

  test('deletes the connector; it is then unknown', async () => {
    await client.deleteConnector(name);
    expect(await appFailure(client.connector(name))).toMatchObject({ code: 'NOT_FOUND', message: `Connector ${name} not found` });
    await waitFor(async () => (await statusOf()) === undefined, { what: 'status removed', timeoutMs: 30_000 });
  });
});
