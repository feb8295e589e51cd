import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaAdmin, createKafkaProducer } from '../../../src/adapters/kafka';
import { seededRandom } from '../../../src/pipeline/demo/demo-data';
import { createLogger } from '../../../src/logging/logger';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor, withDeadline } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

const TOTAL = 50_000;
const PARTITIONS = 3;

let broker: EmbeddedKafka;
let app: TestApp;
let kafka: KafkaClient;

beforeAll(async () => {
  broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  kafka = new KafkaClient({ brokers: [broker.brokers], logger: createLogger({ level: 'silent' }) });
  leftovers.add(() => kafka.close());
  await createKafkaAdmin(kafka).createTopic({ name: 'resume', partitions: PARTITIONS, replicationFactor: 1, configs: [] });
  app = await startTestApp({
    kafkaBrokers: [broker.brokers],
    env: { ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0', LIVE_SUBSCRIBER_BUFFER: '20000', LIVE_REPLAY_EVENTS: '5000', LIVE_CONSUMER_LINGER_MS: '60000' },
  });
  leftovers.add(() => app.stop());
});

interface Message {
  partition: number;
  offset: string;
  cursor: string;
}

const QUERY = `subscription($from: LiveStartInput) { topicMessages(topic: "resume", from: $from, format: STRING) { partition offset cursor } }`;

describe('resume by cursor', () => {
  it(`delivers every one of ${TOTAL} events exactly once, in partition order, across random disconnects`, async () => {
    const producer = createKafkaProducer(kafka);
    let produced = 0;
    const producing = (async () => {
      while (produced < TOTAL) {
        const batch = Array.from({ length: 2_500 }, (_, i) => ({ value: `m${produced + i}`, partition: (produced + i) % PARTITIONS }));
        await producer.send('resume', batch);
        produced += batch.length;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    const random = seededRandom(7);
    const seen: number[][] = Array.from({ length: PARTITIONS }, () => []);
    let received = 0;
    let cursor: string | undefined;
    let sessions = 0;
    let socketsDropped = 0;
    // A throughput bound, not a wait for one event: 50,000 deliveries take ~40 s on a quiet 2-core machine, more under load.
    const deadline = Date.now() + 150_000;

    while (received < TOTAL && Date.now() < deadline) {
      sessions++;
      const quota = 1 + Math.floor(random() * 6_000);
      const dropSocket = random() < 0.5;
      const client: Client = createClient({ url: app.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      const session = new Promise<void>((resolve, reject) => {
        let taken = 0;
        let stopped = false;
        const stop = () => {
          if (stopped) return;
          stopped = true;
          // Half the sessions complete the operation politely, the others just lose the socket (dispose below).
          if (!dropSocket) unsubscribe();
          resolve();
        };
        const unsubscribe = client.subscribe<{ topicMessages: Message }>(
          { query: QUERY, variables: { from: cursor ? { cursor } : { position: 'EARLIEST' } } },
          {
            next: ({ data, errors }) => {
              if (stopped) return; // arrived after we decided to leave: never counted, the cursor stays put
              if (errors) return reject(new Error(JSON.stringify(errors)));
              const m = data!.topicMessages;
              seen[m.partition]!.push(Number(m.offset));
              cursor = m.cursor;
              received++;
              taken++;
              if (taken >= quota || received >= TOTAL) stop();
            },
            error: reject,
            complete: stop,
          },
        );
      });
      // A session that stops receiving fails here with what it was waiting for, not at the suite's timeout.
      await withDeadline(session, { timeoutMs: 60_000, what: `session ${sessions}: ${quota} events after ${received} received in all` });
      if (dropSocket) socketsDropped++;
      await withDeadline(Promise.resolve(client.dispose()), { what: `session ${sessions}'s client to close` });
      if (process.env.RESUME_DEBUG) console.log(sessions, quota, dropSocket, received, Date.now());
    }
    await producing;

    expect(received).toBe(TOTAL);
    for (let p = 0; p < PARTITIONS; p++) {
      const offsets = seen[p]!;
      expect(offsets.length).toBe(Math.floor(TOTAL / PARTITIONS) + (p < TOTAL % PARTITIONS ? 1 : 0));
      // Exactly once and in order: the offsets of each partition are 0, 1, 2, … with nothing missing or repeated.
      expect(offsets.every((offset, i) => offset === i)).toBe(true);
    }
    expect(sessions).toBeGreaterThan(10);
    expect(socketsDropped).toBeGreaterThan(0);
    await waitFor(() => app.container.services.live.feeds().every((f) => f.members === 0), { what: 'members gone' });
  }, 180_000);
});
