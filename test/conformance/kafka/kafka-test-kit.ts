import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Admin, type Consumer, type ConsumerConfig, type KafkaConfig } from 'kafkajs';
import { startEmbeddedKafka, type EmbeddedKafka, type EmbeddedKafkaOptions } from '../../../embedded/kafka';
import { createLeftovers } from '../../helpers/leftovers';

/** Consumer settings that make rebalances take milliseconds instead of seconds (no sleeps, just short timers). */
export const FAST_CONSUMER: Omit<ConsumerConfig, 'groupId'> = {
  sessionTimeout: 6_000,
  rebalanceTimeout: 4_000,
  heartbeatInterval: 100,
  maxWaitTimeInMs: 100,
  retry: { retries: 10, initialRetryTime: 50, maxRetryTime: 500 },
};

export function tempDataDir(prefix = 'pipegraph-kafka-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * An external broker for the same assertions (CONFORMANCE_KAFKA_BROKERS="host:port[,host:port]", e.g. docker-compose's
 * Kafka); unset: every test starts the stand-in. Suites name their topics as usual: against an external broker the
 * kit deletes, after each test, the topics and groups the test created, so names can repeat and a suite can rerun.
 */
export const EXTERNAL_BROKERS = process.env.CONFORMANCE_KAFKA_BROKERS?.trim() || null;

/** `it`, skipped against an external broker: the test needs the stand-in (its files, options or lifecycle). */
export const itWithStandIn: jest.It = EXTERNAL_BROKERS ? it.skip : it;

type BrokerHandle = Pick<EmbeddedKafka, 'host' | 'port' | 'brokers' | 'stop'>;

function externalHandle(brokers: string): BrokerHandle {
  const [first = ''] = brokers.split(',');
  const at = first.lastIndexOf(':');
  return { host: first.slice(0, at), port: Number(first.slice(at + 1)), brokers, stop: async () => undefined };
}

/**
 * After each test on an external broker: disposes the test's clients (a group with members cannot be deleted), then
 * deletes the topics and groups it created, waiting until Kafka has let go of the topic names.
 */
function externalJanitor(brokers: string, leftovers: ReturnType<typeof createLeftovers>) {
  const kafka = new Kafka({ clientId: 'conformance-janitor', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  let before: { topics: Set<string>; groups: Set<string> } | null = null;
  afterEach(async () => {
    await leftovers.drain();
    if (!before) return;
    const seen = before;
    before = null;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => !seen.groups.has(id));
      if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
      const topics = (await admin.listTopics()).filter((name) => !seen.topics.has(name) && !name.startsWith('__'));
      if (topics.length > 0) {
        await admin.deleteTopics({ topics }).catch(() => undefined);
        await waitForGone(admin, topics);
      }
    } finally {
      await admin.disconnect();
    }
  }, 60_000);
  return {
    /** Remembers what exists before the test's first broker() call. */
    async snapshot(): Promise<void> {
      if (before) return;
      const admin = kafka.admin();
      await admin.connect();
      try {
        before = { topics: new Set(await admin.listTopics()), groups: new Set((await admin.listGroups()).groups.map((g) => g.groupId)) };
      } finally {
        await admin.disconnect();
      }
    },
  };
}

async function waitForGone(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const left = new Set(await admin.listTopics());
    if (topics.every((topic) => !left.has(topic))) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Per-suite harness: brokers and clients it creates are disposed in afterAll, even when a test fails. */
export function kafkaTestKit() {
  const leftovers = createLeftovers();
  const janitor = EXTERNAL_BROKERS ? externalJanitor(EXTERNAL_BROKERS, leftovers) : null;
  let counter = 0;
  return {
    leftovers,
    /** True when the assertions run against CONFORMANCE_KAFKA_BROKERS. */
    external: janitor !== null,
    /**
     * The stand-in (started with `options`), or the external broker. Against an external broker, options other than
     * none are an error: mark such tests `itWithStandIn`.
     */
    async broker(options: EmbeddedKafkaOptions = {}): Promise<BrokerHandle> {
      if (janitor && EXTERNAL_BROKERS) {
        const standInOptions = Object.keys(options).filter((key) => options[key as keyof EmbeddedKafkaOptions] !== undefined);
        if (standInOptions.length > 0) throw new Error(`stand-in options ${standInOptions.join(', ')} with an external broker: mark the test itWithStandIn`);
        await janitor.snapshot();
        return externalHandle(EXTERNAL_BROKERS);
      }
      const broker = await startEmbeddedKafka({ port: 0, ...options });
      leftovers.add(() => broker.stop());
      return broker;
    },
    client(broker: { brokers: string }, config: Partial<KafkaConfig> = {}): Kafka {
      return new Kafka({ clientId: `conformance-${++counter}`, brokers: broker.brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 50 }, ...config });
    },
    /** Connects and registers disconnect. */
    async connected<T extends { connect(): Promise<void>; disconnect(): Promise<void> }>(client: T): Promise<T> {
      await client.connect();
      leftovers.add(() => client.disconnect());
      return client;
    },
    tempDir(): string {
      const dir = tempDataDir();
      leftovers.add(() => fs.rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
  };
}

export interface Received {
  partition: number;
  offset: number;
  key: string;
  value: string;
  consumer: string;
}

/** Starts a consumer that records every message it sees into `sink`. */
export async function recordingConsumer(kafka: Kafka, groupId: string, topic: string, sink: Received[], name: string, extra: Partial<ConsumerConfig> = {}): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, ...FAST_CONSUMER, ...extra });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      sink.push({ partition, offset: Number(message.offset), key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', consumer: name });
    },
  });
  return consumer;
}
