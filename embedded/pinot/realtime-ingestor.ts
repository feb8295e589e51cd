/**
 * Real-time ingestion for one REALTIME table: a kafkajs consumer on the table's topic, decoding records with the
 * table's decoder (JSON, or Confluent Avro through a schema registry) and appending each fetched batch to DuckDB in
 * one appender flush. A record that cannot be decoded is dropped and counted (Pinot's INVALID_REALTIME_ROWS_DROPPED),
 * only the first one logged, as a consuming segment does; records with a null value are skipped as Pinot's Kafka
 * consumer skips them. It tracks freshness the way Pinot reports
 * minConsumingFreshnessTimeMs: "now" while caught up, else the timestamp of the newest ingested message.
 */
import { Kafka, logLevel, type Batch, type Consumer, type EachBatchPayload, type LogEntry } from 'kafkajs';
import type { EmbeddedLogger } from '../logger';
import { Restarter } from '../restarter';
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
  // A consumer that cannot start or crashes later (broker gone past its retries, a group that forgot it) starts again
  // from the group's committed offsets, as a Pinot server's consuming segment resumes from its checkpoint.
  private readonly restarts = new Restarter({ baseMs: RETRY_MIN_MS, capMs: RETRY_MAX_MS, run: () => this.connect() });
  /** Per partition, the offset after the last record appended to the table. */
  private readonly appendedUpTo = new Map<number, number>();
  private consumed = 0;
  private dropped = 0;
  private waitingReported = false;

  constructor(private readonly options: IngestorOptions) {}

  /** Starts consuming in the background; connection failures and crashes are retried with backoff until stop(). */
  start(): void {
    void this.connect().then(
      () => this.restarts.started(),
      (error: unknown) => this.restarts.crashed(error),
    );
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
    this.restarts.stop();
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { options } = this;
    const kafka = new Kafka({
      clientId: `pinot-embedded-${options.table}`,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.log(entry),
      retry: { retries: 3, initialRetryTime: 200 },
    });
    // kafkajs never restarts the consumer by itself: every crash comes to the CRASH handler, which backs off.
    const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: true, retry: { retries: 5, restartOnFailure: async () => false } });
    this.consumer = consumer;
    consumer.on(consumer.events.FETCH_START, () => {
      // Batches of the previous fetch are appended before the next fetch starts, so when every partition was caught
      // up the table was complete as of the previous fetch.
      const now = Date.now();
      if ([...this.partitions.values()].every((state) => state.caughtUp) && this.previousFetchStart > 0) this.freshAsOf = this.previousFetchStart;
      this.previousFetchStart = now;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (this.stopped || this.consumer !== consumer) return;
      options.logger.warn({ table: options.table, error: event.payload.error.message }, 'pinot ingestion consumer crashed; reconnecting');
      void consumer.disconnect().catch(() => undefined).then(() => this.restarts.crashed(event.payload.error));
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
      await consumer.run({
        autoCommit: true,
        eachBatch: this.skippingAppended(async ({ batch }) => {
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
        }),
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
      throw error;
    }
  }

  /**
   * Hands `ingest` only the batch's records this table does not hold yet. A restarted consumer resumes from the group's
   * last commit, which can be behind what was appended (the commit after a batch was refused by a group that forgot
   * the member); Pinot resumes from its consuming segment's own offset instead, so nothing is ingested twice. A
   * partition whose log now ends before that offset was recreated: everything in it is new.
   */
  private skippingAppended(ingest: (payload: EachBatchPayload) => Promise<void>): (payload: EachBatchPayload) => Promise<void> {
    return async (payload) => {
      const { batch } = payload;
      const next = this.appendedUpTo.get(batch.partition);
      const fresh = next === undefined || Number(batch.highWatermark) < next ? batch.messages : batch.messages.filter((message) => Number(message.offset) >= next);
      // A view of the batch with fewer messages; its offsets and lag (messagesWithinOffset, highWatermark) are unchanged.
      await ingest({ ...payload, batch: Object.create(batch, { messages: { value: fresh } }) as Batch });
      this.appendedUpTo.set(batch.partition, Number(batch.lastOffset()) + 1);
    };
  }

  /** kafkajs' own lines go to debug: its retries are expected here, and state changes are logged above. */
  private log(entry: LogEntry): void {
    const { message, ...rest } = entry.log;
    this.options.logger.debug({ table: this.options.table, kafkajs: entry.namespace, ...rest }, message);
  }
}
