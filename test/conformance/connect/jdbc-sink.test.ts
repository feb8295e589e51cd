import pg from 'pg';
import { atLeast, type ConnectVersion } from '../../../embedded/connect/version';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';
import { waitFor } from '../../helpers/wait-for';
import { envelope, jdbcConfigFor, rest, startConnectFixture } from './connect-fixture';

type Fixture = Awaited<ReturnType<typeof startConnectFixture>>;

// The sink's behaviour does not change with the REST version; the worker around it does (statuses, offsets endpoint).
const VERSIONS: ConnectVersion[] = ['2.4', '3.2', '3.9'];

describe.each(VERSIONS)('JDBC sink on embedded Connect %s', (version) => {
  let fixture: Fixture;
  let database: TestDatabase;
  let db: pg.Client;
  let workerUrl: string;

  const ORDER_FIELDS = [
    { field: 'id', type: 'int32' },
    { field: 'product', type: 'string' },
    { field: 'qty', type: 'int32' },
  ];

  beforeAll(async () => {
    fixture = await startConnectFixture();
    database = await createTestDatabase();
    fixture.add(() => database.drop());
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    fixture.add(() => db.end());
    workerUrl = (await fixture.startWorker({ version })).url;
  });
  afterAll(() => fixture.dispose());

  async function createSink(name: string, config: Record<string, string>) {
    const answer = await rest(workerUrl, 'POST', '/connectors', {
      name,
      config: { 'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', ...jdbcConfigFor(database.url), ...config },
    });
    expect(answer.status).toBe(201);
  }

  const rowsOf = async (sql: string) => (await db.query(sql)).rows;
  const countOf = async (table: string) => Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);

  test('writes events from Kafka into Postgres and upserts on the primary key', async () => {
    await fixture.createTopic('orders');
    await createSink('orders-sink', { topics: 'orders', 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'id' });
    await fixture.produce('orders', [
      { value: envelope(ORDER_FIELDS, { id: 1, product: 'tea', qty: 1 }) },
      { value: envelope(ORDER_FIELDS, { id: 2, product: 'coffee', qty: 2 }) },
      { value: envelope(ORDER_FIELDS, { id: 1, product: 'tea', qty: 5 }) },
    ]);
    await waitFor(async () => (await countOf('orders')) === 2 && (await rowsOf('SELECT qty FROM orders WHERE id = 1'))[0]?.qty === 5, { what: 'upserted rows' });
    expect(await rowsOf('SELECT id, product, qty FROM orders ORDER BY id')).toEqual([
      { id: 1, product: 'tea', qty: 5 },
      { id: 2, product: 'coffee', qty: 2 },
    ]);
    if (!atLeast(version, '3.5')) return;
    const offsets = await rest(workerUrl, 'GET', '/connectors/orders-sink/offsets');
    expect(offsets.body).toEqual({ offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 3 } }] });
  });

  test('adds a column with auto.evolve when records gain an optional field', async () => {
    await fixture.createTopic('products');
    await createSink('products-sink', { topics: 'products', 'auto.create': 'true', 'auto.evolve': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'id' });
    await fixture.produce('products', [{ value: envelope([{ field: 'id', type: 'int32' }, { field: 'name', type: 'string' }], { id: 1, name: 'kettle' }) }]);
    await waitFor(async () => (await countOf('products')) === 1, { what: 'first row' });
    await fixture.produce('products', [
      { value: envelope([{ field: 'id', type: 'int32' }, { field: 'name', type: 'string' }, { field: 'colour', type: 'string', optional: true }], { id: 2, name: 'mug', colour: 'blue' }) },
    ]);
    await waitFor(async () => (await countOf('products')) === 2, { what: 'evolved row' });
    expect(await rowsOf('SELECT id, name, colour FROM products ORDER BY id')).toEqual([
      { id: 1, name: 'kettle', colour: null },
      { id: 2, name: 'mug', colour: 'blue' },
    ]);
  });

  test('sends a poison record to the dead-letter topic and keeps writing the rest', async () => {
    await fixture.createTopic('payments');
    await createSink('payments-sink', {
      topics: 'payments',
      'auto.create': 'true',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'payments-dlq',
      'errors.deadletterqueue.context.headers.enable': 'true',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    });
    const fields = [{ field: 'id', type: 'int32' }, { field: 'amount', type: 'float64' }];
    await fixture.produce('payments', [
      { value: envelope(fields, { id: 1, amount: 9.5 }) },
      { key: 'poison', value: '{not json' },
      { value: envelope(fields, { id: 2, amount: 3 }) },
    ]);
    await waitFor(async () => (await countOf('payments')) === 2, { what: 'good rows' });
    const [dead] = await fixture.consume('payments-dlq', 1);
    expect(dead).toMatchObject({ key: 'poison', value: '{not json' });
    expect(dead!.headers).toMatchObject({
      '__connect.errors.topic': 'payments',
      '__connect.errors.offset': '1',
      '__connect.errors.stage': 'VALUE_CONVERTER',
      '__connect.errors.connector.name': 'payments-sink',
      '__connect.errors.exception.class.name': 'org.apache.kafka.connect.errors.DataException',
    });
    // The status shows once the worker read it back from its status topic; the rows may come first.
    await waitFor(async () => (await rest(workerUrl, 'GET', '/connectors/payments-sink/status')).body.tasks?.[0]?.state === 'RUNNING', { what: 'payments-sink task RUNNING' });
  });

  test('fails the task with a trace on a poison record when errors.tolerance is none, and writes nothing after it', async () => {
    await fixture.createTopic('refunds');
    await createSink('refunds-sink', { topics: 'refunds', 'auto.create': 'true' });
    await fixture.produce('refunds', [{ value: '{broken' }, { value: envelope([{ field: 'id', type: 'int32' }], { id: 1 }) }]);
    const task = await waitFor(async () => {
      const status = await rest(workerUrl, 'GET', '/connectors/refunds-sink/status');
      return status.body.tasks[0]?.state === 'FAILED' && status.body.tasks[0];
    }, { what: 'FAILED task' });
    expect(task.trace).toContain('org.apache.kafka.connect.errors.DataException');
    expect(task.trace).toContain('Converting byte[] to Kafka Connect data failed');
    const tables = await rowsOf("SELECT 1 FROM information_schema.tables WHERE table_name = 'refunds'");
    expect(tables).toHaveLength(0);
  });

  test('deletes rows on tombstones when delete.enabled with pk.mode record_key', async () => {
    await fixture.createTopic('carts');
    await createSink('carts-sink', {
      topics: 'carts',
      'auto.create': 'true',
      'insert.mode': 'upsert',
      'pk.mode': 'record_key',
      'pk.fields': 'cart_id',
      'delete.enabled': 'true',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    });
    const fields = [{ field: 'items', type: 'int32' }];
    await fixture.produce('carts', [
      { key: 'a', value: envelope(fields, { items: 1 }) },
      { key: 'b', value: envelope(fields, { items: 2 }) },
    ]);
    await waitFor(async () => (await countOf('carts')) === 2, { what: 'two carts' });
    await fixture.produce('carts', [{ key: 'a', value: null }]);
    await waitFor(async () => (await countOf('carts')) === 1, { what: 'a deleted' });
    expect(await rowsOf('SELECT cart_id, items FROM carts')).toEqual([{ cart_id: 'b', items: 2 }]);
  });

  test('refuses schemaless records with Confluent RecordValidator message, failing the task even with errors.tolerance=all', async () => {
    await fixture.createTopic('plain');
    await createSink('plain-sink', {
      topics: 'plain',
      'auto.create': 'true',
      'pk.mode': 'record_value',
      'pk.fields': 'id',
      'insert.mode': 'upsert',
      // The record converts fine (a map with no schema); the sink's put() refuses it, which errors.tolerance does not cover.
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'plain-dlq',
    });
    await fixture.produce('plain', [{ value: JSON.stringify({ id: 1, name: 'x' }), timestamp: '1700000000000' }]);
    const task = await waitFor(async () => {
      const status = await rest(workerUrl, 'GET', '/connectors/plain-sink/status');
      return status.body.tasks?.[0]?.state === 'FAILED' && status.body.tasks[0];
    }, { what: 'FAILED task' });
    expect(task.trace).toContain(
      "org.apache.kafka.connect.errors.ConnectException: Sink connector 'plain-sink' is configured with 'delete.enabled=false' and 'pk.mode=record_value' and therefore requires records with a non-null Struct value and non-null Struct schema, but found record at (topic='plain',partition=0,offset=0,timestamp=1700000000000) with a HashMap value and null value schema.",
    );
    expect(await rowsOf("SELECT 1 FROM information_schema.tables WHERE table_name = 'plain'")).toHaveLength(0);
  });

  test('keys rows by Kafka coordinates with pk.mode kafka, and changes existing rows only in update mode', async () => {
    await fixture.createTopic('clicks');
    await createSink('clicks-sink', { topics: 'clicks', 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'kafka' });
    const fields = [{ field: 'page', type: 'string' }];
    await fixture.produce('clicks', [{ value: envelope(fields, { page: '/a' }) }, { value: envelope(fields, { page: '/b' }) }]);
    await waitFor(async () => (await countOf('clicks')) === 2, { what: 'two clicks' });
    expect(await rowsOf('SELECT __connect_topic, __connect_partition, __connect_offset::int AS offset, page FROM clicks ORDER BY 3')).toEqual([
      { __connect_topic: 'clicks', __connect_partition: 0, offset: 0, page: '/a' },
      { __connect_topic: 'clicks', __connect_partition: 0, offset: 1, page: '/b' },
    ]);

    await db.query('CREATE TABLE prices (sku text PRIMARY KEY, price double precision)');
    await db.query("INSERT INTO prices VALUES ('tea', 1.5)");
    await fixture.createTopic('price-updates');
    await createSink('prices-sink', { topics: 'price-updates', 'table.name.format': 'prices', 'insert.mode': 'update', 'pk.mode': 'record_value', 'pk.fields': 'sku' });
    const priceFields = [{ field: 'sku', type: 'string' }, { field: 'price', type: 'float64' }];
    await fixture.produce('price-updates', [{ value: envelope(priceFields, { sku: 'tea', price: 2.25 }) }, { value: envelope(priceFields, { sku: 'coffee', price: 3 }) }]);
    await waitFor(async () => (await rowsOf('SELECT price FROM prices WHERE sku = \'tea\''))[0]?.price === 2.25, { what: 'updated price' });
    expect(await rowsOf('SELECT sku FROM prices')).toEqual([{ sku: 'tea' }]);
  });

  test('resumes after a worker restart without losing or duplicating records', async () => {
    await fixture.createTopic('visits', 2);
    const name = 'visits-sink';
    const worker = await fixture.startWorker({ version });
    const answer = await rest(worker.url, 'POST', '/connectors', {
      name,
      config: { 'connector.class': 'JdbcSinkConnector', ...jdbcConfigFor(database.url), topics: 'visits', 'auto.create': 'true', 'tasks.max': '2', 'batch.size': '50' },
    });
    expect(answer.status).toBe(201);
    const batch = (from: number) =>
      Array.from({ length: 150 }, (_, i) => ({ partition: (from + i) % 2, value: envelope([{ field: 'n', type: 'int32' }], { n: from + i }) }));
    await fixture.produce('visits', batch(0));
    await waitFor(async () => (await countOf('visits')) === 150, { what: 'first 150 rows' });
    await worker.stop();
    await fixture.produce('visits', batch(150));

    // A new worker on the same Kafka finds the connector in connect-configs and its progress in the group offsets.
    const restarted = await fixture.startWorker({ version });
    await waitFor(async () => (await countOf('visits')) >= 300, { what: '300 rows', timeoutMs: 15_000 });
    expect(await rowsOf('SELECT count(*)::int AS total, count(DISTINCT n)::int AS distinct_n FROM visits')).toEqual([{ total: 300, distinct_n: 300 }]);
    // The stopped worker left its tasks UNASSIGNED in the status topic; the new one's RUNNING shows once read back.
    const states = async () => ((await rest(restarted.url, 'GET', `/connectors/${name}/status`)).body.tasks ?? []).map((t: { state: string }) => t.state).join();
    await waitFor(async () => (await states()) === 'RUNNING,RUNNING', { what: 'both tasks RUNNING after the restart' });
  });
});
