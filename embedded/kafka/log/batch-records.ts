import zlib from 'node:zlib';
import { crc32c } from '../protocol/crc32c';
import { Batch, compressionOf, readBatchHeader, type BatchHeader } from '../protocol/record-batch';

const GZIP = 1;

/** Zigzag varint (varlong) decoding with plain arithmetic, exact below 2^53. */
export function readVarlong(buffer: Buffer, cursor: { at: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (cursor.at >= buffer.length) throw new RangeError('varint past end');
    const byte = buffer[cursor.at++]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/**
 * The records section of one whole v2 batch, decompressed: uncompressed and gzip batches only (Node has no snappy,
 * lz4 or zstd here); null for the others. Throws on a corrupt gzip body.
 */
export function batchBody(batch: Buffer, header: BatchHeader): Buffer | null {
  const codec = compressionOf(header.attributes);
  const body = batch.subarray(Batch.HEADER_SIZE, header.size);
  if (codec === 0) return body;
  return codec === GZIP ? zlib.gunzipSync(body) : null;
}

/** One record of a batch: what compaction needs, plus its bytes (length prefix included) to copy unchanged. */
export interface BatchRecord {
  offsetDelta: number;
  key: Buffer | null;
  /** A null value: a tombstone on a compacted topic. */
  tombstone: boolean;
  raw: Buffer;
}

/** Decodes the records of one batch; null when its codec cannot be read here. */
export function recordsOf(batch: Buffer): { header: BatchHeader; records: BatchRecord[] } | null {
  const header = readBatchHeader(batch, 0);
  if (typeof header === 'string') return null;
  const body = batchBody(batch, header);
  if (body === null) return null;
  const records: BatchRecord[] = [];
  const cursor = { at: 0 };
  while (cursor.at < body.length && records.length < header.recordCount) {
    const start = cursor.at;
    const length = readVarlong(body, cursor);
    const end = cursor.at + length;
    cursor.at += 1; // attributes
    readVarlong(body, cursor); // timestamp delta
    const offsetDelta = readVarlong(body, cursor);
    const keyLength = readVarlong(body, cursor);
    const key = keyLength < 0 ? null : body.subarray(cursor.at, cursor.at + keyLength);
    cursor.at += Math.max(0, keyLength);
    const tombstone = readVarlong(body, cursor) < 0;
    records.push({ offsetDelta, key, tombstone, raw: body.subarray(start, end) });
    cursor.at = end;
  }
  return { header, records };
}

/** Whether any batch in a produce payload holds a record without a key (batches that cannot be decoded pass). */
export function hasKeylessRecord(records: Buffer): boolean {
  let position = 0;
  while (position < records.length) {
    const header = readBatchHeader(records, position);
    if (typeof header === 'string') return false;
    try {
      if (recordsOf(records.subarray(position, position + header.size))?.records.some((record) => record.key === null)) return true;
    } catch {
      return false; // corrupt compressed body: append's own checks answer
    }
    position += header.size;
  }
  return false;
}

/**
 * A batch holding only `kept` of the original's records, uncompressed: the header (base offset, last offset delta,
 * timestamps, producer fields) is kept so offsets stay where they were, as Kafka's cleaner keeps them.
 */
export function rebuildBatch(original: Buffer, kept: readonly BatchRecord[]): Buffer {
  const payload = Buffer.concat(kept.map((record) => record.raw));
  const batch = Buffer.concat([original.subarray(0, Batch.HEADER_SIZE), payload]);
  batch.writeInt32BE(batch.length - Batch.LOG_OVERHEAD, Batch.LENGTH);
  batch.writeInt16BE(batch.readInt16BE(Batch.ATTRIBUTES) & ~0x07, Batch.ATTRIBUTES);
  batch.writeInt32BE(kept.length, Batch.RECORD_COUNT);
  batch.writeUInt32BE(crc32c(batch, Batch.ATTRIBUTES), Batch.CRC);
  return batch;
}
