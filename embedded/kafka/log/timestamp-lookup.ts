import zlib from 'node:zlib';
import { Batch, compressionOf, readBatchHeader } from '../protocol/record-batch';
import { readInt64 } from '../protocol/reader';

const GZIP = 1;

/** Zigzag varint (varlong) decoding with plain arithmetic, exact below 2^53. */
function readVarlong(buffer: Buffer, cursor: { at: number }): number {
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
 * The first record in `batch` (one whole v2 batch, already stamped) with timestamp >= `timestamp`.
 * Uncompressed and gzip batches are read record by record; for codecs Node cannot decode here (snappy, lz4, zstd) the
 * batch's base offset and max timestamp answer, which is where a consumer would start reading anyway.
 */
export function findOffsetForTimestamp(batch: Buffer, timestamp: number): { offset: number; timestamp: number } | null {
  const header = readBatchHeader(batch, 0);
  if (typeof header === 'string' || header.maxTimestamp < timestamp) return null;
  const codec = compressionOf(header.attributes);
  if (codec !== 0 && codec !== GZIP) return { offset: header.baseOffset, timestamp: header.maxTimestamp };
  try {
    const body = codec === GZIP ? zlib.gunzipSync(batch.subarray(Batch.HEADER_SIZE, header.size)) : batch.subarray(Batch.HEADER_SIZE, header.size);
    const baseTimestamp = readInt64(batch, Batch.BASE_TIMESTAMP);
    const cursor = { at: 0 };
    for (let i = 0; i < header.recordCount && cursor.at < body.length; i++) {
      const length = readVarlong(body, cursor);
      const next = cursor.at + length;
      cursor.at += 1; // attributes
      const recordTimestamp = baseTimestamp + readVarlong(body, cursor);
      const offsetDelta = readVarlong(body, cursor);
      if (recordTimestamp >= timestamp) return { offset: header.baseOffset + offsetDelta, timestamp: recordTimestamp };
      cursor.at = next;
    }
  } catch {
    /* an undecodable batch answers with its base offset below */
  }
  return { offset: header.baseOffset, timestamp: header.maxTimestamp };
}
