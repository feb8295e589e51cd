import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddedLogger } from '../../logger';
import { ErrorCode } from '../protocol/error-codes';
import { isTransactional, readBatchHeader, stampBatch, stampLogAppendTime, type BatchHeader } from '../protocol/record-batch';
import { deletesOldSegments, isCompacted, type TopicConfig } from '../topics/topic-config';
import { cleanSegments } from './log-cleaner';
import { ProducerStateTable } from './producer-state';
import { recoverSegments } from './recovery';
import { Segment } from './segment';
import { findOffsetForTimestamp } from './timestamp-lookup';

const LOG_START_FILE = 'log-start-offset';

export type AppendResult = { errorCode: 0; baseOffset: number } | { errorCode: number; baseOffset: -1; message?: string };

export interface ReadResult {
  errorCode: number;
  records: Buffer | null;
}

/**
 * One partition's log: ordered segments, the log start offset and the log end offset (which is also the high
 * watermark — there is one replica). Appends are synchronous: when `append` returns, the bytes are in the file.
 */
export class PartitionLog {
  private segments: Segment[] = [];
  logStartOffset = 0;
  private readonly producers = new ProducerStateTable();
  /** Log compaction: the end of the range cleaned last, and whether tombstones there wait for delete.retention.ms. */
  private cleanedThrough = 0;
  private tombstonesPending = false;
  /** Called after every append; the fetch long-poll hangs its wake-ups here. */
  readonly appendListeners = new Set<() => void>();

  private constructor(
    readonly directory: string | null,
    private readonly logger: EmbeddedLogger,
  ) {}

  /** Opens the partition, recovering (torn tail truncated, index rebuilt) from `directory` when given. */
  static open(directory: string | null, logger: EmbeddedLogger): PartitionLog {
    const log = new PartitionLog(directory, logger);
    if (directory === null) {
      log.segments.push(Segment.inMemory(0));
      return log;
    }
    fs.mkdirSync(directory, { recursive: true });
    log.segments = recoverSegments(directory, logger, (header) => log.producers.observe(header));
    if (log.segments.length === 0) log.segments.push(Segment.onDisk(directory, 0));
    const stored = readLogStartOffset(directory);
    log.logStartOffset = Math.min(Math.max(stored, log.segments[0]!.baseOffset), log.logEndOffset);
    return log;
  }

  get logEndOffset(): number {
    return this.active.nextOffset;
  }

  get highWatermark(): number {
    return this.active.nextOffset;
  }

  get sizeInBytes(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.size;
    return total;
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  /**
   * Validates, stamps with offsets and appends the RecordBatch v2 bytes of one produce partition entry.
   * Idempotent batches (producerId >= 0) are de-duplicated by sequence number like Kafka: a retried batch gets its
   * original base offset back and is not written twice.
   */
  append(records: Buffer, config: TopicConfig, now = Date.now()): AppendResult {
    const headers: BatchHeader[] = [];
    let position = 0;
    while (position < records.length) {
      const header = readBatchHeader(records, position);
      if (typeof header === 'string') {
        const errorCode = header === 'bad-magic' ? ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT : ErrorCode.CORRUPT_MESSAGE;
        return { errorCode, baseOffset: -1, message: `record batch ${header}` };
      }
      if (header.size > config['max.message.bytes']) return { errorCode: ErrorCode.MESSAGE_TOO_LARGE, baseOffset: -1 };
      if (header.lastOffsetDelta < 0 || header.recordCount < 0) return { errorCode: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1 };
      if (isTransactional(header.attributes)) {
        return { errorCode: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, baseOffset: -1, message: 'transactions are not supported' };
      }
      headers.push(header);
      position += header.size;
    }
    if (headers.length === 0) return { errorCode: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1, message: 'no record batch' };

    if (headers.length === 1 && headers[0]!.producerId >= 0) {
      const verdict = this.producers.check(headers[0]!);
      if (verdict.kind === 'duplicate') return { errorCode: ErrorCode.NONE, baseOffset: verdict.baseOffset };
      if (verdict.kind === 'error') return { errorCode: verdict.errorCode, baseOffset: -1 };
    }

    const baseOffset = this.logEndOffset;
    let next = baseOffset;
    const logAppendTime = config['message.timestamp.type'] === 'LogAppendTime';
    for (const header of headers) {
      stampBatch(records, header.position, next);
      header.baseOffset = next;
      next += header.lastOffsetDelta + 1;
      if (logAppendTime) {
        stampLogAppendTime(records, header.position, header.size, now);
        header.maxTimestamp = now;
      }
    }
    // In-memory segments keep the bytes, so copy them out of the (reused) request frame.
    const data = this.directory === null ? Buffer.from(records) : records;
    const active = this.active;
    if (active.size > 0 && (active.size + data.length > config['segment.bytes'] || now - active.rollBaseMs >= config['segment.ms'])) this.roll();
    // segment.ms counts from the segment's first append.
    if (this.active.size === 0) this.active.rollBaseMs = now;
    try {
      this.active.append(data, headers, next);
    } catch (error) {
      this.logger.error({ err: error, directory: this.directory }, 'kafka log append failed');
      return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR, baseOffset: -1 };
    }
    for (const header of headers) if (header.producerId >= 0) this.producers.observe(header);
    for (const listener of this.appendListeners) listener();
    return { errorCode: ErrorCode.NONE, baseOffset };
  }

  private roll(): void {
    const base = this.logEndOffset;
    this.segments.push(this.directory === null ? Segment.inMemory(base) : Segment.onDisk(this.directory, base));
  }

  /** Whole batches from the one holding `offset`, at most `maxBytes` (but at least one batch). */
  read(offset: number, maxBytes: number): ReadResult {
    if (offset < this.logStartOffset || offset > this.logEndOffset) return { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, records: null };
    if (offset === this.logEndOffset) return { errorCode: ErrorCode.NONE, records: null };
    for (let s = this.segmentFor(offset); s < this.segments.length; s++) {
      const segment = this.segments[s]!;
      if (segment.isEmpty || offset >= segment.nextOffset) continue;
      const first = segment.firstBatchReaching(offset, Math.max(0, segment.index.floor(offset)));
      const records = segment.read(first, Math.max(0, maxBytes));
      if (records) return { errorCode: ErrorCode.NONE, records };
    }
    return { errorCode: ErrorCode.NONE, records: null };
  }

  private segmentFor(offset: number): number {
    let low = 0;
    let high = this.segments.length - 1;
    let found = 0;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** ListOffsets by timestamp: first offset whose record timestamp >= `timestamp`, or null when there is none. */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | null {
    for (const segment of this.segments) {
      if (segment.isEmpty || segment.maxTimestamp < timestamp) continue;
      let i = segment.index.firstAtOrAfter(timestamp);
      while (i >= 0) {
        const found = findOffsetForTimestamp(segment.batch(i), timestamp);
        if (found && found.offset >= this.logStartOffset) return found;
        i = segment.index.firstAtOrAfter(timestamp, i + 1);
      }
    }
    return null;
  }

  /** DeleteRecords: moves the log start offset to `offset` (-1 = high watermark) and drops whole segments below it. */
  deleteRecordsBefore(offset: number): { errorCode: number; lowWatermark: number } {
    const target = offset === -1 ? this.highWatermark : offset;
    if (target < 0 || target > this.highWatermark) return { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, lowWatermark: -1 };
    if (target > this.logStartOffset) {
      this.logStartOffset = target;
      this.persistLogStart();
      this.dropSegmentsBelowLogStart();
    }
    return { errorCode: ErrorCode.NONE, lowWatermark: this.logStartOffset };
  }

  /**
   * Log compaction (cleanup.policy contains compact) of the closed segments whose newest record is at least
   * min.compaction.lag.ms old — the active segment is never cleaned, as in Kafka. Runs only when such segments gained
   * data since the last pass or tombstones wait for their delete.retention.ms. Returns the number of records removed.
   */
  compact(config: TopicConfig, now = Date.now()): number {
    if (!isCompacted(config)) return 0;
    const closed = this.segments.slice(0, -1);
    const horizon = now - config['min.compaction.lag.ms'];
    let end = 0;
    while (end < closed.length && (closed[end]!.maxTimestamp >= 0 ? closed[end]!.maxTimestamp : closed[end]!.lastModifiedMs) <= horizon) end++;
    const cleanable = closed.slice(0, end);
    if (cleanable.length === 0) return 0;
    const dirtyEnd = cleanable[cleanable.length - 1]!.nextOffset;
    if (dirtyEnd <= this.cleanedThrough && !this.tombstonesPending) return 0;
    const result = cleanSegments(cleanable, config, now);
    for (const [segment, batches] of result.rewritten) segment.replaceContents(batches);
    // Segments emptied by cleaning go, except the first (its base offset is where the log starts after a reopen) and
    // the active one; offsets of the others are untouched.
    const first = this.segments[0];
    const emptied = cleanable.filter((segment) => segment.isEmpty && segment !== first);
    for (const segment of emptied) segment.destroy();
    if (emptied.length > 0) this.segments = this.segments.filter((segment) => !emptied.includes(segment));
    this.cleanedThrough = dirtyEnd;
    this.tombstonesPending = result.tombstonesLeft;
    return result.removedRecords;
  }

  /** Deletes segments past retention.ms / retention.bytes (only with cleanup.policy delete); returns how many. */
  enforceRetention(config: TopicConfig, now = Date.now()): number {
    let removed = 0;
    if (!deletesOldSegments(config)) return 0;
    const retentionMs = config['retention.ms'];
    if (retentionMs >= 0) {
      const expired = (segment: Segment) => !segment.isEmpty && (segment.maxTimestamp >= 0 ? segment.maxTimestamp : segment.lastModifiedMs) < now - retentionMs;
      // Kafka rolls an expired active segment so its data can go too.
      if (expired(this.active)) this.roll();
      while (this.segments.length > 1 && expired(this.segments[0]!)) removed += this.dropOldest();
    }
    const retentionBytes = config['retention.bytes'];
    if (retentionBytes >= 0) {
      let size = this.sizeInBytes;
      while (this.segments.length > 1 && size - this.segments[0]!.size >= retentionBytes) {
        size -= this.segments[0]!.size;
        removed += this.dropOldest();
      }
    }
    return removed;
  }

  private dropOldest(): number {
    const oldest = this.segments.shift()!;
    oldest.destroy();
    const base = this.segments[0]!.baseOffset;
    if (base > this.logStartOffset) {
      this.logStartOffset = base;
      this.persistLogStart();
    }
    return 1;
  }

  private dropSegmentsBelowLogStart(): void {
    if (this.active.nextOffset <= this.logStartOffset && !this.active.isEmpty) this.roll();
    while (this.segments.length > 1 && this.segments[0]!.nextOffset <= this.logStartOffset) this.segments.shift()!.destroy();
  }

  private persistLogStart(): void {
    if (this.directory === null) return;
    const file = path.join(this.directory, LOG_START_FILE);
    fs.writeFileSync(`${file}.tmp`, String(this.logStartOffset));
    fs.renameSync(`${file}.tmp`, file);
  }

  close(): void {
    for (const segment of this.segments) segment.close();
    this.appendListeners.clear();
  }

  /** Closes and deletes all files of the partition (topic deletion). */
  destroy(): void {
    this.close();
    if (this.directory) fs.rmSync(this.directory, { recursive: true, force: true });
  }
}

function readLogStartOffset(directory: string): number {
  try {
    const value = Number(fs.readFileSync(path.join(directory, LOG_START_FILE), 'utf8').trim());
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  } catch {
    return 0;
  }
}

