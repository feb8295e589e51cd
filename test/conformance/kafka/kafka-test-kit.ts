import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Consumer, type ConsumerConfig, type KafkaConfig } from 'kafkajs';
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

/** Per-suite harness: brokers and clients it creates are disposed in afterAll, even when a test fails. */
export function kafkaTestKit() {
  const leftovers = createLeftovers();
  let counter = 0;
  return {
    leftovers,
    async broker(options: EmbeddedKafkaOptions = {}): Promise<EmbeddedKafka> {
      const broker = await startEmbeddedKafka({ port: 0, ...options });
      leftovers.add(() => broker.stop());
      return broker;
    },
    client(broker: { brokers: string }, config: Partial<KafkaConfig> = {}): Kafka {
      return new Kafka({ clientId: `conformance-${++counter}`, brokers: [broker.brokers], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 50 }, ...config });
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
