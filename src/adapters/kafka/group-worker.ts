import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { AppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import type { KafkaClient } from './kafka-client';
import { kafkaCall, mapKafkaError } from './map-error';
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
  /** Where a group with no committed offsets starts. @default true (earliest) */
  fromBeginning?: boolean;
  logger: Logger;
}

/** A consumer-group member that commits offsets only after its handler succeeded (manual commits, no auto-commit). */
export class GroupWorker {
  private readonly consumer: Consumer;
  private stopped = false;

  constructor(
    private readonly client: KafkaClient,
    private readonly options: GroupWorkerOptions,
  ) {
    this.consumer = client.createConsumer({
      groupId: options.groupId,
      maxWaitTimeInMs: 1_000,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 5, restartOnFailure: async () => !this.stopped },
    });
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, () => options.onStatus?.('up'));
    this.consumer.on(CRASH, ({ payload }) => {
      if (!this.stopped) options.onStatus?.('down', mapKafkaError(payload.error, `group "${options.groupId}"`));
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
    if (this.stopped || isStale() || batch.messages.length === 0) return;
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
    resolveOffset(last);
    // The commit is the acknowledgement point: everything before it has been handled durably.
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(last) + 1) }]);
    await heartbeat();
  }
}
