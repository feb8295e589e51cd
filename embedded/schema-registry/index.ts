import type http from 'node:http';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { kafkaLogCreator } from '../kafkajs-log';
import { childOf, silentLogger, type EmbeddedLogger } from '../logger';
import { ensureInternalTopics, readTopicsToEnd } from '../connect/storage/key-value-log';
import { startRegistryServer } from './http-server';
import { Registry, type RecordSink } from './registry';
import { registryRoutes } from './routes';
import { SchemaStore, type StoreKey } from './schema-store';

export interface EmbeddedSchemaRegistryOptions {
  /** Interface the REST API binds. Default '127.0.0.1'. */
  host?: string;
  /** REST port. Default 8081; 0 = ephemeral (the returned url has the bound port). */
  port?: number;
  /** Kafka bootstrap servers, comma-separated "host:port" (required): the state lives in `topic`. */
  kafkaBrokers: string;
  /** kafkastore.topic. Default '_schemas' (1 partition, cleanup.policy=compact when the broker knows it). */
  topic?: string;
  /** Default silentLogger. */
  logger?: EmbeddedLogger;
  /** How long reading the topic at start may take before start rejects. Default 30_000 ms. */
  startupTimeoutMs?: number;
}

export interface EmbeddedSchemaRegistry {
  /** Base URL of the REST API, e.g. http://127.0.0.1:8081 */
  url: string;
  port: number;
  /** Closes the listener and the Kafka clients. */
  stop(): Promise<void>;
}

/** Appends each record to the `_schemas` topic with the registry's JSON keys, acknowledged by all replicas. */
function topicSink(producer: Producer, topic: string): RecordSink {
  return {
    async append(key: StoreKey, value: unknown | null) {
      await producer.send({ topic, acks: -1, messages: [{ key: JSON.stringify(key), value: value === null ? null : JSON.stringify(value) }] });
    },
  };
}

/**
 * Starts a Confluent-compatible Schema Registry (REST API of 8.x, default context) whose state is the `_schemas` topic:
 * it replays the topic at start, so a registry started again against the same Kafka has every subject, id and config.
 * Rejects if Kafka is unreachable or the port cannot be bound; nothing is left running then.
 */
export async function startEmbeddedSchemaRegistry(options: EmbeddedSchemaRegistryOptions): Promise<EmbeddedSchemaRegistry> {
  const host = options.host ?? '127.0.0.1';
  const topic = options.topic ?? '_schemas';
  const logger = childOf(options.logger ?? silentLogger, { component: 'embedded-schema-registry' });
  const kafka = new Kafka({
    clientId: 'schema-registry',
    brokers: options.kafkaBrokers.split(',').map((b) => b.trim()).filter(Boolean),
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
    retry: { retries: 5, initialRetryTime: 100 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
  let server: http.Server | undefined;
  const stop = async () => {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    server?.closeAllConnections();
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  };
  try {
    await admin.connect();
    await producer.connect();
    await ensureInternalTopics(admin, [topic], logger);
    const store = new SchemaStore();
    const records = await readTopicsToEnd(kafka, admin, [topic], { timeoutMs: options.startupTimeoutMs ?? 30_000, groupPrefix: 'schema-registry-restore' });
    for (const { key, value } of records.get(topic) ?? []) store.apply(JSON.parse(key) as StoreKey, value);
    const listening = await startRegistryServer(host, options.port ?? 8081, registryRoutes(new Registry(store, topicSink(producer, topic))), logger);
    server = listening.server;
    logger.info({ port: listening.port, topic, subjects: store.subjects.size }, 'embedded schema registry listening');
    return { url: `http://${host}:${listening.port}`, port: listening.port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
