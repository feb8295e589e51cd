import type { Client } from 'graphql-ws';
import pg from 'pg';
import pino from 'pino';
import { createKafkaAdmin, createKafkaProducer, KafkaClient } from '../../../src/adapters/kafka';
import { PayloadDecoder, SchemaRegistryClient } from '../../../src/adapters/schema-registry';
import { CLICK_SCHEMA, STOCK_TRANSACTION_SCHEMA } from '../../../src/pipeline/demo/avro-schemas';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

let app: TestApp;
let kafka: KafkaClient;
let writer: PayloadDecoder;
// One click whose timestamp no other event has: the generator is off, datagen writes other users' clicks.
const at = Date.now() - (Date.now() % 1000) + 777;
const click = { timestamp: at, user_id: 42, url: 'https://example.com/sports/page-3', device_id: 5 };
let raw: { events: Array<{ topicMessages: any }>; errors: unknown[] };
let clickSchemaId: number;

function collect<T>(client: Client, query: string) {
  const events: T[] = [];
  const errors: unknown[] = [];
  const dispose = client.subscribe<T>({ query }, { next: (value) => (value.errors ? errors.push(...value.errors) : events.push(value.data as T)), error: (e) => errors.push(e), complete: () => undefined });
  leftovers.add(dispose);
  return { events, errors };
}

beforeAll(async () => {
  // The zero-setup pipeline with a registry: the enricher on, the demo Pinot tables and connectors provisioned.
  app = await startTestApp({
    backends: ['kafka', 'pinot', 'connect', 'schema-registry'],
    seed: true,
    env: { ENRICHER_ENABLED: 'true', PINOT_DEMO_TABLES: 'true', CONNECT_DEMO_CONNECTORS: 'true', DEMO_GENERATOR_RATE: '0', ANALYTICS_CACHE_TTL_MS: '0' },
  });
  leftovers.add(() => app.stop());
  kafka = new KafkaClient({ brokers: app.endpoints.kafkaBrokers, logger: pino({ level: 'silent' }) });
  leftovers.add(() => kafka.close());
  writer = new PayloadDecoder(new SchemaRegistryClient({ url: app.endpoints.schemaRegistryUrl!, timeoutMs: 5_000, logger: pino({ level: 'silent' }) }));
  await waitFor(async () => (await (app.container.readiness.enricher as () => Promise<{ ok: boolean }>)()).ok, { what: 'enricher up', timeoutMs: 20_000 });
}, 60_000);

describe('the demo pipeline on Confluent Avro', () => {
  it('decodes an Avro click in topicMessages, delivers it enriched (Avro) to a live subscription, and Pinot aggregates it', async () => {
    const client = app.wsClient();
    raw = collect<{ topicMessages: any }>(client, `subscription { topicMessages(topic: "clickstream", from: { position: EARLIEST }) { format schemaId valueJson decodeError } }`);
    const enriched = collect<{ enrichedClickstream: any }>(client, `subscription { enrichedClickstream(where: { userId: 42 }, from: { position: EARLIEST }) { timestamp userId userName deviceType url urlCategory } }`);
    const trade = { id: 'avro-e2e', user_id: 42, symbol: 'AVRO', shares: 1_000_000, purchase: true, update_at: Date.now() };
    const clickCodec = await writer.register('clickstream-value', { schema: JSON.stringify(CLICK_SCHEMA), schemaType: 'AVRO' });
    clickSchemaId = clickCodec.schemaId;
    const stockCodec = await writer.register('stock_transactions-value', { schema: JSON.stringify(STOCK_TRANSACTION_SCHEMA), schemaType: 'AVRO' });
    // The generator (off here) creates stock_transactions; the enricher created clickstream.
    await createKafkaAdmin(kafka).ensureTopic({ name: 'stock_transactions', partitions: 1, replicationFactor: 1, configs: [] });
    const producer = createKafkaProducer(kafka);
    await producer.send('clickstream', [{ key: '42', value: clickCodec.encode(click) }]);
    await producer.send('stock_transactions', [{ key: 'AVRO', value: stockCodec.encode(trade) }]);

    const decoded = await waitFor(() => raw.events.find((e) => e.topicMessages.valueJson?.timestamp === at), { what: 'the click in topicMessages', timeoutMs: 20_000 });
    expect(decoded.topicMessages).toEqual({ format: 'AVRO', schemaId: clickCodec.schemaId, valueJson: click, decodeError: null });

    const live = await waitFor(() => enriched.events.find((e) => new Date(e.enrichedClickstream.timestamp).getTime() === at), { what: 'the enriched click live', timeoutMs: 20_000 });
    expect(live.enrichedClickstream).toEqual({ timestamp: new Date(at).toISOString(), userId: 42, userName: expect.stringMatching(/_42$/), deviceType: expect.any(String), url: click.url, urlCategory: 'sports' });
    expect(enriched.errors).toEqual([]);
    // The enricher wrote Avro with the registered EnrichedClick schema, so the topic's value subject exists.
    const subject = await app.request('{ schemaSubject(name: "enriched-clickstream-value") { versions { schema } } }');
    expect(JSON.parse(subject.body.data.schemaSubject.versions[0].schema).name).toBe('EnrichedClick');

    const leaderboard = await waitFor(async () => {
      const { body } = await app.request('{ stockLeaderboard(last: "PT1H", limit: 1) { rows { symbol totalShares } } }');
      return body.data?.stockLeaderboard.rows[0]?.symbol === 'AVRO' && body.data.stockLeaderboard.rows;
    }, { what: 'the Avro trade on top of the Pinot leaderboard', timeoutMs: 20_000 });
    expect(leaderboard).toEqual([{ symbol: 'AVRO', totalShares: 1_000_000 }]);
    const traffic = await waitFor(async () => {
      const { body } = await app.request('{ clickstreamTraffic(bucket: { unit: DAY }, groupBy: URL_CATEGORY, timeRange: { last: "PT1H" }) { rows { key views } } }');
      return body.data?.clickstreamTraffic.rows.find((r: any) => r.key === 'sports');
    }, { what: 'the enriched click in the Pinot traffic aggregate', timeoutMs: 20_000 });
    expect(Number(traffic.views)).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('lands the enriched Avro click in clickstream_events through the JDBC sink reading with the AvroConverter, while datagen writes Avro Clicks', async () => {
    const db = new pg.Client({ connectionString: app.endpoints.databaseUrl });
    await db.connect();
    leftovers.add(() => db.end());
    const row = await waitFor(async () => {
      const { rows } = await db.query('SELECT user_id, device_id, url, url_category FROM clickstream_events WHERE user_id = 42 AND "timestamp" = $1', [new Date(at)]);
      return rows[0];
    }, { what: 'the click in clickstream_events', timeoutMs: 30_000 });
    expect(row).toEqual({ user_id: 42, device_id: 5, url: click.url, url_category: 'sports' });
    // Connect writes task status asynchronously and rebalances as connectors come and go: wait for the steady state.
    const states = (connectors: any[]) => connectors.map((c) => [c.name, c.state, c.tasks[0]?.state]);
    const steady = [
      ['demo-clickstream-datagen', 'RUNNING', 'RUNNING'],
      ['demo-clickstream-jdbc-sink', 'RUNNING', 'RUNNING'],
    ];
    let last: unknown;
    await waitFor(async () => {
      const { body } = await app.request('{ connectors { name state tasks { state } } }');
      last = states(body.data.connectors);
      return JSON.stringify(last) === JSON.stringify(steady);
    }, { what: 'both demo connectors and their tasks RUNNING', timeoutMs: 20_000, intervalMs: 100 }).catch(() => expect(last).toEqual(steady));
    // Datagen writes with the registered Click schema (use.latest.version), not a schema of its own.
    const generated = await waitFor(() => raw.events.find((e) => e.topicMessages.valueJson?.timestamp !== at), { what: 'a datagen click', timeoutMs: 20_000 });
    expect(generated.topicMessages).toMatchObject({ format: 'AVRO', schemaId: clickSchemaId, decodeError: null });
    expect(raw.errors).toEqual([]);
  }, 60_000);
});
