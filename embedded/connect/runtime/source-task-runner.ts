import type { Message } from 'kafkajs';
import { converterFor, type Converter } from '../converters';
import type { SourceRecord } from '../data/record';
import type { SourceTask } from '../plugins/plugin';
import type { ConnectStores } from '../storage/connect-stores';
import { buildTransformChain } from '../transforms';
import { traceOf, type TaskRunner, type TaskRunnerDeps, type TaskStatus } from './task-runner';

export interface SourceRunnerDeps extends TaskRunnerDeps {
  stores: ConnectStores;
}

/**
 * Runs one source task: poll() → transforms → converters → produce (acks=-1) → source offsets written to the offsets
 * topic only after the broker acknowledged the records, so a restart resumes after the last delivered record.
 */
export class SourceTaskRunner implements TaskRunner {
  readonly id: number;
  private state: TaskStatus = { state: 'UNASSIGNED', trace: null };
  private task: SourceTask | undefined;
  private paused = false;
  private stopping = false;
  private pollAbort = new AbortController();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private keyConverter!: Converter;
  private valueConverter!: Converter;
  private transform!: ReturnType<typeof buildTransformChain>;
  private readonly knownTopics = new Set<string>();
  private readonly tolerateAll: boolean;

  constructor(private readonly deps: SourceRunnerDeps) {
    this.id = deps.taskId;
    this.tolerateAll = (deps.config['errors.tolerance'] ?? 'none').toLowerCase() === 'all';
  }

  status(): TaskStatus {
    return this.state;
  }

  private setState(state: TaskStatus['state'], trace: string | null = null): void {
    this.state = { state, trace };
    this.deps.onStatus(this.id, this.state);
  }

  async start(paused: boolean): Promise<void> {
    const { config, workerConfig, plugin, stores, connector, logger } = this.deps;
    this.paused = paused;
    try {
      this.keyConverter = converterFor('key.converter', config, workerConfig);
      this.valueConverter = converterFor('value.converter', config, workerConfig);
      this.transform = buildTransformChain(config);
      this.task = plugin.createSourceTask!();
      await this.task.start(config, { connectorName: connector, taskId: this.id, logger, offsetOf: (p) => stores.offsetOf(connector, p) });
      this.setState(paused ? 'PAUSED' : 'RUNNING');
      this.loop = this.run();
    } catch (error) {
      this.fail(error);
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (this.paused) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      try {
        const records = await this.task!.poll(this.pollAbort.signal);
        if (this.pollAbort.signal.aborted) this.pollAbort = new AbortController();
        if (records.length > 0) await this.deliver(records);
      } catch (error) {
        this.fail(error);
        return;
      }
    }
  }

  private async deliver(records: SourceRecord[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    const lastOffsets = new Map<string, { partition: Record<string, unknown>; offset: Record<string, unknown> }>();
    for (const original of records) {
      // The offset advances even for dropped or tolerated records: they were handled.
      lastOffsets.set(JSON.stringify(original.sourcePartition), { partition: original.sourcePartition, offset: original.sourceOffset });
      let message: Message | undefined;
      try {
        const record = this.transform(original);
        if (!record) continue;
        message = {
          key: await this.keyConverter.fromConnectData(record.topic, record.keySchema, record.key),
          value: await this.valueConverter.fromConnectData(record.topic, record.valueSchema, record.value),
          timestamp: record.timestamp === null ? undefined : String(record.timestamp),
          headers: Object.fromEntries(Object.entries(record.headers).filter(([, v]) => v !== undefined)) as Message['headers'],
          ...(record.kafkaPartition !== null ? { partition: record.kafkaPartition } : {}),
        };
        byTopic.set(record.topic, [...(byTopic.get(record.topic) ?? []), message]);
      } catch (error) {
        if (!this.tolerateAll) throw error;
        this.deps.logger.warn({ connector: this.deps.connector, task: this.id, err: (error as Error).message }, 'source record skipped by errors.tolerance=all');
      }
    }
    for (const topic of byTopic.keys()) await this.ensureTopic(topic);
    if (byTopic.size > 0) {
      await this.deps.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    }
    for (const { partition, offset } of lastOffsets.values()) await this.deps.stores.putOffset(this.deps.connector, partition, offset);
  }

  /**
   * Connect relies on broker auto-creation or topic.creation.* settings; the embedded broker has auto-creation off,
   * so the worker creates a missing topic (partitions from topic.creation.default.partitions, default 1).
   */
  private async ensureTopic(topic: string): Promise<void> {
    if (this.knownTopics.has(topic)) return;
    const existing = await this.deps.admin.listTopics();
    if (!existing.includes(topic)) {
      const partitions = Number(this.deps.config['topic.creation.default.partitions'] ?? 1);
      await this.deps.admin
        .createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions > 0 ? partitions : 1, replicationFactor: 1 }] })
        .catch((error: Error) => {
          if (!/already exists/i.test(error.message)) throw error;
        });
    }
    this.knownTopics.add(topic);
    this.deps.onTopic(this.id, topic);
  }

  async pause(): Promise<void> {
    if (this.state.state === 'FAILED') return;
    this.paused = true;
    this.pollAbort.abort();
    this.setState('PAUSED');
  }

  async resume(): Promise<void> {
    if (this.state.state === 'FAILED') return;
    this.paused = false;
    this.wake?.();
    this.setState('RUNNING');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.state.state !== 'FAILED') this.state = { state: 'UNASSIGNED', trace: null };
    this.pollAbort.abort();
    this.wake?.();
    await this.loop?.catch(() => undefined);
    await this.task?.stop().catch(() => undefined);
    this.task = undefined;
  }

  private fail(error: unknown): void {
    if (this.stopping) return;
    this.deps.logger.error({ connector: this.deps.connector, task: this.id, err: (error as Error)?.message }, 'task failed');
    this.setState('FAILED', traceOf(error));
  }
}
