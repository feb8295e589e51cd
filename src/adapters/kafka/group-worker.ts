import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { AppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { isFencedCommit } from './fencing';
import type { KafkaClient } from './kafka-client';
import { kafkaCall, mapKafkaError } from './map-error';
import { sessionSettings } from './session';
import type { ReaderControl } from './topic-reader';
import type { KafkaRecord } from './types';

export interface GroupWorkerOptions {
  /** Shared by every worker process that should split the topic's partitions (scale out by starting more). */
  groupId: string;
  topic: string;
  /**
   * Handles one partition's batch. Resolve only once the batch's output is durable: the worker commits the batch's
   * offsets right after, so a crash before that replays the batch (at-least-once). Throwing retries the batch.
   */
  onRecords(records: KafkaRecord[], control: ReaderControl): Promise<void>;
  onStatus?(status: 'up' | 'down', error?: AppError): void;
  /**
   * The worker died and will not go on by itself (a kafkajs crash of any kind, or a fenced commit): the owner's
   * supervisor stops it and starts a fresh one, which resumes from the last committed offset. Without it, kafkajs
   * restarts the consumer itself after retriable crashes only.
   */
  onCrash?(error: unknown): void;
  /** A member that sends no heartbeat for this long is fenced by the coordinator. @default 30_000 */
  sessionTimeoutMs?: number;
  /** Where a group with no committed offsets starts. @default true (earliest) */
  fromBeginning?: boolean;
  logger: Logger;
}

/** A consumer-group member that commits offsets only after its handler succeeded (manual commits, no auto-commit). */
export class GroupWorker {
  private readonly consumer: Consumer;
  private stopped = false;
  /** Set once a commit was fenced: later batches of this member are left for the fresh member to handle. */
  private fenced = false;

  constructor(
    private readonly client: KafkaClient,
    private readonly options: GroupWorkerOptions,
  ) {
    this.consumer = client.createConsumer({
      groupId: options.groupId,
      maxWaitTimeInMs: 1_000,
      ...sessionSettings(options.sessionTimeoutMs),
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 5, restartOnFailure: async () => !this.stopped && !options.onCrash },
    });
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, () => options.onStatus?.('up'));
    this.consumer.on(CRASH, ({ payload }) => {
      if (this.stopped) return;
      options.onStatus?.('down', mapKafkaError(payload.error, `group "${options.groupId}"`));
      options.onCrash?.(payload.error);
    });
  }

  async start(): Promise<void> {
    const { topic, groupId } = this.options;
    const subject = `group "${groupId}"`;
    await kafkaCall('consumerConnect', () => this.consumer.connect(), subject);
    await kafkaCall('consumerSubscribe', () => this.consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true }), subject);
    await kafkaCall(
      'consumerRun',
      () => this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) }),
      subject,
    );
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.client.releaseConsumer(this.consumer, this.options.logger);
  }

  private async handleBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    if (this.stopped || this.fenced || isStale() || batch.messages.length === 0) return;
    const records = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: Number(m.offset),
      timestamp: Number(m.timestamp),
      key: m.key ?? null,
      value: m.value ?? null,
      headers: Object.fromEntries(
        Object.entries(m.headers ?? {}).flatMap(([k, v]) => {
          const single = Array.isArray(v) ? v[v.length - 1] : v;
          return single === undefined ? [] : [[k, Buffer.isBuffer(single) ? single : Buffer.from(String(single))]];
        }),
      ),
    }));
    await this.options.onRecords(records, { heartbeat, isRunning: () => isRunning() && !this.stopped });
    const last = batch.messages[batch.messages.length - 1]!.offset;
    // The commit is the acknowledgement point: everything before it has been handled durably.
    try {
      await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(last) + 1) }]);
    } catch (error) {
      if (!isFencedCommit(error) || !this.options.onCrash) throw error;
      // Rejoin as a fresh member and reprocess from the last committed offset: this batch is handled again.
      this.fenced = true;
      this.options.logger.warn({ groupId: this.options.groupId, err: (error as Error).message }, 'offset commit fenced; rejoining');
      this.options.onCrash(error);
      return;
    }
    resolveOffset(last);
    await heartbeat();
  }
}
