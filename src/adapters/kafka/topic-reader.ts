import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { AppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import type { KafkaClient } from './kafka-client';
import { kafkaCall, mapKafkaError } from './map-error';
import { sessionSettings } from './session';
import type { KafkaRecord } from './types';

export interface ReaderControl {
  /** Keeps the reader's group session alive while a callback waits (e.g. on a slow subscriber). */
  heartbeat(): Promise<void>;
  /** False once the reader is stopping or rebalancing: a waiting callback should return. */
  isRunning(): boolean;
}

export interface TopicReaderOptions {
  topic: string;
  /**
   * A group id private to this reader (never shared across instances, so this instance sees every partition).
   * Offsets are never committed: positions live in memory and are re-applied after every (re)join.
   */
  groupId: string;
  /** Next offset to read per partition; partitions absent here (e.g. added later) start at their earliest offset. */
  startOffsets: ReadonlyMap<number, number>;
  /**
   * Records of one partition in offset order. May be re-called with records already seen after a reconnect: dedupe by
   * offset. Returning a number says "resume from this offset" (records from it on were not consumed); void: all were.
   */
  onRecords(records: KafkaRecord[], control: ReaderControl): Promise<number | void> | number | void;
  /** 'down' when the broker becomes unreachable (with the mapped error), 'up' when the reader (re)joined. */
  onStatus?(status: 'up' | 'down', error?: AppError): void;
  /**
   * The reader died (any kafkajs crash): its owner's supervisor starts a fresh reader from `positions()`. Without it,
   * kafkajs restarts the consumer itself after retriable crashes only.
   */
  onCrash?(error: unknown): void;
  /** See GroupWorkerOptions.sessionTimeoutMs. @default 30_000 */
  sessionTimeoutMs?: number;
  /** Fetch long-poll time: the latency of an idle reader's shutdown, not of delivery. @default 1_000 */
  maxWaitMs?: number;
  logger: Logger;
}

/**
 * Reads every partition of one topic from explicit positions — the building block of the live plane. kafkajs has no
 * manual assignment, so the reader is the only member of a private group; that gives it all partitions. Nothing is
 * committed, but Kafka keeps an empty group (until offsets.retention.check.interval.ms, 10 min, and across restarts of
 * the coordinator's log), so `stop` deletes the group: every catch-up would otherwise leave one behind.
 */
export class TopicReader {
  private readonly consumer: Consumer;
  private readonly next = new Map<number, number>();
  private stopped = false;
  private up = false;

  constructor(
    private readonly client: KafkaClient,
    private readonly options: TopicReaderOptions,
  ) {
    for (const [partition, offset] of options.startOffsets) this.next.set(partition, offset);
    this.consumer = client.createConsumer({
      groupId: options.groupId,
      maxWaitTimeInMs: options.maxWaitMs ?? 1_000,
      ...sessionSettings(options.sessionTimeoutMs),
      retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 5, restartOnFailure: async () => !this.stopped && !options.onCrash },
    });
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      for (const partition of payload.memberAssignment[options.topic] ?? []) {
        const offset = this.next.get(partition);
        if (offset !== undefined) this.consumer.seek({ topic: options.topic, partition, offset: String(offset) });
      }
      this.setStatus('up');
    });
    this.consumer.on(CRASH, ({ payload }) => {
      if (this.stopped) return;
      this.setStatus('down', mapKafkaError(payload.error, `topic "${options.topic}"`));
      options.onCrash?.(payload.error);
    });
  }

  /** Connects, joins and starts fetching; rejects (mapped) when the broker cannot be reached. */
  async start(): Promise<void> {
    const { topic } = this.options;
    await kafkaCall('consumerConnect', () => this.consumer.connect(), `topic "${topic}"`);
    await kafkaCall('consumerSubscribe', () => this.consumer.subscribe({ topic, fromBeginning: true }), `topic "${topic}"`);
    await kafkaCall(
      'consumerRun',
      () =>
        this.consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: true,
          eachBatch: (payload) => this.handleBatch(payload),
        }),
      `topic "${topic}"`,
    );
  }

  /** The next offset this reader will hand out, per partition it has seen or was started with. */
  positions(): ReadonlyMap<number, number> {
    return this.next;
  }

  isUp(): boolean {
    return this.up;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // A reader cut off from the broker skips the deletion (no stop waiting on a dead broker); Kafka expires that group.
    const reachable = this.up;
    await this.client.releaseConsumer(this.consumer, this.options.logger);
    if (reachable) await this.deleteGroup();
  }

  /** Best effort: a group that is already gone, or a broker that is down, only matters to the log. */
  private async deleteGroup(): Promise<void> {
    const { groupId, logger } = this.options;
    try {
      const admin = await this.client.getAdmin();
      await admin.deleteGroups([groupId]);
    } catch (error) {
      const type = (error as { groups?: Array<{ error?: { type?: string } }> }).groups?.[0]?.error?.type;
      if (type !== 'GROUP_ID_NOT_FOUND') logger.debug({ err: (error as Error).message, groupId }, 'reader group not deleted');
    }
  }

  private setStatus(status: 'up' | 'down', error?: AppError): void {
    const up = status === 'up';
    if (up === this.up && up) return;
    this.up = up;
    this.options.onStatus?.(status, error);
  }

  private async handleBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (this.stopped || isStale() || batch.messages.length === 0) return;
    if (!this.up) this.setStatus('up');
    const partition = batch.partition;
    const records = batch.messages.map((message) => toRecord(batch.topic, partition, message));
    const resumeAt = await this.options.onRecords(records, { heartbeat, isRunning: () => isRunning() && !this.stopped });
    const next = typeof resumeAt === 'number' ? resumeAt : records[records.length - 1]!.offset + 1;
    if (next > (this.next.get(partition) ?? 0)) this.next.set(partition, next);
    // Unconsumed records are fetched again from `next` (kafkajs would otherwise move past the whole batch).
    if (typeof resumeAt === 'number' && !this.stopped) this.consumer.seek({ topic: this.options.topic, partition, offset: String(next) });
  }
}

function toRecord(topic: string, partition: number, message: KafkaMessage): KafkaRecord {
  const headers: Record<string, Buffer> = {};
  if (message.headers) {
    for (const [name, value] of Object.entries(message.headers)) {
      const single = Array.isArray(value) ? value[value.length - 1] : value;
      if (single !== undefined) headers[name] = Buffer.isBuffer(single) ? single : Buffer.from(String(single));
    }
  }
  return {
    topic,
    partition,
    offset: Number(message.offset),
    timestamp: Number(message.timestamp),
    key: message.key ?? null,
    value: message.value ?? null,
    headers,
  };
}
