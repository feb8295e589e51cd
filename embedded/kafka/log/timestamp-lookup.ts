import { Batch, readBatchHeader } from '../protocol/record-batch';
import { readInt64 } from '../protocol/reader';
import { batchBody, readVarlong } from './batch-records';

/**
 * The first record in `batch` (one whole v2 batch, already stamped) with timestamp >= `timestamp`.
 * Uncompressed and gzip batches are read record by record; for codecs Node cannot decode here (snappy, lz4, zstd) the
 * batch's base offset and max timestamp answer, which is where a consumer would start reading anyway.
 */
export function findOffsetForTimestamp(batch: Buffer, timestamp: number): { offset: number; timestamp: number } | null {
  const header = readBatchHeader(batch, 0);
  if (typeof header === 'string' || header.maxTimestamp < timestamp) return null;
  try {
    const body = batchBody(batch, header);
    if (body === null) return { offset: header.baseOffset, timestamp: header.maxTimestamp };
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
