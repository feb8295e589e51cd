import type { TopicConfig } from '../topics/topic-config';
import { rebuildBatch, recordsOf, type BatchRecord } from './batch-records';
import type { Segment } from './segment';

export interface CleanResult {
  /** New batches of each segment that lost records (an empty list: the segment is now empty). */
  rewritten: Map<Segment, Buffer[]>;
  removedRecords: number;
  /** Tombstones kept because delete.retention.ms has not passed yet: a later pass must look again. */
  tombstonesLeft: boolean;
}

const keyOf = (key: Buffer) => key.toString('latin1');

/**
 * Kafka's log compaction over closed segments: per key only the record with the highest offset survives, keyless
 * records go, and a surviving tombstone (null value) goes once its segment was last written more than
 * delete.retention.ms ago. Offsets never move: kept records stay in their batches, whose headers (base offset, last
 * offset delta) are kept. Batches in codecs Node cannot read (snappy, lz4, zstd) are kept whole and do not count as
 * newer versions of their keys.
 */
export function cleanSegments(segments: readonly Segment[], config: TopicConfig, now: number): CleanResult {
  const latest = new Map<string, number>();
  const decoded = segments.map((segment) =>
    Array.from({ length: segment.index.count }, (_, i) => {
      const bytes = segment.batch(i);
      let parsed: ReturnType<typeof recordsOf> = null;
      try {
        parsed = recordsOf(bytes);
      } catch {
        parsed = null; // corrupt compressed body: kept as it is
      }
      if (parsed) {
        for (const record of parsed.records) if (record.key) latest.set(keyOf(record.key), parsed.header.baseOffset + record.offsetDelta);
      }
      return { bytes, parsed };
    }),
  );

  const result: CleanResult = { rewritten: new Map(), removedRecords: 0, tombstonesLeft: false };
  segments.forEach((segment, s) => {
    const tombstonesExpired = segment.lastModifiedMs < now - config['delete.retention.ms'];
    let changed = false;
    const batches: Buffer[] = [];
    for (const { bytes, parsed } of decoded[s]!) {
      if (!parsed) {
        batches.push(bytes);
        continue;
      }
      const kept: BatchRecord[] = parsed.records.filter((record) => {
        if (!record.key || latest.get(keyOf(record.key)) !== parsed.header.baseOffset + record.offsetDelta) return false;
        if (!record.tombstone) return true;
        if (tombstonesExpired) return false;
        result.tombstonesLeft = true;
        return true;
      });
      if (kept.length === parsed.records.length) {
        batches.push(bytes);
        continue;
      }
      changed = true;
      result.removedRecords += parsed.records.length - kept.length;
      if (kept.length > 0) batches.push(rebuildBatch(bytes, kept));
    }
    if (changed) result.rewritten.set(segment, batches);
  });
  return result;
}
