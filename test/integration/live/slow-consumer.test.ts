import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaAdmin, createKafkaProducer } from '../../../src/adapters/kafka';
import { createLogger } from '../../../src/logging/logger';
import { createLeftovers } from '../../helpers/leftovers';
import { openRawClient } from '../../helpers/live/raw-graphql-ws';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

let broker: EmbeddedKafka;
let app: TestApp;
let kafka: KafkaClient;

beforeAll(async () => {
  broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  kafka = new KafkaClient({ brokers: [broker.brokers], logger: createLogger({ level: 'silent' }) });
  leftovers.add(() => kafka.close());
  await createKafkaAdmin(kafka).createTopic({ name: 'firehose', partitions: 1, replicationFactor: 1, configs: [] });
  app = await startTestApp({
    kafkaBrokers: [broker.brokers],
    env: { ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0', LIVE_SUBSCRIBER_BUFFER: '20', LIVE_SOCKET_HIGH_WATER_BYTES: '65536' },
  });
  leftovers.add(() => app.stop());
});

describe('slow consumers', () => {
  it('ends a subscriber that stops reading with SLOW_CONSUMER and keeps serving a fast one', async () => {
    const slow = await openRawClient(app.wsUrl);
    leftovers.add(() => slow.close());
    const fast = await openRawClient(app.wsUrl);
    leftovers.add(() => fast.close());
    const query = `subscription { topicMessages(topic: "firehose", format: STRING) { offset value } }`;
    slow.subscribe('s', query);
    fast.subscribe('f', query);
    await waitFor(() => app.container.services.live.feeds().some((f) => f.members === 2), { what: 'both subscribed' });
    slow.pauseReading();

    const value = 'x'.repeat(20_000);
    const producer = createKafkaProducer(kafka);
    for (let i = 0; i < 20; i++) await producer.send('firehose', Array.from({ length: 50 }, () => ({ value })));

    await waitFor(() => fast.messages.filter((m) => m.type === 'next').length === 1_000, { what: 'fast subscriber got everything', timeoutMs: 20_000 });
    await waitFor(() => app.container.services.live.feeds().some((f) => f.members === 1), { what: 'slow subscriber dropped', timeoutMs: 20_000 });
    slow.resumeReading();
    const error = await waitFor(() => slow.messages.find((m) => m.type === 'error'), { what: 'error message', timeoutMs: 20_000 });
    expect(error.id).toBe('s');
    expect(error.payload[0].extensions).toMatchObject({ code: 'SLOW_CONSUMER', retriable: true });
    expect(slow.messages.filter((m) => m.type === 'next').length).toBeLessThan(1_000);
  }, 60_000);
});
