import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaAdmin, createKafkaProducer, TopicReader, type KafkaRecord } from '../../../src/adapters/kafka';
import { createLogger } from '../../../src/logging/logger';
import { createEventGenerator } from '../../../src/pipeline/generator/event-generator';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());
const logger = createLogger({ level: 'silent' });

let broker: EmbeddedKafka;
let app: TestApp;
let kafka: KafkaClient;

/** Everything currently in a topic, read with a private reader. */
async function readAll(topic: string, expected: number): Promise<KafkaRecord[]> {
  const records: KafkaRecord[] = [];
  const ends = await createKafkaAdmin(kafka).topicOffsets(topic);
  const reader = new TopicReader(kafka, {
    topic,
    groupId: `check-${topic}-${Date.now()}`,
    startOffsets: new Map(ends.map((e) => [e.partition, 0])),
    onRecords: (batch) => void records.push(...batch),
    logger,
  });
  await reader.start();
  try {
    await waitFor(() => records.length >= expected, { what: `${expected} records in ${topic}`, timeoutMs: 15_000 });
  } finally {
    await reader.stop();
  }
  return records;
}

beforeAll(async () => {
  broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  kafka = new KafkaClient({ brokers: [broker.brokers], logger });
  leftovers.add(() => kafka.close());
  app = await startTestApp({ kafkaBrokers: [broker.brokers], seed: true, env: { ENRICHER_ENABLED: 'true', DEMO_GENERATOR_RATE: '0' } });
  leftovers.add(() => app.stop());
});

function enricherStats() {
  return (app.container.readiness.enricher as () => Promise<{ ok: boolean; detail?: string }>)();
}

describe('enrichment worker', () => {
  it('joins clickstream events with users, devices and urls, keyed by user_id', async () => {
    await waitFor(async () => (await enricherStats()).ok, { what: 'enricher up', timeoutMs: 15_000 });
    const producer = createKafkaProducer(kafka);
    await producer.send('clickstream', [
      { key: '42', value: JSON.stringify({ timestamp: 1_700_000_000_123, user_id: 42, url: 'https://example.com/sports/page-3', device_id: 5 }) },
    ]);
    const [record] = await readAll('enriched-clickstream', 1);
    expect(record!.key!.toString()).toBe('42');
    const value = JSON.parse(record!.value!.toString());
    expect(value).toEqual({
      timestamp: 1_700_000_000_123,
      user_id: 42,
      device_id: 5,
      url: 'https://example.com/sports/page-3',
      user_name: expect.stringMatching(/_42$/),
      device_type: expect.any(String),
      url_category: 'sports',
    });
  });

  it('sends malformed and unjoinable events to the dead-letter topic with headers saying why, counts them and keeps going', async () => {
    const producer = createKafkaProducer(kafka);
    await producer.send('clickstream', [
      { key: 'a', value: '{"timestamp": 1, "user_id": ' },
      { key: 'b', value: JSON.stringify({ timestamp: 1_700_000_000_000, user_id: 999_999, url: 'https://example.com/news/page-1', device_id: 1 }) },
      { key: 'c', value: JSON.stringify({ timestamp: 1_700_000_000_000, user_id: 1, url: 'https://example.com/nowhere', device_id: 1 }) },
      { key: 'd', value: JSON.stringify({ timestamp: 1_700_000_000_001, user_id: 2, url: 'https://example.com/news/page-2', device_id: 2 }) },
    ]);
    const dead = await readAll('clickstream-dlq', 3);
    const reasons = Object.fromEntries(dead.map((r) => [r.key!.toString(), r.headers['x-error-reason']!.toString()]));
    expect(reasons).toEqual({ a: 'malformed-json', b: 'unknown-user', c: 'unknown-url' });
    const first = dead.find((r) => r.key!.toString() === 'a')!;
    expect(first.value!.toString()).toBe('{"timestamp": 1, "user_id": ');
    expect(first.headers['x-source-topic']!.toString()).toBe('clickstream');
    expect(Number(first.headers['x-source-offset']!.toString())).toBeGreaterThanOrEqual(0);
    expect(first.headers['x-error-message']!.toString()).toMatch(/not JSON/);
    // The valid event after the bad ones still went through.
    await readAll('enriched-clickstream', 2);
    const detail = (await enricherStats()).detail!;
    expect(detail).toMatch(/2 enriched, 3 dead-lettered/);
  });

  it('commits offsets only for what it has produced, so the group ends with no lag', async () => {
    const generator = createEventGenerator({ producer: createKafkaProducer(kafka), rate: 2_000, stockRate: 0, count: 500, invalidRate: 0.1, seed: 3, logger, tickMs: 20 });
    generator.start();
    await generator.done;
    const total = 2 + 3 + 500;
    await waitFor(
      async () => {
        const group = await app.container.services.topics.getGroup('pipegraph-enricher');
        return group && group.totalLag === '0' && group.offsets.reduce((sum, o) => sum + Number(o.committedOffset ?? 0), 0) === 5 + 500;
      },
      { what: 'enricher caught up', timeoutMs: 20_000 },
    );
    const enriched = (await createKafkaAdmin(kafka).topicOffsets('enriched-clickstream')).reduce((sum, p) => sum + Number(p.high), 0);
    const dead = (await createKafkaAdmin(kafka).topicOffsets('clickstream-dlq')).reduce((sum, p) => sum + Number(p.high), 0);
    expect(enriched + dead).toBe(total);
    expect(generator.stats.invalid).toBeGreaterThan(0);
    expect(dead).toBe(3 + generator.stats.invalid);
  });
});
