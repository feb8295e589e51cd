import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface FetchPartitionRequest {
  partition: number;
  fetchOffset: number;
  partitionMaxBytes: number;
}

export interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  sessionId: number;
  sessionEpoch: number;
  topics: Array<{ topic: string; partitions: FetchPartitionRequest[] }>;
}

/** Fetch v4-11 (no incremental fetch sessions: session fields are read and ignored). */
export function decodeFetchRequest(reader: Reader, version: number): FetchRequest {
  reader.int32(); // replica_id
  const maxWaitMs = reader.int32();
  const minBytes = reader.int32();
  const maxBytes = reader.int32();
  const isolationLevel = reader.int8();
  const sessionId = version >= 7 ? reader.int32() : 0;
  const sessionEpoch = version >= 7 ? reader.int32() : -1;
  const topics = reader.array((r) => ({
    topic: r.string(),
    partitions: r.array((pr) => {
      const partition = pr.int32();
      if (version >= 9) pr.int32(); // current_leader_epoch
      const fetchOffset = pr.int64();
      if (version >= 5) pr.int64(); // log_start_offset (followers only)
      const partitionMaxBytes = pr.int32();
      return { partition, fetchOffset, partitionMaxBytes };
    }),
  }));
  if (version >= 7) reader.array((r) => ({ topic: r.string(), partitions: r.array((pr) => pr.int32()) })); // forgotten topics
  if (version >= 11) reader.string(); // rack_id
  return { maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics };
}

export interface FetchPartitionResult {
  partition: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  records: Buffer | null;
}

export function encodeFetchResponse(writer: Writer, version: number, topics: Array<{ topic: string; partitions: FetchPartitionResult[] }>): void {
  writer.int32(0); // throttle_time_ms
  if (version >= 7) writer.int16(0).int32(0); // error_code, session_id (sessionless)
  writer.array(topics, (w, topic) => {
    w.string(topic.topic);
    w.array(topic.partitions, (pw, partition) => {
      pw.int32(partition.partition).int16(partition.errorCode).int64(partition.highWatermark);
      pw.int64(partition.highWatermark); // last_stable_offset: no transactions, so the high watermark
      if (version >= 5) pw.int64(partition.logStartOffset);
      pw.int32(0); // aborted_transactions: empty
      if (version >= 11) pw.int32(-1); // preferred_read_replica
      pw.nullableBytes(partition.records ?? Buffer.alloc(0));
    });
  });
}
