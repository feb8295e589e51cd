/**
 * Real-time ingestion for one REALTIME table: a kafkajs consumer on the table's topic, decoding records with the
 * table's decoder (JSON, or Confluent Avro through a schema registry) and appending each fetched batch to DuckDB in
 * one appender flush. A record that cannot be decoded is dropped and counted (Pinot's INVALID_REALTIME_ROWS_DROPPED),
 * only the first one logged, as a consuming segment does; records with a null value are skipped as Pinot's Kafka
 * consumer skips them. It tracks freshness the way Pinot reports
 * minConsumingFreshnessTimeMs: "now" while caught up, else the timestamp of the newest ingested message.
 */
import { Kafka, logLevel, type Consumer, type LogEntry } from 'kafkajs';
import type { EmbeddedLogger } from '../logger';
import type { DuckStore } from './duck-store';
import type { ColumnSpec } from './pinot-schema';
import { type MessageDecoder, toRow } from './record-decoder';

export interface IngestorOptions {
  table: string;
  topic: string;
  brokers: string[];
  /** Stable group id (persistent data dir: resume after restart) or a fresh one (in-memory: re-read per policy). */
  groupId: string;
  /** stream.kafka.consumer.prop.auto.offset.reset: 'smallest' reads from the beginning, 'largest' (default) new only. */
  fromBeginning: boolean;
  columns: ColumnSpec[];
  /** The table's stream message decoder (createMessageDecoder). */
  decoder: MessageDecoder;
  /** Upsert tables: rows with the same key replace older ones. */
  keyColumns?: string[];
  store: DuckStore;
  logger: EmbeddedLogger;
  onAppended(rows: number): void;
}

interface PartitionState {
  caughtUp: boolean;
  lastMessageTimestamp: number;
}

// Short retries: a table is often created before its topic, and ingestion should start soon after the topic appears.
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 2_000;

export class RealtimeIngestor {
  private consumer?: Consumer;
  private stopped = false;
  private readonly partitions = new Map<number, PartitionState>();
  private previousFetchStart = 0;
  private freshAsOf = 0;
  private retryTimer?: NodeJS.Timeout;
  private consumed = 0;
  private dropped = 0;
  private waitingReported = false;

  constructor(private readonly options: IngestorOptions) {}

  /** Starts consuming in the background; connection failures are retried with backoff until stop(). */
  start(): void {
    void this.connect(RETRY_MIN_MS);
  }

  get documentsConsumed(): number {
    return this.consumed;
  }

  /** Records dropped because they could not be decoded (Pinot's numRowsErrored / INVALID_REALTIME_ROWS_DROPPED). */
  get rowsDropped(): number {
    return this.dropped;
  }

  /** Epoch millis up to which the table is known complete, or 0 before the first fetch. */
  freshnessMs(): number {
    const lagging = [...this.partitions.values()].filter((state) => !state.caughtUp);
    if (lagging.length === 0) return this.freshAsOf;
    return Math.min(...lagging.map((state) => state.lastMessageTimestamp));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async connect(backoffMs: number): Promise<void> {
    if (this.stopped) return;
    const { options } = this;
    const kafka = new Kafka({
      clientId: `pinot-embedded-${options.table}`,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.log(entry),
      retry: { retries: 3, initialRetryTime: 200 },
    });
    const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: true, retry: { retries: 5 } });
    this.consumer = consumer;
    consumer.on(consumer.events.FETCH_START, () => {
      // Batches of the previous fetch are appended before the next fetch starts, so when every partition was caught
      // up the table was complete as of the previous fetch.
      const now = Date.now();
      if ([...this.partitions.values()].every((state) => state.caughtUp) && this.previousFetchStart > 0) this.freshAsOf = this.previousFetchStart;
      this.previousFetchStart = now;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart && !this.stopped) {
        options.logger.warn({ table: options.table, error: event.payload.error.message }, 'pinot ingestion consumer crashed; reconnecting');
        void consumer.disconnect().catch(() => undefined).then(() => this.scheduleRetry(RETRY_MIN_MS));
      }
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
      await consumer.run({
        autoCommit: true,
        eachBatch: async ({ batch }) => {
          const rows: unknown[][] = [];
          let newest = 0;
          await options.decoder.prefetch(batch.messages.map((message) => message.value));
          for (const message of batch.messages) {
            newest = Math.max(newest, Number(message.timestamp));
            if (!message.value) continue;
            try {
              rows.push(toRow(options.decoder.decode(message.value), options.columns));
            } catch (error) {
              if (this.dropped++ === 0) {
                options.logger.error({ table: options.table, offset: message.offset, error: (error as Error).message }, `First decode error encountered at offset: ${message.offset}. Subsequent errors will be silently dropped.`);
              }
            }
          }
          await options.store.append(options.table, options.columns, rows, options.keyColumns);
          this.consumed += rows.length;
          options.onAppended(rows.length);
          this.partitions.set(batch.partition, { caughtUp: batch.offsetLag() === '0', lastMessageTimestamp: newest });
        },
      });
      options.logger.info({ table: options.table, topic: options.topic }, 'pinot real-time ingestion started');
      this.waitingReported = false;
    } catch (error) {
      // Typically the topic does not exist yet: say so once, then retry quietly.
      const fields = { table: options.table, topic: options.topic, error: (error as Error).message };
      if (this.waitingReported) options.logger.debug(fields, 'pinot ingestion still waiting; retrying');
      else options.logger.warn(fields, 'pinot ingestion cannot consume yet; retrying until it can');
      this.waitingReported = true;
      await consumer.disconnect().catch(() => undefined);
      this.scheduleRetry(Math.min(backoffMs * 2, RETRY_MAX_MS));
    }
  }

  private scheduleRetry(backoffMs: number): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.connect(backoffMs), backoffMs);
    this.retryTimer.unref();
  }

  /** kafkajs' own lines go to debug: its retries are expected here, and state changes are logged above. */
  private log(entry: LogEntry): void {
    const { message, ...rest } = entry.log;
    this.options.logger.debug({ table: this.options.table, kafkajs: entry.namespace, ...rest }, message);
  }
}
