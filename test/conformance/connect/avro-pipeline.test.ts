import * as avro from 'avsc';
import pg from 'pg';
import { startEmbeddedSchemaRegistry } from '../../../embedded/schema-registry';
import { createTestDatabase } from '../../helpers/test-database';
import { waitFor } from '../../helpers/wait-for';
import { jdbcConfigFor, rest, startConnectFixture } from './connect-fixture';

/**
 * Connect end to end on Confluent Avro: records written through AvroConverter (by a Datagen source, and by a plain
 * producer with its own registered schema) are read by a JDBC sink through AvroConverter and land in Postgres as rows,
 * a timestamp-millis field as a timestamp column.
 */
describe('Avro through embedded Connect into Postgres', () => {
  let fixture: Awaited<ReturnType<typeof startConnectFixture>>;
  let db: pg.Client;
  let workerUrl: string;
  let registryUrl: string;
  let connection: Record<string, string>;

  beforeAll(async () => {
    fixture = await startConnectFixture();
    const registry = await startEmbeddedSchemaRegistry({ port: 0, kafkaBrokers: fixture.broker.brokers });
    fixture.add(() => registry.stop());
    registryUrl = registry.url;
    const database = await createTestDatabase();
    fixture.add(() => database.drop());
    connection = jdbcConfigFor(database.url);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    fixture.add(() => db.end());
    workerUrl = (await fixture.startWorker()).url;
  });
  afterAll(() => fixture.dispose());

  const avroConverter = () => ({ 'value.converter': 'io.confluent.connect.avro.AvroConverter', 'value.converter.schema.registry.url': registryUrl });
  const create = async (name: string, config: Record<string, string>) => expect((await rest(workerUrl, 'POST', '/connectors', { name, config })).status).toBe(201);
  const count = async (table: string) => Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`).catch(() => ({ rows: [{ n: -1 }] }))).rows[0].n);

  test('a Datagen source writing through AvroConverter feeds a JDBC sink reading through AvroConverter', async () => {
    const click = {
      type: 'record',
      name: 'Click',
      fields: [
        { name: 'user_id', type: { type: 'int', 'arg.properties': { range: { min: 1, max: 100 } } } },
        { name: 'url', type: { type: 'string', 'arg.properties': { options: ['/a', '/b'] } } },
      ],
    };
    const gen = { 'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector', 'kafka.topic': 'gen-clicks', 'schema.string': JSON.stringify(click), iterations: '5', 'max.interval': '0' };
    await create('clicks-gen', { ...gen, 'key.converter': 'org.apache.kafka.connect.storage.StringConverter', ...avroConverter() });
    await create('clicks-jdbc', { 'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', ...connection, topics: 'gen-clicks', 'auto.create': 'true', 'pk.mode': 'kafka', 'insert.mode': 'upsert', 'key.converter': 'org.apache.kafka.connect.storage.StringConverter', ...avroConverter() });
    await waitFor(async () => (await count('"gen-clicks"')) === 5, { what: '5 rows written from Avro' });
    const subject = await fetch(`${registryUrl}/subjects/gen-clicks-value/versions/latest`).then((r) => r.json() as Promise<{ schema: string }>);
    expect(JSON.parse(subject.schema)).toMatchObject({ type: 'record' });
    const rows = (await db.query('SELECT user_id, url FROM "gen-clicks"')).rows;
    expect(rows.every((r) => typeof r.user_id === 'number' && typeof r.url === 'string')).toBe(true);
  });

  test('a producer Avro records with timestamp-millis land as timestamps, upserted on the record key fields', async () => {
    const schema = {
      type: 'record',
      name: 'EnrichedClick',
      namespace: 'io.pipegraph.demo',
      fields: [
        { name: 'timestamp', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'user_id', type: 'int' },
        { name: 'url', type: 'string' },
        { name: 'url_category', type: ['null', 'string'], default: null },
      ],
    };
    const registered = await fetch(`${registryUrl}/subjects/enriched-avro-value/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: JSON.stringify(schema) }),
    }).then((r) => r.json() as Promise<{ id: number }>);
    const type = avro.Type.forSchema(schema as avro.Schema);
    const frame = (value: object) => {
      const header = Buffer.alloc(5);
      header.writeInt32BE(registered.id, 1);
      return Buffer.concat([header, type.toBuffer(value)]);
    };
    await fixture.createTopic('enriched-avro');
    await fixture.produce('enriched-avro', [
      { key: '1', value: frame({ timestamp: 1_700_000_000_000, user_id: 1, url: '/a', url_category: null }) },
      { key: '2', value: frame({ timestamp: 1_700_000_000_500, user_id: 2, url: '/b', url_category: 'news' }) },
      { key: '1', value: frame({ timestamp: 1_700_000_000_000, user_id: 1, url: '/a', url_category: 'shop' }) },
    ]);
    await create('enriched-jdbc', { 'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', ...connection, topics: 'enriched-avro', 'table.name.format': 'clickstream_events', 'auto.create': 'true', 'pk.mode': 'record_value', 'pk.fields': 'user_id,timestamp', 'insert.mode': 'upsert', 'key.converter': 'org.apache.kafka.connect.storage.StringConverter', ...avroConverter() });
    await waitFor(async () => (await db.query("SELECT 1 FROM clickstream_events WHERE url_category = 'shop'").catch(() => ({ rows: [] }))).rows.length === 1, { what: 'upserted Avro row' });
    const types = (await db.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'clickstream_events' ORDER BY column_name")).rows;
    // Confluent's PostgreSQL dialect creates Timestamp columns as TIMESTAMP (UTC values); a pre-made timestamptz table works too.
    expect(types).toContainEqual({ column_name: 'timestamp', data_type: 'timestamp without time zone' });
    const rows = (await db.query(`SELECT user_id, url, url_category, (extract(epoch FROM "timestamp") * 1000)::bigint::text AS ms FROM clickstream_events ORDER BY user_id`)).rows;
    expect(rows).toEqual([
      { user_id: 1, url: '/a', url_category: 'shop', ms: '1700000000000' },
      { user_id: 2, url: '/b', url_category: 'news', ms: '1700000000500' },
    ]);
  });

  test('a record without the magic byte is a converter error: dead-letter topic with errors.tolerance=all, and the task goes on', async () => {
    await fixture.createTopic('mixed');
    await create('mixed-jdbc', {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      ...connection,
      topics: 'mixed',
      'auto.create': 'true',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      ...avroConverter(),
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'mixed-dlq',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await fixture.produce('mixed', [{ key: 'plain', value: JSON.stringify({ id: 1 }) }]);
    await waitFor(async () => (await fixture.admin.listTopics()).includes('mixed-dlq'), { what: 'the dead-letter topic' });
    const [dead] = await fixture.consume('mixed-dlq', 1);
    expect(dead).toMatchObject({ key: 'plain', value: '{"id":1}' });
    expect(dead!.headers).toMatchObject({
      '__connect.errors.stage': 'VALUE_CONVERTER',
      '__connect.errors.class.name': 'io.confluent.connect.avro.AvroConverter',
      '__connect.errors.exception.class.name': 'org.apache.kafka.connect.errors.DataException',
      '__connect.errors.exception.message': 'Failed to deserialize data for topic mixed to Avro:',
    });
    expect(dead!.headers['__connect.errors.exception.stacktrace']).toContain('Unknown magic byte!');
    await waitFor(async () => (await rest(workerUrl, 'GET', '/connectors/mixed-jdbc/status')).body.tasks?.[0]?.state === 'RUNNING', { what: 'mixed-jdbc task RUNNING' });
  });

  test('a registry converter without schema.registry.url fails the task with Confluent ConfigException', async () => {
    await create('no-url', { 'connector.class': 'FileStreamSinkConnector', topics: 'mixed', file: '/dev/null', 'value.converter': 'io.confluent.connect.avro.AvroConverter' });
    const task = await waitFor(async () => {
      const status = await rest(workerUrl, 'GET', '/connectors/no-url/status');
      return status.body.tasks?.[0]?.state === 'FAILED' && status.body.tasks[0];
    }, { what: 'FAILED task' });
    expect(task.trace).toContain('org.apache.kafka.common.config.ConfigException: Missing required configuration "schema.registry.url" which has no default value.');
  });
});
