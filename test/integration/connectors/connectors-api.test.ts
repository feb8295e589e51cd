import { Kafka, logLevel, type Producer } from 'kafkajs';
import pg from 'pg';
import { atLeast, type ConnectVersion } from '../../../embedded/connect/version';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const SECRET = 'hunter2-very-secret-pw';
const KEYS = { viewer: 'viewer-key-0123456789', operator: 'operator-key-0123456789', admin: 'admin-key-0123456789ab' };
// The whole API against embedded Connect as the oldest supported release, the first with KIP-769, and the newest.
const VERSIONS: ConnectVersion[] = ['2.4', '3.2', '3.9'];

describe.each(VERSIONS)('connectors API against Connect %s', (version) => {
  const has = (minimum: string) => atLeast(version, minimum);
  let app: TestApp;
  let producer: Producer;
  let db: pg.Client;
  const answers: unknown[] = [];

  async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, role: keyof typeof KEYS = 'operator') {
    const result = await app.request<T>(query, variables, { apiKey: KEYS[role] });
    answers.push(result.body);
    return result.body;
  }

  function jdbcUrl(databaseUrl: string) {
    const url = new URL(databaseUrl);
    return { connectionUrl: `jdbc:postgresql://${url.hostname}:${url.port}${url.pathname}`, connectionUser: decodeURIComponent(url.username || 'postgres') };
  }

  const CONNECTOR_FIELDS = 'cluster name className type state tasks { id state trace } config';

  beforeAll(async () => {
    answers.length = 0;
    app = await startTestApp({
      backends: ['connect'],
      connect: { version },
      captureLogs: true,
      env: {
        API_KEYS: `watcher:viewer:${KEYS.viewer},ops:operator:${KEYS.operator},boss:admin:${KEYS.admin}`,
        CONNECT_DEMO_CONNECTORS: 'false',
        CONNECT_STATUS_POLL_MS: '150',
        ENRICHER_ENABLED: 'false',
        DEMO_GENERATOR_RATE: '0',
      },
    });
    const kafka = new Kafka({ brokers: app.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    db = new pg.Client({ connectionString: app.endpoints.databaseUrl });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await app?.stop();
  });

  describe('connector templates and queries', () => {
    test('creates a JDBC sink from the typed template and answers once its tasks run, password redacted', async () => {
      const { data, errors } = await gql(
        `mutation ($input: JdbcSinkConnectorInput!) { createJdbcSinkConnector(input: $input) { ${CONNECTOR_FIELDS} } }`,
        {
          input: {
            name: 'orders-sink',
            topics: ['orders'],
            ...jdbcUrl(app.endpoints.databaseUrl),
            connectionPassword: SECRET,
            insertMode: 'UPSERT',
            pkMode: 'RECORD_VALUE',
            pkFields: ['id'],
            autoCreate: true,
            tableNameFormat: 'orders_sink',
            errorsTolerance: 'ALL',
            deadLetterTopic: 'orders-dlq',
            valueConverter: { kind: 'JSON' },
          },
        },
      );
      expect(errors).toBeUndefined();
      expect(data.createJdbcSinkConnector).toMatchObject({ cluster: 'default', name: 'orders-sink', type: 'SINK', state: 'RUNNING', tasks: [{ id: 0, state: 'RUNNING', trace: null }] });
      expect(data.createJdbcSinkConnector.config).toMatchObject({
        'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
        'connection.password': '[REDACTED]',
        'insert.mode': 'upsert',
        'pk.mode': 'record_value',
        'pk.fields': 'id',
        'errors.deadletterqueue.topic.name': 'orders-dlq',
      });
    });

    test('reads a connector with lineage to its sink table, offsets and topics once rows arrive', async () => {
      const schema = { type: 'struct', fields: [{ field: 'id', type: 'int32', optional: false }, { field: 'item', type: 'string', optional: false }] };
      await producer.send({ topic: 'orders', messages: [1, 2].map((id) => ({ value: JSON.stringify({ schema, payload: { id, item: `item-${id}` } }) })) });
      await waitFor(async () => Number((await db.query('SELECT count(*)::int AS n FROM orders_sink').catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n) === 2, { what: 'sink rows' });
      const { data, errors } = await gql(`{ connector(name: "orders-sink") {
        name state lineage { sourceTopics targetTopics targetTables { schema name sinkTable { name primaryKey } } }
        offsets { partition offset } topics } }`);
      // Fields the cluster is too old for are null, each with its own error; the rest of the connector answers.
      expect((errors ?? []).map((e: any) => `${e.path.join('.')}:${e.extensions.code}`).sort()).toEqual([
        ...(has('3.5') ? [] : ['connector.offsets:UPSTREAM_REJECTED']),
        ...(has('2.5') ? [] : ['connector.topics:UPSTREAM_REJECTED']),
      ]);
      expect(data.connector.lineage).toEqual({ sourceTopics: ['orders'], targetTopics: [], targetTables: [{ schema: null, name: 'orders_sink', sinkTable: { name: 'orders_sink', primaryKey: ['id'] } }] });
      expect(data.connector.offsets).toEqual(has('3.5') ? [{ partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 2 } }] : null);
      if (has('2.5')) await waitFor(async () => JSON.stringify((await gql('{ connector(name: "orders-sink") { topics } }')).data.connector.topics) === '["orders"]', { what: 'active topics' });
      else expect(data.connector.topics).toBeNull();
    });

    test('lists connectors filtered by state and answers null for an unknown one', async () => {
      const running = await gql('{ connectors(state: RUNNING) { name state } }');
      expect(running.data.connectors).toEqual([{ name: 'orders-sink', state: 'RUNNING' }]);
      expect((await gql('{ connectors(state: PAUSED) { name } }')).data.connectors).toEqual([]);
      expect((await gql('{ connector(name: "ghost") { name } }')).data.connector).toBeNull();
      expect((await gql('{ connectClusters { name isDefault version } }')).data.connectClusters).toEqual([{ name: 'default', isDefault: true, version: `${version}.0` }]);
    });

    test('lists plugins and their config keys; transformations from 3.2', async () => {
      const { data } = await gql('{ sinks: connectorPlugins(type: SINK) { className type } config: connectorPluginConfig(className: "JdbcSinkConnector") { name type required } }');
      expect(data.sinks.map((p: any) => p.className)).toEqual(['io.confluent.connect.jdbc.JdbcSinkConnector', 'io.confluent.connect.s3.S3SinkConnector', 'org.apache.kafka.connect.file.FileStreamSinkConnector']);
      expect(data.config).toContainEqual({ name: 'connection.password', type: 'PASSWORD', required: false });
      const transforms = await gql('{ connectorPlugins(type: TRANSFORMATION) { className } }');
      if (has('3.2')) expect(transforms.data.connectorPlugins.map((p: any) => p.className)).toContain('org.apache.kafka.connect.transforms.TimestampConverter$Value');
      else expect(transforms.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', details: { minimumVersion: '3.2' } });
    });

    test('validates a config and answers each field\'s errors, secrets redacted', async () => {
      const { data } = await gql('query ($config: JSONObject!) { validateConnectorConfig(className: "JdbcSinkConnector", config: $config) { valid errorCount errors { field messages } fields { name value } } }', {
        config: { name: 'x', topics: 'a', 'insert.mode': 'sideways', 'connection.password': SECRET },
      });
      expect(data.validateConnectorConfig.valid).toBe(false);
      expect(data.validateConnectorConfig.errors).toEqual([
        { field: 'connection.url', messages: ['Missing required configuration "connection.url" which has no default value.'] },
        { field: 'insert.mode', messages: ['Invalid value sideways for configuration insert.mode: String must be one of (case insensitive): insert, upsert, update'] },
      ]);
      expect(data.validateConnectorConfig.fields.find((f: any) => f.name === 'connection.password').value).toBe('[REDACTED]');
    });

    test('refuses an invalid config before creating anything, naming each field', async () => {
      const { errors } = await gql('mutation ($config: JSONObject!) { createConnector(name: "bad", config: $config) { name } }', {
        config: { 'connector.class': 'JdbcSinkConnector', topics: 'a', 'pk.mode': 'weird', 'connection.password': SECRET },
      });
      expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', retriable: false });
      const fields = errors[0].extensions.details.fields.map((f: any) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['config.connection.url', 'config.pk.mode']));
      expect((await gql('{ connector(name: "bad") { name } }')).data.connector).toBeNull();
    });

    test('refuses template inputs that Connect would only reject at runtime, every problem named', async () => {
      const { errors } = await gql('mutation ($input: JdbcSinkConnectorInput!) { createJdbcSinkConnector(input: $input) { name } }', {
        input: { name: 'x', topics: ['a'], connectionUrl: 'postgres://nope', insertMode: 'UPSERT', deadLetterTopic: 'dlq' },
      });
      expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(errors[0].extensions.details.fields.map((f: any) => f.field)).toEqual(['input.connectionUrl', 'input.pkMode', 'input.deadLetterTopic']);
    });

    test('previews the exact S3 sink config with the AWS secret redacted, and answers UPSTREAM_UNAVAILABLE while the bucket cannot be checked', async () => {
      const input = {
        name: 'archive',
        topics: ['orders'],
        bucket: 'pipegraph-archive',
        region: 'eu-central-1',
        flushSize: 1000,
        rotateIntervalMs: 600000,
        format: 'PARQUET',
        pathFormat: "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
        locale: 'en-US',
        timezone: 'UTC',
        timestampExtractor: 'RECORD_FIELD',
        timestampField: 'ts',
        awsAccessKeyId: 'AKIAEXAMPLE',
        awsSecretAccessKey: SECRET,
        valueConverter: { kind: 'AVRO', schemaRegistryUrl: 'http://registry:8081' },
      };
      const { data } = await gql('query ($input: S3SinkConnectorInput!) { s3SinkConnectorConfig(input: $input) }', { input });
      expect(data.s3SinkConnectorConfig).toEqual({
        'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
        'tasks.max': '1',
        topics: 'orders',
        's3.bucket.name': 'pipegraph-archive',
        's3.region': 'eu-central-1',
        'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
        'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
        'flush.size': '1000',
        'rotate.interval.ms': '600000',
        'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
        'path.format': "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
        'partition.duration.ms': '3600000',
        locale: 'en-US',
        timezone: 'UTC',
        'timestamp.extractor': 'RecordField',
        'timestamp.field': 'ts',
        'aws.access.key.id': 'AKIAEXAMPLE',
        'aws.secret.access.key': '[REDACTED]',
        'errors.tolerance': 'none',
        'value.converter': 'io.confluent.connect.avro.AvroConverter',
        'value.converter.schema.registry.url': 'http://registry:8081',
      });
      // This server's object store is unreachable: the bucket check fails retriably and nothing is created.
      const created = await gql('mutation ($input: S3SinkConnectorInput!) { createS3SinkConnector(input: $input) { name } }', { input });
      expect(created.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
      expect((await gql('{ connector(name: "archive") { name } }')).data.connector).toBeNull();
    });
  });

  describe('lifecycle, offsets and roles', () => {
    test('pauses, resumes and restarts, each answering with the state reached', async () => {
      const paused = await gql('mutation { pauseConnector(name: "orders-sink") { state tasks { state } } }');
      expect(paused.data.pauseConnector).toEqual({ state: 'PAUSED', tasks: [{ state: 'PAUSED' }] });
      const resumed = await gql('mutation { resumeConnector(name: "orders-sink") { state tasks { state } } }');
      expect(resumed.data.resumeConnector).toEqual({ state: 'RUNNING', tasks: [{ state: 'RUNNING' }] });
      const restarted = await gql('mutation { restartConnector(name: "orders-sink", includeTasks: true) { state tasks { state } } }');
      expect(restarted.data.restartConnector).toEqual({ state: 'RUNNING', tasks: [{ state: 'RUNNING' }] });
      const task = await gql('mutation { restartConnectorTask(name: "orders-sink", taskId: 0) { state } }');
      expect(task.data.restartConnectorTask.state).toBe('RUNNING');
    });

    test('refuses control mutations by role: viewer cannot pause, operator cannot delete or change offsets', async () => {
      expect((await gql('mutation { pauseConnector(name: "orders-sink") { state } }', {}, 'viewer')).errors[0].extensions.code).toBe('FORBIDDEN');
      expect((await gql('mutation { deleteConnector(name: "orders-sink") { deleted } }', {}, 'operator')).errors[0].extensions.code).toBe('FORBIDDEN');
      expect((await gql('mutation { resetConnectorOffsets(name: "orders-sink") { message } }', {}, 'operator')).errors[0].extensions.code).toBe('FORBIDDEN');
      expect((await gql('{ auditLog(first: 1) { edges { cursor } } }', {}, 'viewer')).errors[0].extensions.code).toBe('FORBIDDEN');
      expect((await gql('{ connectors { name } }', {}, 'viewer')).data.connectors).toHaveLength(1);
    });

    test('maps Connect\'s 404 to NOT_FOUND for a mutation on an unknown connector', async () => {
      const { errors } = await gql('mutation { pauseConnector(name: "ghost") { state } }');
      expect(errors[0]).toMatchObject({ message: 'Unknown connector ghost', extensions: { code: 'NOT_FOUND', retriable: false } });
    });

    test('refuses offset changes on a running connector with CONFLICT, and with stopFirst stops it and alters them', async () => {
      const offsets = [{ partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 1 } }];
      const refused = await gql('mutation ($offsets: [ConnectorOffsetInput!]!) { alterConnectorOffsets(name: "orders-sink", offsets: $offsets) { message } }', { offsets }, 'admin');
      expect(refused.errors[0].extensions).toMatchObject({ code: 'CONFLICT', details: { field: 'stopFirst', state: 'RUNNING' } });
      const bad = await gql('mutation { alterConnectorOffsets(name: "orders-sink", offsets: [{ partition: { kafka_topic: "orders" }, offset: null }], stopFirst: true) { message } }', {}, 'admin');
      expect(bad.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'offsets[0].partition.kafka_partition' } });
      const altered = await gql('mutation ($offsets: [ConnectorOffsetInput!]!) { alterConnectorOffsets(name: "orders-sink", offsets: $offsets, stopFirst: true) { message connector { state tasks { id } } offsets { partition offset } } }', { offsets }, 'admin');
      if (!has('3.6')) {
        // Stopping needs 3.5 and offsets 3.6: refused naming the version, and the connector keeps running.
        expect(altered.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', details: { minimumVersion: '3.5' } });
        const reset = await gql('mutation { resetConnectorOffsets(name: "orders-sink") { message } }', {}, 'admin');
        expect(reset.errors[0].extensions).toMatchObject({ code: 'CONFLICT', details: { field: 'stopFirst', state: 'RUNNING' } });
        return;
      }
      expect(altered.errors).toBeUndefined();
      expect(altered.data.alterConnectorOffsets).toEqual({
        message: 'The offsets for this connector have been altered successfully',
        connector: { state: 'STOPPED', tasks: [] },
        offsets,
      });
      const reset = await gql('mutation { resetConnectorOffsets(name: "orders-sink") { message offsets { offset } } }', {}, 'admin');
      expect(reset.data.resetConnectorOffsets).toEqual({ message: 'The offsets for this connector have been reset successfully', offsets: [] });
    });

    test('updates a config by MERGE (validated first) and by REPLACE', async () => {
      const update = 'mutation ($config: JSONObject!, $mode: ConfigUpdateMode!) { updateConnectorConfig(name: "orders-sink", config: $config, mode: $mode) { state config } }';
      const merged = await gql(update, { config: { 'batch.size': 10 }, mode: 'MERGE' });
      expect(merged.data.updateConnectorConfig.config).toMatchObject({ 'batch.size': '10', 'connection.password': '[REDACTED]', 'insert.mode': 'upsert' });
      const invalid = await gql(update, { config: { 'insert.mode': 'sideways' }, mode: 'MERGE' });
      expect(invalid.errors[0].extensions.details.fields).toEqual([{ field: 'config.insert.mode', messages: [expect.stringContaining('String must be one of')] }]);
      const { connectionUrl, connectionUser } = jdbcUrl(app.endpoints.databaseUrl);
      const config = {
        'connector.class': 'JdbcSinkConnector',
        topics: 'orders',
        'connection.url': connectionUrl,
        'connection.user': connectionUser,
        'connection.password': SECRET,
        'table.name.format': 'orders_sink',
        'insert.mode': 'insert',
      };
      const replaced = await gql(update, { config, mode: 'REPLACE' });
      expect(replaced.errors).toBeUndefined();
      expect(replaced.data.updateConnectorConfig.config).not.toHaveProperty('pk.mode');
      expect(replaced.data.updateConnectorConfig.config['insert.mode']).toBe('insert');
    });
  });

  describe('status subscription', () => {
    test('pushes state transitions to every subscriber from one shared poller', async () => {
      const first = app.wsClient({ apiKey: KEYS.viewer });
      const second = app.wsClient({ apiKey: KEYS.viewer });
      const query = 'subscription { connectorStatusChanged(names: ["orders-sink"]) { name state previousState tasks { state } deleted } }';
      const a = first.iterate({ query });
      const b = second.iterate({ query });
      const nextOf = (it: AsyncIterableIterator<any>) => it.next().then((r) => r.value);
      const pendingA = nextOf(a);
      const pendingB = nextOf(b);
      // Let both subscriptions register and the poller take its baseline.
      const polls = app.container.services.connectors.statusPollCount();
      await waitFor(() => app.container.services.connectors.statusPollCount() >= polls + 2, { what: 'baseline polls' });
      const started = Date.now();
      const before = app.container.services.connectors.statusPollCount();
      // Stopped by the offsets test from 3.6 on; running before.
      await gql(has('3.6') ? 'mutation { resumeConnector(name: "orders-sink") { state } }' : 'mutation { pauseConnector(name: "orders-sink") { state } }');
      const [eventA, eventB] = await Promise.all([pendingA, pendingB]);
      for (const event of [eventA, eventB]) {
        expect(event.data.connectorStatusChanged).toMatchObject({ name: 'orders-sink', previousState: has('3.6') ? 'STOPPED' : 'RUNNING', deleted: false });
      }
      // One poller for both subscribers: about one poll per interval, not one per subscriber.
      const pollsMade = app.container.services.connectors.statusPollCount() - before;
      expect(pollsMade).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 150) + 2);
      await a.return?.();
      await b.return?.();
    });
  });

  describe('audit log and secrets', () => {
    test('deletes a connector as admin and records every control mutation in the audit log, with paging and filters', async () => {
      expect((await gql('mutation { deleteConnector(name: "orders-sink") { cluster name deleted } }', {}, 'admin')).data.deleteConnector).toEqual({ cluster: 'default', name: 'orders-sink', deleted: true });
      const all = await gql('{ auditLog(first: 100, target: "connectors/default/orders-sink") { nodes { callerId callerRole operation outcome errorCode durationMs input } } }');
      const operations = all.data.auditLog.nodes.map((n: any) => `${n.operation}:${n.outcome}${n.errorCode ? `:${n.errorCode}` : ''}`).reverse();
      expect(operations).toEqual([
        'createJdbcSinkConnector:ok',
        'pauseConnector:ok',
        'resumeConnector:ok',
        'restartConnector:ok',
        'restartConnectorTask:ok',
        'alterConnectorOffsets:error:CONFLICT',
        'alterConnectorOffsets:error:BAD_USER_INPUT',
        has('3.6') ? 'alterConnectorOffsets:ok' : 'alterConnectorOffsets:error:UPSTREAM_REJECTED',
        has('3.6') ? 'resetConnectorOffsets:ok' : 'resetConnectorOffsets:error:CONFLICT',
        'updateConnectorConfig:ok',
        'updateConnectorConfig:error:BAD_USER_INPUT',
        'updateConnectorConfig:ok',
        has('3.6') ? 'resumeConnector:ok' : 'pauseConnector:ok',
        'deleteConnector:ok',
      ]);
      const create = all.data.auditLog.nodes.at(-1);
      expect(create).toMatchObject({ callerId: 'ops', callerRole: 'operator', input: { cluster: 'default', initialState: 'RUNNING' } });
      expect(create.input.config['connection.password']).toBe('[REDACTED]');

      const page1 = await gql('{ auditLog(first: 2, operation: "alterConnectorOffsets") { edges { cursor node { outcome } } pageInfo { hasNextPage endCursor } } }');
      expect(page1.data.auditLog.edges.map((e: any) => e.node.outcome)).toEqual([has('3.6') ? 'ok' : 'error', 'error']);
      expect(page1.data.auditLog.pageInfo.hasNextPage).toBe(true);
      const page2 = await gql('query ($after: String) { auditLog(first: 2, operation: "alterConnectorOffsets", after: $after) { edges { node { outcome errorCode } } pageInfo { hasNextPage } } }', { after: page1.data.auditLog.pageInfo.endCursor });
      expect(page2.data.auditLog.edges).toEqual([{ node: { outcome: 'error', errorCode: 'CONFLICT' } }]);
      expect(page2.data.auditLog.pageInfo.hasNextPage).toBe(false);
      expect((await gql('{ auditLog(after: "nonsense") { nodes { id } } }')).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
    });

    test('never shows the connector password in any response, error, log line or audit row', async () => {
      const rows = (await db.query('SELECT input::text AS input FROM audit_log')).rows.map((r) => r.input);
      expect(rows.length).toBeGreaterThan(10);
      const haystacks = { responses: JSON.stringify(answers), logs: app.logs.join('\n'), audit: rows.join('\n') };
      expect(app.logs.length).toBeGreaterThan(0);
      for (const [where, text] of Object.entries(haystacks)) {
        expect({ where, leaked: text.includes(SECRET) }).toEqual({ where, leaked: false });
      }
    });
  });
});
