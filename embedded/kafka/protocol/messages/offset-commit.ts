import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface OffsetCommitRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; committedOffset: number; metadata: string | null }> }>;
}

/** OffsetCommit v0-5 (retention_time and commit_timestamp are read and ignored). */
export function decodeOffsetCommitRequest(reader: Reader, version: number): OffsetCommitRequest {
  const groupId = reader.string();
  const generationId = version >= 1 ? reader.int32() : -1;
  const memberId = version >= 1 ? reader.string() : '';
  if (version >= 2 && version <= 4) reader.int64(); // retention_time_ms
  const topics = reader.array((r) => ({
    name: r.string(),
    partitions: r.array((pr) => {
      const partitionIndex = pr.int32();
      const committedOffset = pr.int64();
      if (version === 1) pr.int64(); // commit_timestamp
      const metadata = pr.nullableString();
      return { partitionIndex, committedOffset, metadata };
    }),
  }));
  return { groupId, generationId, memberId, topics };
}

export function encodeOffsetCommitResponse(
  writer: Writer,
  version: number,
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }>,
): void {
  if (version >= 3) writer.int32(0);
  writer.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (pw, partition) => pw.int32(partition.partitionIndex).int16(partition.errorCode));
  });
}
