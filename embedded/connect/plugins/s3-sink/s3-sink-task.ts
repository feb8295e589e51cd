import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SinkRecord } from '../../data/record';
import type { SinkTask, SinkTaskContext, TopicPartitionOffset } from '../plugin';
import { createPartitioner, TIME_BASED } from './partitioner';
import { createRecordFormat, type RecordFormat } from './record-format';
import { parseS3SinkConfig, type S3SinkConfig } from './s3-sink-config';
import { S3Storage } from './s3-storage';
import { TopicPartitionWriter } from './topic-partition-writer';

/** How often idle writers check rotate.schedule.interval.ms. */
const SCHEDULE_TICK_MS = 250;

class ConnectException extends Error {
  readonly javaClass = 'org.apache.kafka.connect.errors.ConnectException';
}

/**
 * io.confluent.connect.s3.S3SinkTask's contract: put() buffers into per-partition writers that upload on rotation;
 * preCommit() reports only uploaded offsets; stop() discards unfinished files (their records are consumed again).
 */
export class S3SinkTask implements SinkTask {
  private config!: S3SinkConfig;
  private storage!: S3Storage;
  private format!: RecordFormat;
  private context!: SinkTaskContext;
  private workDir!: string;
  private readonly writers = new Map<string, TopicPartitionWriter>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(private readonly now: () => number = Date.now) {}

  async start(props: Record<string, string>, context: SinkTaskContext): Promise<void> {
    this.context = context;
    this.config = parseS3SinkConfig(props);
    this.storage = new S3Storage(this.config);
    if (!(await this.storage.bucketExists())) {
      this.storage.close();
      throw new ConnectException(`Non-existent S3 bucket: ${this.config.bucket}`);
    }
    this.workDir = mkdtempSync(join(tmpdir(), 'pipegraph-s3-sink-'));
    this.format = createRecordFormat(this.config, this.workDir);
    if (this.config.rotateScheduleIntervalMs > 0) {
      this.timer = setInterval(() => void this.tick(), Math.min(SCHEDULE_TICK_MS, this.config.rotateScheduleIntervalMs));
      this.timer.unref();
    }
  }

  private writerFor(record: SinkRecord): TopicPartitionWriter {
    const id = `${record.topic}\u0000${record.kafkaPartition}`;
    let writer = this.writers.get(id);
    if (!writer) {
      writer = new TopicPartitionWriter({
        config: this.config,
        topic: record.topic,
        partition: record.kafkaPartition,
        partitioner: createPartitioner(this.config),
        format: this.format,
        storage: this.storage,
        now: this.now,
        timeBased: TIME_BASED.has(this.config.partitionerClass),
      });
      this.writers.set(id, writer);
    }
    return writer;
  }

  async put(records: SinkRecord[]): Promise<void> {
    const byPartition = new Map<TopicPartitionWriter, SinkRecord[]>();
    for (const record of records) {
      if (record.value === null || record.value === undefined) {
        if (this.config.behaviorOnNullValues === 'ignore') continue;
        throw new ConnectException("Null valued records are not writeable with current behavior.on.null.values 'settings.");
      }
      try {
        this.format.check(record);
      } catch (error) {
        if (!this.context.errantRecordReporter) throw error;
        await this.context.errantRecordReporter(record, error as Error);
        continue;
      }
      const writer = this.writerFor(record);
      byPartition.set(writer, [...(byPartition.get(writer) ?? []), record]);
    }
    for (const [writer, batch] of byPartition) await writer.write(batch);
  }

  /** Writers of partitions that moved to another task are discarded unfinished, as Confluent's close() does. */
  assigned(partitions: Array<{ topic: string; partition: number }>): void {
    const owned = new Set(partitions.map((p) => `${p.topic}\u0000${p.partition}`));
    for (const id of this.writers.keys()) if (!owned.has(id)) this.writers.delete(id);
  }

  preCommit(): TopicPartitionOffset[] {
    return [...this.writers.entries()]
      .filter(([, w]) => w.committed >= 0)
      .map(([id, w]) => {
        const [topic, partition] = id.split('\u0000');
        return { topic: topic!, partition: Number(partition), offset: w.committed };
      });
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      let rotated = false;
      for (const writer of this.writers.values()) rotated = (await writer.tick()) || rotated;
      if (rotated) this.context.requestCommit?.();
    } catch (error) {
      this.context.logger.warn({ err: (error as Error).message }, 'scheduled rotation failed; retrying');
    } finally {
      this.ticking = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.writers.clear();
    await this.format?.close();
    this.storage?.close();
    if (this.workDir) rmSync(this.workDir, { recursive: true, force: true });
  }
}
