import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface ListOffsetsRequest {
  isolationLevel: number;
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; timestamp: number }> }>;
}

/** ListOffsets v0-3. Timestamp -1 = latest, -2 = earliest. */
export function decodeListOffsetsRequest(reader: Reader, version: number): ListOffsetsRequest {
  reader.int32(); // replica_id
  const isolationLevel = version >= 2 ? reader.int8() : 0;
  const topics = reader.array((r) => ({
    name: r.string(),
    partitions: r.array((pr) => {
      const partitionIndex = pr.int32();
      const timestamp = pr.int64();
      if (version === 0) pr.int32(); // max_num_offsets
      return { partitionIndex, timestamp };
    }),
  }));
  return { isolationLevel, topics };
}

export interface ListOffsetsPartitionResult {
  partitionIndex: number;
  errorCode: number;
  timestamp: number;
  offset: number;
}

export function encodeListOffsetsResponse(writer: Writer, version: number, topics: Array<{ name: string; partitions: ListOffsetsPartitionResult[] }>): void {
  if (version >= 2) writer.int32(0);
  writer.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (pw, partition) => {
      pw.int32(partition.partitionIndex).int16(partition.errorCode);
      if (version === 0) {
        pw.array(partition.offset >= 0 ? [partition.offset] : [], (ow, offset) => ow.int64(offset));
      } else {
        pw.int64(partition.timestamp).int64(partition.offset);
      }
    });
  });
}
