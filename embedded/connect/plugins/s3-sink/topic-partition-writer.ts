import type { SinkRecord } from '../../data/record';
import { RetriableException } from '../plugin';
import { zonedFields } from './joda-path-format';
import type { Partitioner } from './partitioner';
import type { RecordFormat } from './record-format';
import type { S3SinkConfig } from './s3-sink-config';
import type { S3Storage } from './s3-storage';

interface OpenFile {
  startOffset: number;
  records: SinkRecord[];
}

export interface WriterDeps {
  config: S3SinkConfig;
  topic: string;
  partition: number;
  partitioner: Partitioner;
  format: RecordFormat;
  storage: Pick<S3Storage, 'upload'>;
  now: () => number;
  /** Whether rotate.interval.ms applies (a TimeBased-family partitioner). */
  timeBased: boolean;
}

/**
 * One Kafka partition's files, with Confluent's TopicPartitionWriter rules: records go to one open file per encoded
 * partition; all open files are committed together when flush.size records are buffered, when the extractor's time
 * passes rotate.interval.ms since the first record (or the encoded partition changes), or when the wall clock crosses
 * the next rotate.schedule.interval.ms boundary. Offsets become committable only once every file is uploaded, so a
 * crash replays from the first record of the unfinished files and rewrites the same objects under the same names.
 */
export class TopicPartitionWriter {
  private readonly files = new Map<string, OpenFile>();
  private recordCount = 0;
  private baseTimestamp = -1;
  private currentEncoded: string | undefined;
  private lastBufferedOffset = -1;
  private committedOffset = -1;
  private nextScheduledRotation = Number.POSITIVE_INFINITY;
  private mustCommit = false;

  constructor(private readonly deps: WriterDeps) {
    this.scheduleNextRotation();
  }

  /** The next offset to consume once everything uploaded so far is committed; -1 before the first upload. */
  get committed(): number {
    return this.committedOffset;
  }

  /** Buffers records in offset order; redelivered ones (already buffered) are skipped. Throws RetriableException if an upload failed. */
  async write(records: SinkRecord[]): Promise<void> {
    if (this.mustCommit) await this.commitFiles();
    for (const record of records) {
      if (record.kafkaOffset <= this.lastBufferedOffset) continue;
      const now = this.deps.now();
      const encoded = this.deps.partitioner.encodePartition(record, now);
      const timestamp = this.deps.partitioner.timestampOf?.(record, now) ?? -1;
      if (this.recordCount > 0 && (this.rotateOnTime(encoded, timestamp) || now >= this.nextScheduledRotation)) {
        await this.commitFiles();
      }
      let file = this.files.get(encoded);
      if (!file) {
        file = { startOffset: record.kafkaOffset, records: [] };
        this.files.set(encoded, file);
      }
      file.records.push(record);
      if (this.recordCount === 0) this.baseTimestamp = timestamp;
      this.recordCount++;
      this.currentEncoded = encoded;
      this.lastBufferedOffset = record.kafkaOffset;
      if (this.recordCount >= this.deps.config.flushSize) await this.commitFiles();
    }
  }

  /** Scheduled rotation while idle (Confluent checks it on every poll, even an empty one). */
  async tick(): Promise<boolean> {
    if ((this.recordCount > 0 && this.deps.now() >= this.nextScheduledRotation) || this.mustCommit) {
      await this.commitFiles();
      return true;
    }
    return false;
  }

  private rotateOnTime(encoded: string, timestamp: number): boolean {
    const interval = this.deps.config.rotateIntervalMs;
    if (!this.deps.timeBased || interval <= 0) return false;
    return timestamp - this.baseTimestamp >= interval || encoded !== this.currentEncoded;
  }

  /** Next boundary of rotate.schedule.interval.ms counted from midnight in the configured zone. */
  private scheduleNextRotation(): void {
    const interval = this.deps.config.rotateScheduleIntervalMs;
    if (interval <= 0) return;
    const now = this.deps.now();
    const f = zonedFields(now, this.deps.config.timezone);
    const sinceMidnight = ((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.millis;
    const midnight = now - sinceMidnight;
    this.nextScheduledRotation = midnight + (Math.floor(sinceMidnight / interval) + 1) * interval;
  }

  objectKey(encoded: string, startOffset: number): string {
    const { topicsDir, directoryDelim, fileDelim, zeroPadWidth } = this.deps.config;
    const name = `${this.deps.topic}${fileDelim}${this.deps.partition}${fileDelim}${String(startOffset).padStart(zeroPadWidth, '0')}${this.deps.format.extension}`;
    const dir = [topicsDir, this.deps.topic, encoded].filter((p) => p !== '').join(directoryDelim);
    return `${dir}${directoryDelim}${name}`;
  }

  /** Uploads every open file; on failure keeps them (a retry uploads the same bytes under the same names). */
  private async commitFiles(): Promise<void> {
    this.mustCommit = true;
    try {
      for (const [encoded, file] of this.files) {
        const data = await this.deps.format.render(file.records);
        await this.deps.storage.upload(this.objectKey(encoded, file.startOffset), data);
      }
    } catch (error) {
      throw new RetriableException(`Failed to commit files to S3 for ${this.deps.topic}-${this.deps.partition}: ${(error as Error).message}`, { cause: error });
    }
    this.files.clear();
    this.committedOffset = this.lastBufferedOffset + 1;
    this.recordCount = 0;
    this.baseTimestamp = -1;
    this.mustCommit = false;
    this.scheduleNextRotation();
  }
}
