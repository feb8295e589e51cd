import { Kafka, logLevel, type Message } from 'kafkajs';
import { startEmbeddedConnect, type EmbeddedConnect, type EmbeddedConnectOptions } from '../../../embedded/connect';
import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { createLeftovers } from '../../helpers/leftovers';

export interface RestAnswer<T = any> {
  status: number;
  body: T;
}

/** A JSON call to a Connect REST API; empty bodies come back as undefined. */
export async function rest<T = any>(baseUrl: string, method: string, path: string, body?: unknown): Promise<RestAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** jdbc:postgresql URL and credentials for a postgres:// URL (what a user would put in a JDBC sink config). */
export function jdbcConfigFor(postgresUrl: string): Record<string, string> {
  const url = new URL(postgresUrl);
  const config: Record<string, string> = { 'connection.url': `jdbc:postgresql://${url.hostname}:${url.port || 5432}${url.pathname}` };
  if (url.username) config['connection.user'] = decodeURIComponent(url.username);
  if (url.password) config['connection.password'] = decodeURIComponent(url.password);
  return config;
}

/** An embedded broker plus helpers to produce and to (re)start embedded Connect workers against it. */
export async function startConnectFixture() {
  const leftovers = createLeftovers();
  const broker: EmbeddedKafka = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  const client = new Kafka({ clientId: 'connect-tests', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
  const producer = client.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  leftovers.add(() => producer.disconnect());
  const admin = client.admin();
  await admin.connect();
  leftovers.add(() => admin.disconnect());

  return {
    broker,
    client,
    admin,
    async startWorker(options: Partial<EmbeddedConnectOptions> = {}): Promise<EmbeddedConnect> {
      const worker = await startEmbeddedConnect({ port: 0, kafkaBrokers: broker.brokers, ...options });
      leftovers.add(() => worker.stop());
      return worker;
    },
    async createTopic(topic: string, numPartitions = 1): Promise<void> {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions, replicationFactor: 1 }] });
    },
    async produce(topic: string, messages: Message[]): Promise<void> {
      await producer.send({ topic, acks: -1, messages });
    },
    /** Reads a topic from the beginning until `count` messages arrived. */
    async consume(topic: string, count: number, timeoutMs = 10_000) {
      const consumer = client.consumer({ groupId: `reader-${Math.random().toString(36).slice(2)}` });
      const received: Array<{ key: string | null; value: string | null; headers: Record<string, string> }> = [];
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`only ${received.length}/${count} messages on ${topic}`)), timeoutMs);
          void consumer.run({
            eachMessage: async ({ message }) => {
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
              received.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers });
              if (received.length >= count) {
                clearTimeout(timer);
                resolve();
              }
            },
          });
        });
      } finally {
        await consumer.disconnect();
      }
      return received;
    },
    add: leftovers.add,
    dispose: () => leftovers.drain(),
  };
}

/** A Connect JSON envelope (schemas.enable=true) for a struct value. */
export function envelope(fields: Array<{ field: string; type: string; optional?: boolean; name?: string }>, payload: Record<string, unknown>): string {
  return JSON.stringify({
    schema: { type: 'struct', optional: false, fields: fields.map((f) => ({ optional: false, ...f })) },
    payload,
  });
}
