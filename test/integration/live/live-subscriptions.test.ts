import type { Client } from 'graphql-ws';
import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaAdmin, createKafkaProducer } from '../../../src/adapters/kafka';
import { createLogger } from '../../../src/logging/logger';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

const KEYS = { viewer: 'viewer-key-0123456789', admin: 'admin-key-0123456789' };
const API_KEYS = 'viewer:viewer:viewer-key-0123456789,admin:admin:admin-key-0123456789';

let broker: EmbeddedKafka;
let app: TestApp;
let kafka: KafkaClient;

const enriched = (i: number, deviceType: string) =>
  JSON.stringify({ timestamp: 1_700_000_000_000 + i, user_id: i, device_id: 1, url: `https://example.com/news/page-${i % 5}`, user_name: `u${i}`, device_type: deviceType, url_category: 'news' });

function collect<T>(client: Client, query: string, variables: Record<string, unknown>) {
  const events: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        else events.push(value.data as T);
      },
      error: (error) => errors.push(error),
      complete: () => (completed = true),
    },
  );
  return { events, errors, dispose, isCompleted: () => completed };
}

beforeAll(async () => {
  broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  kafka = new KafkaClient({ brokers: [broker.brokers], logger: createLogger({ level: 'silent' }) });
  leftovers.add(() => kafka.close());
  await createKafkaAdmin(kafka).createTopic({ name: 'enriched-clickstream', partitions: 3, replicationFactor: 1, configs: [] });
  await createKafkaAdmin(kafka).createTopic({ name: 'tail', partitions: 2, replicationFactor: 1, configs: [] });
  app = await startTestApp({
    kafkaBrokers: [broker.brokers],
    env: { ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0', LIVE_CONSUMER_LINGER_MS: '100', LIVE_RESTRICTED_TOPICS: '__*,secret-*', API_KEYS },
  });
  leftovers.add(() => app.stop());
});

describe('enrichedClickstream', () => {
  it('delivers only the events matching where, each with a cursor', async () => {
    const client = app.wsClient({ apiKey: KEYS.viewer });
    const sub = collect<{ enrichedClickstream: { userId: number; deviceType: string; cursor: string } }>(
      client,
      'subscription($w: EnrichedClickstreamWhereInput) { enrichedClickstream(where: $w) { userId deviceType partition offset cursor } }',
      { w: { deviceType: 'mobile' } },
    );
    await waitFor(() => app.container.services.live.feeds().some((f) => f.members > 0), { what: 'subscriber joined' });
    const producer = createKafkaProducer(kafka);
    await producer.send('enriched-clickstream', [1, 2, 3, 4, 5, 6].map((i) => ({ key: String(i), value: enriched(i, i % 2 ? 'mobile' : 'desktop') })));
    await waitFor(() => sub.events.length >= 3, { what: 'three mobile events' });
    expect(sub.errors).toEqual([]);
    expect(sub.events.map((e) => e.enrichedClickstream.userId).sort()).toEqual([1, 3, 5]);
    expect(sub.events.every((e) => e.enrichedClickstream.deviceType === 'mobile' && e.enrichedClickstream.cursor.length > 10)).toBe(true);
    sub.dispose();
  });
});

describe('enrichedClickstream inputs', () => {
  it.each([
    [{ position: 'LATEST', cursor: 'abc' }, 'from'],
    [{ cursor: 'not-a-cursor!' }, 'from.cursor'],
  ])('refuses from %j with BAD_USER_INPUT naming %s', async (from, field) => {
    const sub = collect(app.wsClient({ apiKey: KEYS.viewer }), 'subscription($f: LiveStartInput) { enrichedClickstream(from: $f) { userId } }', { f: from });
    await waitFor(() => sub.errors.length > 0, { what: 'error' });
    expect((sub.errors[0] as { extensions: { code: string; details: { field: string } } }).extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field } });
  });

  it('refuses a cursor issued for another topic', async () => {
    const producer = createKafkaProducer(kafka);
    const tail = collect<{ topicMessages: { cursor: string } }>(app.wsClient({ apiKey: KEYS.viewer }), 'subscription { topicMessages(topic: "tail", from: { position: EARLIEST }) { cursor } }', {});
    await producer.send('tail', [{ value: 'x', partition: 0 }]);
    await waitFor(() => tail.events.length > 0, { what: 'a tail event' });
    const sub = collect(app.wsClient({ apiKey: KEYS.viewer }), 'subscription($f: LiveStartInput) { enrichedClickstream(from: $f) { userId } }', {
      f: { cursor: tail.events[0]!.topicMessages.cursor },
    });
    await waitFor(() => sub.errors.length > 0, { what: 'error' });
    expect(sub.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'from.cursor' } } });
    tail.dispose();
  });
});

describe('topicMessages', () => {
  it('tails a topic from a timestamp, filtered by key and header, in each format', async () => {
    const producer = createKafkaProducer(kafka);
    const before = Date.now() - 1;
    await producer.send('tail', [
      { key: 'k1', value: '{"n":1}', headers: { source: 'web' }, partition: 1 },
      { key: 'k2', value: '{"n":2}', headers: { source: 'app' }, partition: 1 },
      { key: 'k1', value: 'not json', headers: { source: 'app' }, partition: 0 },
    ]);
    const query = `subscription($from: LiveStartInput, $where: TopicMessagesWhereInput, $format: MessageFormat) {
      topicMessages(topic: "tail", from: $from, where: $where, format: $format) { partition offset key value valueJson headers { key value } timestamp } }`;
    const client = app.wsClient({ apiKey: KEYS.viewer });
    const byKey = collect<{ topicMessages: any }>(client, query, { from: { timestamp: new Date(before).toISOString() }, where: { key: 'k1' }, format: 'JSON' });
    const byHeader = collect<{ topicMessages: any }>(client, query, { from: { position: 'EARLIEST' }, where: { header: { key: 'source', value: 'app' } }, format: 'BASE64' });
    await waitFor(() => byKey.events.length >= 2 && byHeader.events.length >= 2, { what: 'filtered events' });
    expect(byKey.errors).toEqual([]);
    expect(byKey.events.map((e) => [e.topicMessages.value, e.topicMessages.valueJson]).sort()).toEqual([
      ['not json', null],
      ['{"n":1}', { n: 1 }],
    ]);
    expect(byHeader.events.map((e) => e.topicMessages.key).sort()).toEqual([Buffer.from('k1').toString('base64'), Buffer.from('k2').toString('base64')]);
    expect(byHeader.events[0]!.topicMessages.headers).toEqual([{ key: 'source', value: Buffer.from('app').toString('base64') }]);
    byKey.dispose();
    byHeader.dispose();
  });

  it('refuses restricted topics to non-admins with FORBIDDEN and serves them to admins', async () => {
    await createKafkaAdmin(kafka).createTopic({ name: 'secret-payroll', partitions: 1, replicationFactor: 1, configs: [] });
    const query = 'subscription { topicMessages(topic: "secret-payroll") { offset } }';
    const viewer = collect(app.wsClient({ apiKey: KEYS.viewer }), query, {});
    await waitFor(() => viewer.errors.length > 0, { what: 'error' });
    expect(viewer.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const admin = collect(app.wsClient({ apiKey: KEYS.admin }), query, {});
    await waitFor(() => app.container.services.live.feeds().some((f) => f.topic === 'secret-payroll' && f.members === 1), { what: 'admin subscribed' });
    expect(admin.errors).toEqual([]);
    admin.dispose();
  });

  it('answers NOT_FOUND for a topic that does not exist', async () => {
    const sub = collect(app.wsClient({ apiKey: KEYS.viewer }), 'subscription { topicMessages(topic: "ghost") { offset } }', {});
    await waitFor(() => sub.errors.length > 0, { what: 'error' });
    expect(sub.errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});

describe('consumerGroupLag', () => {
  it('pushes the lag when it changes', async () => {
    const producer = createKafkaProducer(kafka);
    await createKafkaAdmin(kafka).createTopic({ name: 'work', partitions: 1, replicationFactor: 1, configs: [] });
    await producer.send('work', [{ value: '1' }, { value: '2' }]);
    const consumer = (kafka as unknown as { kafka: import('kafkajs').Kafka }).kafka.consumer({ groupId: 'workers' });
    leftovers.add(() => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topic: 'work', fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void seen++ });
    await waitFor(() => seen === 2, { what: 'consumed' });
    const lag = collect<{ consumerGroupLag: { totalLag: string; partitions: Array<{ lag: string | null }> } }>(
      app.wsClient({ apiKey: KEYS.viewer }),
      'subscription { consumerGroupLag(groupId: "workers", intervalMs: 500) { groupId state totalLag partitions { topic partition lag } at } }',
      {},
    );
    await waitFor(() => lag.events.some((e) => e.consumerGroupLag.totalLag === '0'), { what: 'lag 0' });
    await consumer.pause([{ topic: 'work' }]);
    await producer.send('work', [{ value: '3' }, { value: '4' }, { value: '5' }]);
    await waitFor(() => lag.events.some((e) => e.consumerGroupLag.totalLag === '3'), { what: 'lag 3', timeoutMs: 15_000 });
    const count = lag.events.length;
    expect(lag.errors).toEqual([]);
    // Unchanged numbers are not pushed again.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(lag.events.length).toBe(count);
    lag.dispose();
  });

  it.each([
    [100, 'intervalMs'],
    [1_000_000, 'intervalMs'],
  ])('refuses intervalMs %d with BAD_USER_INPUT', async (intervalMs, field) => {
    const sub = collect(app.wsClient({ apiKey: KEYS.viewer }), 'subscription($i: Int) { consumerGroupLag(groupId: "workers", intervalMs: $i) { totalLag } }', { i: intervalMs });
    await waitFor(() => sub.errors.length > 0, { what: 'error' });
    expect(sub.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field } } });
  });

  it('answers NOT_FOUND for an unknown group', async () => {
    const sub = collect(app.wsClient({ apiKey: KEYS.viewer }), 'subscription { consumerGroupLag(groupId: "nobody") { totalLag } }', {});
    await waitFor(() => sub.errors.length > 0, { what: 'error' });
    expect(sub.errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});
