import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface OffsetFetchRequest {
  groupId: string;
  /** null (v2+) = every partition with a committed offset. */
  topics: Array<{ name: string; partitionIndexes: number[] }> | null;
}

/** OffsetFetch v1-4. */
export function decodeOffsetFetchRequest(reader: Reader): OffsetFetchRequest {
  const groupId = reader.string();
  const topics = reader.nullableArray((r) => ({ name: r.string(), partitionIndexes: r.array((pr) => pr.int32()) }));
  return { groupId, topics };
}

export interface OffsetFetchPartition {
  partitionIndex: number;
  committedOffset: number;
  metadata: string | null;
  errorCode: number;
}

export function encodeOffsetFetchResponse(
  writer: Writer,
  version: number,
  topics: Array<{ name: string; partitions: OffsetFetchPartition[] }>,
  errorCode: number,
): void {
  if (version >= 3) writer.int32(0);
  writer.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (pw, partition) => {
      pw.int32(partition.partitionIndex).int64(partition.committedOffset).nullableString(partition.metadata).int16(partition.errorCode);
    });
  });
  if (version >= 2) writer.int16(errorCode);
}
