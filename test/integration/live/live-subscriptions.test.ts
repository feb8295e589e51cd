import type { Client } from 'graphql-ws';
import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaAdmin, createKafkaProducer } from '../../../src/adapters/kafka';
import { createLogger } from '../../../src/logging/logger';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

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
  app = await startTestApp({ kafkaBrokers: [broker.brokers], env: { ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0', LIVE_CONSUMER_LINGER_MS: '100' } });
  leftovers.add(() => app.stop());
});

describe('enrichedClickstream', () => {
  it('delivers only the events matching where, each with a cursor', async () => {
    const client = app.wsClient();
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
