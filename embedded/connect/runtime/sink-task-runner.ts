import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { converterFor, type Converter } from '../converters';
import type { SinkRecord } from '../data/record';
import { sleep, type SinkTask } from '../plugins/plugin';
import { Restarter } from '../../restarter';
import { buildTransformChain } from '../transforms';
import { ErrorReporter, type ErrorStage } from './error-reporter';
import { traceOf, type TaskRunner, type TaskRunnerDeps, type TaskStatus } from './task-runner';

/** Records handed to one put(), like Connect's max.poll.records default. */
const MAX_PUT_RECORDS = 500;
/** Wait before handing records again after put() threw a RetriableException (Connect's default context timeout). */
const RETRY_BACKOFF_MS = 1_000;

export interface SinkRunnerDeps extends TaskRunnerDeps {
  kafka: Kafka;
}

class TaskFailure extends Error {}

/** A consumer call (commit, heartbeat) failed: Connect logs it and its consumer carries on; the task does not fail. */
class ConsumerFailure extends Error {}

async function consumerCall(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    throw new ConsumerFailure((error as Error)?.message, { cause: error });
  }
}

/** Group answers that mean "this member is stale" (a rebalance, a coordinator that lost the group, a long stall). */
const FENCED = new Set(['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR', 'NOT_COORDINATOR_FOR_GROUP']);

function isFenced(error: unknown): boolean {
  for (let e = error as { type?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) {
    if (typeof e.type === 'string' && FENCED.has(e.type)) return true;
  }
  return false;
}

/**
 * Runs one sink task: a kafkajs consumer in group `connect-<name>` feeds converter → transforms → task.put(); the
 * consumed offsets are committed only after put() resolved, i.e. after the sink made the records durable.
 */
export class SinkTaskRunner implements TaskRunner {
  readonly id: number;
  private state: TaskStatus = { state: 'UNASSIGNED', trace: null };
  private task: SinkTask | undefined;
  private consumer: Consumer | undefined;
  private topics: string[] = [];
  private paused = false;
  private stopping = false;
  private rejoining = false;
  private keyConverter!: Converter;
  private valueConverter!: Converter;
  private transform!: ReturnType<typeof buildTransformChain>;
  private errors!: ErrorReporter;
  private readonly seenTopics = new Set<string>();
  // A consumer that crashed or was fenced starts again (consumer and task) after a capped, jittered backoff.
  private readonly restarts = new Restarter({
    run: () => this.reopen(),
    onCrash: (error, attempt, delayMs) =>
      this.deps.logger.warn({ connector: this.deps.connector, task: this.id, err: (error as Error)?.message, attempt, delayMs }, 'sink consumer crashed or was fenced; rejoining'),
  });

  constructor(private readonly deps: SinkRunnerDeps) {
    this.id = deps.taskId;
  }

  status(): TaskStatus {
    return this.state;
  }

  private setState(state: TaskStatus['state'], trace: string | null = null): void {
    this.state = { state, trace };
    this.deps.onStatus(this.id, this.state);
  }

  async start(paused: boolean): Promise<void> {
    this.paused = paused;
    try {
      await this.open();
      this.restarts.started();
      if (!this.stopping && this.state.state !== 'FAILED') this.setState(paused ? 'PAUSED' : 'RUNNING');
    } catch (error) {
      this.fail(error);
    }
  }

  /** Starts the task and its consumer; rejects (leaving whatever it opened for release()) when either cannot start. */
  private async open(): Promise<void> {
    const { config, workerConfig, plugin, kafka, admin, producer, logger, connector } = this.deps;
    this.keyConverter = converterFor('key.converter', config, workerConfig);
    this.valueConverter = converterFor('value.converter', config, workerConfig);
    this.transform = buildTransformChain(config);
    this.errors = new ErrorReporter({ connector, taskId: this.id, config, producer, admin, logger });
    this.task = plugin.createSinkTask!();
    await this.task.start(config, {
      connectorName: connector,
      taskId: this.id,
      logger,
      errantRecordReporter: this.errors.tolerateAll ? (record, error) => this.reportErrant(record, error) : undefined,
      requestCommit: () => void this.commitPreCommitOffsets().catch((error: Error) => logger.warn({ connector, task: this.id, err: error.message }, 'offset commit failed')),
    });
    this.topics = await this.resolveTopics();
    this.consumer = kafka.consumer({
      groupId: `connect-${connector}`,
      sessionTimeout: 10_000,
      // Frequent heartbeats let a running task notice a rebalance (a sibling task joining) quickly.
      heartbeatInterval: 500,
      rebalanceTimeout: 10_000,
      // Connect's fetch.max.wait.ms: a short long-poll keeps rebalances and shutdown quick.
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
      // kafkajs never restarts the consumer by itself: every crash comes to the CRASH handler, which backs off.
      retry: { retries: 5, restartOnFailure: async () => false },
    });
    // Connect's consumer keeps polling through a lost broker and rejoins a group that forgot it; the task stays
    // RUNNING. Only put() and conversion failures fail the task.
    const consumer = this.consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!this.stopping && this.consumer === consumer) this.rejoin(payload.error);
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const owned = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
      this.task?.assigned?.(owned);
    });
    await this.consumer.connect();
    if (this.topics.length > 0) {
      // Connect's sink consumers start from the earliest offset when the group has none (auto.offset.reset=earliest).
      await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.handleBatch(payload),
      });
      if (this.paused) this.consumer.pause(this.topics.map((topic) => ({ topic })));
    }
  }

  private async resolveTopics(): Promise<string[]> {
    const list = (this.deps.config.topics ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const regex = (this.deps.config['topics.regex'] ?? '').trim();
    const existing = await this.deps.admin.listTopics();
    if (regex) {
      const pattern = new RegExp(`^(?:${regex})$`);
      return existing.filter((t) => pattern.test(t) && !t.startsWith('__'));
    }
    // Subscribing to a missing topic would fail the consumer; create it as the broker's auto-create would.
    const missing = list.filter((t) => !existing.includes(t));
    if (missing.length > 0) {
      await this.deps.admin
        .createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })) })
        .catch((error: Error) => {
          if (!/already exists/i.test(error.message)) throw error;
        });
    }
    return list;
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (!this.seenTopics.has(batch.topic)) {
      this.seenTopics.add(batch.topic);
      this.deps.onTopic(this.id, batch.topic);
    }
    const live = () => !this.stopping && !this.rejoining && !this.paused && this.state.state !== 'FAILED' && isRunning() && !isStale();
    const messages = batch.messages;
    try {
      for (let start = 0; start < messages.length && live(); start += MAX_PUT_RECORDS) {
        const chunk = messages.slice(start, start + MAX_PUT_RECORDS);
        const records: SinkRecord[] = [];
        this.pendingMessages.clear();
        for (const message of chunk) {
          const record = await this.toRecord(batch.topic, batch.partition, message);
          if (record) {
            records.push(record);
            this.pendingMessages.set(Number(message.offset), message);
          }
        }
        // A RetriableException means "not yet": keep the group membership alive, wait, and hand the same records again.
        for (;;) {
          try {
            await this.task!.put(records);
            break;
          } catch (error) {
            if (!(error as { retriable?: boolean }).retriable) throw error;
            // Stopped, paused or rebalanced meanwhile: nothing was committed, so the records come again.
            if (!live()) return;
            this.deps.logger.warn({ connector: this.deps.connector, task: this.id, err: (error as Error).message }, 'put failed, retrying');
            await heartbeat().catch(() => undefined);
            await sleep(RETRY_BACKOFF_MS, this.stopSignal.signal);
          }
        }
        if (!live()) return;
        const last = chunk[chunk.length - 1]!;
        resolveOffset(last.offset);
        if (this.task!.preCommit) await consumerCall(() => this.commitPreCommitOffsets());
        else await consumerCall(() => this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(last.offset) + 1) }]));
        await consumerCall(heartbeat);
      }
    } catch (error) {
      if (error instanceof ConsumerFailure) this.rejoin(error.cause);
      else if (isFenced(error)) this.rejoin(error);
      else this.fail(error instanceof TaskFailure ? error.cause : error);
    }
  }

  /**
   * A commit refused because the member is stale, or a consumer that crashed, does not fail the task in Connect: the
   * consumer rejoins and the records after the last committed offset are delivered again (at-least-once). Here: a
   * fresh consumer and task, after the restarter's backoff.
   */
  private rejoin(error: unknown): void {
    if (this.rejoining || this.stopping || this.state.state === 'FAILED') return;
    this.rejoining = true;
    // From outside eachBatch: disconnecting inside it would wait for itself.
    setImmediate(() => void this.release().then(() => this.restarts.crashed(error)));
  }

  /** One restart: a failure to start counts as another crash (the restarter backs off further). */
  private async reopen(): Promise<void> {
    if (this.stopping || this.state.state === 'FAILED') return;
    try {
      await this.open();
    } catch (error) {
      await this.release();
      throw error;
    }
    if (this.stopping) return this.release();
    this.rejoining = false;
    // put() may have failed the task while the consumer started.
    if (this.status().state !== 'FAILED') this.setState(this.paused ? 'PAUSED' : 'RUNNING');
  }

  private async release(): Promise<void> {
    const { consumer, task } = this;
    this.consumer = undefined;
    this.task = undefined;
    await consumer?.disconnect().catch(() => undefined);
    await task?.stop().catch(() => undefined);
  }

  private readonly pendingMessages = new Map<number, KafkaMessage>();
  private readonly stopSignal = new AbortController();

  /** Commits what the task's preCommit() says is durable (a sink that buffers across put() calls). */
  private async commitPreCommitOffsets(): Promise<void> {
    const offsets = this.task?.preCommit?.() ?? [];
    if (offsets.length === 0 || !this.consumer || this.stopping) return;
    await this.consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
  }

  private async toRecord(topic: string, partition: number, message: KafkaMessage): Promise<SinkRecord | null> {
    const offset = Number(message.offset);
    let stage: ErrorStage = 'KEY_CONVERTER';
    try {
      const key = await this.keyConverter.toConnectData(topic, message.key);
      stage = 'VALUE_CONVERTER';
      const value = await this.valueConverter.toConnectData(topic, message.value);
      stage = 'TRANSFORMATION';
      const headers: SinkRecord['headers'] = {};
      for (const [name, v] of Object.entries(message.headers ?? {})) headers[name] = Array.isArray(v) ? v[0] : v;
      return this.transform<SinkRecord>({
        topic,
        kafkaPartition: partition,
        kafkaOffset: offset,
        keySchema: key.schema,
        key: key.value,
        valueSchema: value.schema,
        value: value.value,
        timestamp: message.timestamp ? Number(message.timestamp) : null,
        headers,
      });
    } catch (error) {
      if (!this.errors.tolerateAll) throw new TaskFailure('record conversion failed', { cause: error });
      const className = stage === 'KEY_CONVERTER' ? this.deps.config['key.converter'] : stage === 'VALUE_CONVERTER' ? this.deps.config['value.converter'] : undefined;
      await this.errors.report(stage, topic, partition, message, error as Error, className);
      return null;
    }
  }

  /** KIP-610: the sink reports a record it could not write; the original bytes go to the DLQ. */
  private async reportErrant(record: SinkRecord, error: Error): Promise<void> {
    const message = this.pendingMessages.get(record.kafkaOffset);
    if (!message) return;
    await this.errors.report('TASK_PUT', record.topic, record.kafkaPartition, message, error);
  }

  async pause(): Promise<void> {
    if (this.state.state === 'FAILED') return;
    this.paused = true;
    this.consumer?.pause(this.topics.map((topic) => ({ topic })));
    this.setState('PAUSED');
  }

  async resume(): Promise<void> {
    if (this.state.state === 'FAILED') return;
    this.paused = false;
    this.consumer?.resume(this.topics.map((topic) => ({ topic })));
    this.setState('RUNNING');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopSignal.abort();
    this.restarts.stop();
    if (this.state.state !== 'FAILED') this.state = { state: 'UNASSIGNED', trace: null };
    await this.release();
  }

  private fail(error: unknown): void {
    if (this.state.state === 'FAILED') return;
    this.deps.logger.error({ connector: this.deps.connector, task: this.id, err: (error as Error)?.message }, 'task failed');
    this.setState('FAILED', traceOf(error));
    // Leave the consumer group from outside eachBatch: disconnecting inside it would wait for itself.
    setImmediate(() => {
      void this.consumer?.disconnect().catch(() => undefined);
    });
  }
}
