import { Kafka, Partitioners, type Admin, type Consumer, type ConsumerConfig, type Producer } from 'kafkajs';
import type { Logger } from '../../logging/logger';
import { installed as brokerMessagesKept } from './broker-error-messages';
import { kafkajsLevelFor, pinoLogCreator } from './log-creator';

export interface KafkaClientOptions {
  brokers: string[];
  /** Prefix of every client and private group id. @default 'pipegraph' */
  clientId?: string;
  /** TCP connect timeout per broker. @default 3_000 */
  connectionTimeoutMs?: number;
  /** Per-request timeout. @default 15_000 */
  requestTimeoutMs?: number;
  logger: Logger;
}

/**
 * One kafkajs instance per process with a lazily connected shared admin and producer. Admin calls retry briefly
 * (≈1 s in total) so a broker outage surfaces as UPSTREAM_UNAVAILABLE quickly instead of after kafkajs's 30 s default.
 */
export class KafkaClient {
  readonly clientId: string;
  readonly logger: Logger;
  private readonly kafka: Kafka;
  private admin?: Promise<Admin>;
  private producer?: Promise<Producer>;
  private readonly consumers = new Set<Consumer>();

  constructor(options: KafkaClientOptions) {
    this.clientId = options.clientId ?? 'pipegraph';
    this.logger = options.logger;
    if (!brokerMessagesKept) this.logger.warn('kafkajs layout changed: Kafka errors will carry kafkajs text instead of the broker message');
    this.kafka = new Kafka({
      clientId: this.clientId,
      brokers: options.brokers,
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 15_000,
      retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 3 },
      logLevel: kafkajsLevelFor(options.logger),
      logCreator: pinoLogCreator(options.logger),
    });
  }

  /** The shared admin client, connected on first use; a failed connect is retried by the next caller. */
  async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin({ retry: { initialRetryTime: 100, maxRetryTime: 500, retries: 2 } });
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }

  /** The shared producer (acks from all in-sync replicas, no auto-created topics), connected on first use. */
  async getProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 3 },
      });
      this.producer = producer.connect().then(() => producer);
      this.producer.catch(() => (this.producer = undefined));
    }
    return this.producer;
  }

  /** A new consumer; disconnected by `close()` if its owner forgets. */
  createConsumer(config: ConsumerConfig): Consumer {
    const consumer = this.kafka.consumer({ allowAutoTopicCreation: false, ...config });
    this.consumers.add(consumer);
    return consumer;
  }

  /** Disconnects a consumer its owner is done with; a failed disconnect only matters to the log. */
  async releaseConsumer(consumer: Consumer, logger?: { debug(obj: object, msg: string): void }): Promise<void> {
    try {
      await consumer.disconnect();
    } catch (error) {
      logger?.debug({ err: (error as Error).message }, 'consumer disconnect failed');
    } finally {
      this.consumers.delete(consumer);
    }
  }

  async close(): Promise<void> {
    const pending: Array<Promise<unknown>> = [];
    for (const consumer of this.consumers) pending.push(consumer.disconnect().catch(() => undefined));
    this.consumers.clear();
    if (this.producer) pending.push(this.producer.then((p) => p.disconnect()).catch(() => undefined));
    if (this.admin) pending.push(this.admin.then((a) => a.disconnect()).catch(() => undefined));
    this.producer = undefined;
    this.admin = undefined;
    await Promise.all(pending);
  }
}
