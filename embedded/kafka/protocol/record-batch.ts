import { crc32c } from './crc32c';
import { readInt64, writeInt64 } from './reader';

/**
 * Field positions in a RecordBatch v2 header (Kafka protocol guide, "Record Batch"). The broker reads only the header:
 * the CRC covers `attributes` onward, so patching baseOffset and partitionLeaderEpoch leaves the batch valid and
 * compressed batches pass through untouched.
 */
export const Batch = {
  BASE_OFFSET: 0,
  LENGTH: 8, // batchLength counts bytes after this field
  LEADER_EPOCH: 12,
  MAGIC: 16,
  CRC: 17,
  ATTRIBUTES: 21,
  LAST_OFFSET_DELTA: 23,
  BASE_TIMESTAMP: 27,
  MAX_TIMESTAMP: 35,
  PRODUCER_ID: 43,
  PRODUCER_EPOCH: 51,
  BASE_SEQUENCE: 53,
  RECORD_COUNT: 57,
  HEADER_SIZE: 61,
  LOG_OVERHEAD: 12, // baseOffset + batchLength
} as const;

export interface BatchHeader {
  /** Where the batch starts in the buffer it was read from. */
  position: number;
  /** Whole batch size in bytes, header included. */
  size: number;
  baseOffset: number;
  lastOffsetDelta: number;
  maxTimestamp: number;
  attributes: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export type BatchProblem = 'truncated' | 'bad-length' | 'bad-magic';

/** Parses the header of the batch at `position`, or names why the bytes there are not a complete v2 batch. */
export function readBatchHeader(buffer: Buffer, position: number, end = buffer.length): BatchHeader | BatchProblem {
  if (end - position < Batch.HEADER_SIZE) return 'truncated';
  const batchLength = buffer.readInt32BE(position + Batch.LENGTH);
  if (batchLength < Batch.HEADER_SIZE - Batch.LOG_OVERHEAD) return 'bad-length';
  const size = batchLength + Batch.LOG_OVERHEAD;
  if (buffer.readInt8(position + Batch.MAGIC) !== 2) return 'bad-magic';
  if (end - position < size) return 'truncated';
  return {
    position,
    size,
    baseOffset: readInt64(buffer, position + Batch.BASE_OFFSET),
    lastOffsetDelta: buffer.readInt32BE(position + Batch.LAST_OFFSET_DELTA),
    maxTimestamp: readInt64(buffer, position + Batch.MAX_TIMESTAMP),
    attributes: buffer.readInt16BE(position + Batch.ATTRIBUTES),
    producerId: readInt64(buffer, position + Batch.PRODUCER_ID),
    producerEpoch: buffer.readInt16BE(position + Batch.PRODUCER_EPOCH),
    baseSequence: buffer.readInt32BE(position + Batch.BASE_SEQUENCE),
    recordCount: buffer.readInt32BE(position + Batch.RECORD_COUNT),
  };
}

/** Assigns the batch its log offset in place (and leader epoch 0, this broker's only epoch). */
export function stampBatch(buffer: Buffer, position: number, baseOffset: number): void {
  writeInt64(buffer, baseOffset, position + Batch.BASE_OFFSET);
  buffer.writeInt32BE(0, position + Batch.LEADER_EPOCH);
}

/**
 * LogAppendTime: marks the batch's timestamps as the broker's (attributes bit 3) and sets its max timestamp to `now`,
 * as Kafka does on append; the CRC covers both, so it is recomputed.
 */
export function stampLogAppendTime(buffer: Buffer, position: number, size: number, now: number): void {
  buffer.writeInt16BE(buffer.readInt16BE(position + Batch.ATTRIBUTES) | 0x08, position + Batch.ATTRIBUTES);
  writeInt64(buffer, now, position + Batch.MAX_TIMESTAMP);
  buffer.writeUInt32BE(crc32c(buffer, position + Batch.ATTRIBUTES, position + size), position + Batch.CRC);
}

/** Compression codec from the attributes: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
export function compressionOf(attributes: number): number {
  return attributes & 0x07;
}

/** Transactional and control batches are refused: the broker implements no transactions. */
export function isTransactional(attributes: number): boolean {
  return (attributes & 0x30) !== 0;
}
