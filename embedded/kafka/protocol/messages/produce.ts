import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface ProduceRequest {
  transactionalId: string | null;
  acks: number;
  timeoutMs: number;
  topics: Array<{ name: string; partitions: Array<{ index: number; records: Buffer | null }> }>;
}

/** Produce v3-7 (RecordBatch v2 only). */
export function decodeProduceRequest(reader: Reader): ProduceRequest {
  const transactionalId = reader.nullableString();
  const acks = reader.int16();
  const timeoutMs = reader.int32();
  const topics = reader.array((r) => ({
    name: r.string(),
    partitions: r.array((pr) => ({ index: pr.int32(), records: pr.nullableBytes() })),
  }));
  return { transactionalId, acks, timeoutMs, topics };
}

export interface ProducePartitionResult {
  index: number;
  errorCode: number;
  baseOffset: number;
  logStartOffset: number;
}

export function encodeProduceResponse(writer: Writer, version: number, topics: Array<{ name: string; partitions: ProducePartitionResult[] }>): void {
  writer.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (pw, partition) => {
      pw.int32(partition.index).int16(partition.errorCode).int64(partition.baseOffset);
      pw.int64(-1); // log_append_time_ms: CreateTime topics answer -1
      if (version >= 5) pw.int64(partition.logStartOffset);
    });
  });
  writer.int32(0); // throttle_time_ms
}
