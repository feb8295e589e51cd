import fs from 'node:fs';
import path from 'node:path';
import { Batch } from '../protocol/record-batch';
import { readInt64 } from '../protocol/reader';
import { BatchIndex } from './batch-index';

/** File name of the segment starting at `baseOffset`, Kafka style: 20 zero-padded digits. */
export function segmentFileName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}.log`;
}

/**
 * A contiguous run of record batches. On disk it is one append-only file written with a write syscall per append
 * (so an acknowledged batch survives kill -9 of the broker without an fsync); in memory it keeps the batch buffers.
 */
export class Segment {
  readonly index = new BatchIndex();
  /** Bytes in the segment. */
  size = 0;
  /** One past the last offset in the segment. */
  nextOffset: number;
  /** Highest batch max timestamp in the segment (for time retention); -1 when empty. */
  maxTimestamp = -1;
  /** When the segment was created or last appended to, for retention of segments without timestamps. */
  lastModifiedMs = Date.now();
  /** Compaction left offset gaps between batches: a batch no longer necessarily reaches the next one's base. */
  hasGaps = false;
  /** What segment.ms counts from: creation, or (after recovery) the first batch's max timestamp, as Kafka rolls. */
  rollBaseMs = Date.now();
  private readonly memory: Buffer[] | null;
  private fd: number | null;

  private constructor(
    readonly baseOffset: number,
    readonly filePath: string | null,
    fd: number | null,
  ) {
    this.nextOffset = baseOffset;
    this.fd = fd;
    this.memory = filePath === null ? [] : null;
  }

  static inMemory(baseOffset: number): Segment {
    return new Segment(baseOffset, null, null);
  }

  /** Opens (creating when absent) the segment file for `baseOffset` in `directory`. */
  static onDisk(directory: string, baseOffset: number): Segment {
    const filePath = path.join(directory, segmentFileName(baseOffset));
    const fd = fs.openSync(filePath, 'a+');
    return new Segment(baseOffset, filePath, fd);
  }

  get isEmpty(): boolean {
    return this.index.count === 0;
  }

  /** Appends stamped batches (already validated), returning nothing; throws on I/O failure with the segment unchanged. */
  append(data: Buffer, batches: ReadonlyArray<{ position: number; size: number; baseOffset: number; maxTimestamp: number }>, nextOffset: number): void {
    const start = this.size;
    if (this.fd !== null) {
      try {
        let written = 0;
        while (written < data.length) written += fs.writeSync(this.fd, data, written, data.length - written);
      } catch (error) {
        // A partial write would leave garbage the index does not know about; cut it off before reporting.
        try {
          fs.ftruncateSync(this.fd, start);
        } catch {
          /* the recovery scan truncates on the next start */
        }
        throw error;
      }
    }
    for (const batch of batches) {
      this.index.push(batch.baseOffset, start + batch.position, batch.maxTimestamp);
      if (this.memory) this.memory.push(data.subarray(batch.position, batch.position + batch.size));
      if (batch.maxTimestamp > this.maxTimestamp) this.maxTimestamp = batch.maxTimestamp;
    }
    this.size += data.length;
    this.nextOffset = nextOffset;
    this.lastModifiedMs = Date.now();
  }

  /** Registers a batch found by the recovery scan (its bytes are already in the file). */
  adopt(baseOffset: number, position: number, size: number, maxTimestamp: number, nextOffset: number): void {
    if (this.index.count === 0 && maxTimestamp >= 0) this.rollBaseMs = maxTimestamp;
    if (baseOffset > (this.index.count === 0 ? this.baseOffset : this.nextOffset)) this.hasGaps = true;
    this.index.push(baseOffset, position, maxTimestamp);
    if (maxTimestamp > this.maxTimestamp) this.maxTimestamp = maxTimestamp;
    this.size = position + size;
    this.nextOffset = nextOffset;
  }

  /**
   * Reads whole batches starting with batch `first`, stopping before `maxBytes` would be exceeded (but always at least
   * one batch, as Kafka does so a large batch can't stall a consumer). Returns null when `first` is past the end.
   */
  read(first: number, maxBytes: number): Buffer | null {
    const count = this.index.count;
    if (first < 0 || first >= count) return null;
    const startPosition = this.index.position(first);
    let last = first;
    while (last + 1 < count && this.endOf(last + 1) - startPosition <= maxBytes) last++;
    if (this.memory) {
      if (last === first) return this.memory[first]!;
      return Buffer.concat(this.memory.slice(first, last + 1));
    }
    const length = this.endOf(last) - startPosition;
    const target = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const got = fs.readSync(this.fd!, target, done, length - done, startPosition + done);
      if (got === 0) break;
      done += got;
    }
    return done === length ? target : target.subarray(0, done);
  }

  /** Reads raw file bytes [position, position + length) (on-disk segments only). */
  readRange(position: number, length: number): Buffer {
    const target = Buffer.allocUnsafe(length);
    const got = fs.readSync(this.fd!, target, 0, length, position);
    return target.subarray(0, got);
  }

  /** The bytes of batch i. */
  batch(i: number): Buffer {
    if (this.memory) return this.memory[i]!;
    const position = this.index.position(i);
    return this.readRange(position, this.endOf(i) - position);
  }

  private endOf(i: number): number {
    return i + 1 < this.index.count ? this.index.position(i + 1) : this.size;
  }

  /**
   * Replaces the segment's batches with `batches` (log compaction), keeping its offset range and last-modified time.
   * On disk the new file is written beside the old one and renamed over it, so a crash leaves one or the other.
   */
  replaceContents(batches: readonly Buffer[]): void {
    const data = Buffer.concat(batches);
    if (this.filePath !== null) {
      const cleaned = `${this.filePath}.cleaned`;
      fs.writeFileSync(cleaned, data);
      this.close();
      fs.renameSync(cleaned, this.filePath);
      this.fd = fs.openSync(this.filePath, 'a+');
    }
    this.index.truncate(0);
    if (this.memory) this.memory.length = 0;
    this.maxTimestamp = -1;
    let position = 0;
    for (const batch of batches) {
      const maxTimestamp = readInt64(batch, Batch.MAX_TIMESTAMP);
      this.index.push(readInt64(batch, Batch.BASE_OFFSET), position, maxTimestamp);
      if (this.memory) this.memory.push(batch);
      if (maxTimestamp > this.maxTimestamp) this.maxTimestamp = maxTimestamp;
      position += batch.length;
    }
    this.size = data.length;
    this.hasGaps = true;
  }

  /**
   * The first batch, from `i` on, that holds an offset >= `offset` (the segment's batch count when none does). Only
   * segments with gaps need to look at batch headers; elsewhere the batch found by the index already reaches `offset`.
   */
  firstBatchReaching(offset: number, i: number): number {
    if (!this.hasGaps) return i;
    for (; i < this.index.count; i++) {
      const header = this.memory ? this.memory[i]!.subarray(0, Batch.HEADER_SIZE) : this.readRange(this.index.position(i), Batch.HEADER_SIZE);
      if (this.index.baseOffset(i) + header.readInt32BE(Batch.LAST_OFFSET_DELTA) >= offset) return i;
    }
    return i;
  }

  /** Cuts the file and index back to `size` bytes / `batchCount` batches (torn tail). */
  truncateTo(batchCount: number, size: number, nextOffset: number): void {
    this.index.truncate(batchCount);
    if (this.memory) this.memory.length = batchCount;
    if (this.fd !== null) fs.ftruncateSync(this.fd, size);
    this.size = size;
    this.nextOffset = nextOffset;
  }

  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }

  /** Closes and removes the file (retention, DeleteRecords, topic deletion). */
  destroy(): void {
    this.close();
    if (this.filePath) fs.rmSync(this.filePath, { force: true });
  }
}
