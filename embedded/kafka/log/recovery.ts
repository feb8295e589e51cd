import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddedLogger } from '../../logger';
import { crc32c } from '../protocol/crc32c';
import { Batch, readBatchHeader, type BatchHeader } from '../protocol/record-batch';
import { Segment } from './segment';

const SEGMENT_FILE = /^(\d{20})\.log$/;
const WINDOW = 8 * 1024 * 1024;
/** Checksums are verified over the last part of the newest segment, where a torn write can be. */
const VERIFIED_TAIL = 64 * 1024 * 1024;

/**
 * Rebuilds the segments of a partition directory: every batch header is read to rebuild the in-memory index; the
 * first batch that is incomplete, malformed, behind the previous batch's offsets or (near the tail) fails its CRC marks a torn tail —
 * the file is truncated there and any later segment files are deleted.
 */
export function recoverSegments(directory: string, logger: EmbeddedLogger, observe: (header: BatchHeader) => void): Segment[] {
  const bases = fs
    .readdirSync(directory)
    .map((name) => SEGMENT_FILE.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let s = 0; s < bases.length; s++) {
    const segment = Segment.onDisk(directory, bases[s]!);
    segments.push(segment);
    const clean = scanSegment(segment, s === bases.length - 1, observe);
    if (!clean) {
      logger.warn({ directory, segment: segment.filePath, truncatedAt: segment.size }, 'kafka log: torn tail truncated');
      for (const later of bases.slice(s + 1)) {
        fs.rmSync(path.join(directory, `${String(later).padStart(20, '0')}.log`), { force: true });
      }
      break;
    }
  }
  return segments;
}

/** Returns false when the segment had a torn tail (already truncated). */
function scanSegment(segment: Segment, isNewest: boolean, observe: (header: BatchHeader) => void): boolean {
  const stat = fs.statSync(segment.filePath!);
  const fileSize = stat.size;
  segment.lastModifiedMs = stat.mtimeMs;
  let window: Buffer = Buffer.alloc(0);
  let windowStart = 0;
  const load = (position: number, length: number): boolean => {
    if (position >= windowStart && position + length <= windowStart + window.length) return true;
    window = segment.readRange(position, Math.min(Math.max(length, WINDOW), fileSize - position));
    windowStart = position;
    return window.length >= length;
  };

  let position = 0;
  let next = segment.baseOffset;
  while (position < fileSize) {
    if (!load(position, Batch.HEADER_SIZE)) break;
    const size = window.readInt32BE(position - windowStart + Batch.LENGTH) + Batch.LOG_OVERHEAD;
    if (size < Batch.HEADER_SIZE || !load(position, size)) break;
    const header = readBatchHeader(window, position - windowStart);
    // Compaction leaves gaps between batches, never overlaps.
    if (typeof header === 'string' || header.baseOffset < next || header.lastOffsetDelta < 0) break;
    if (isNewest && fileSize - position <= VERIFIED_TAIL) {
      const start = position - windowStart;
      if (crc32c(window, start + Batch.ATTRIBUTES, start + size) !== window.readUInt32BE(start + Batch.CRC)) break;
    }
    next = header.baseOffset + header.lastOffsetDelta + 1;
    segment.adopt(header.baseOffset, position, size, header.maxTimestamp, next);
    observe(header);
    position += size;
  }
  if (position < fileSize) {
    segment.truncateTo(segment.index.count, position, next);
    return false;
  }
  return true;
}
