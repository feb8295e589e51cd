import type { CreateTopicRequest } from '../../topics/topic-registry';
import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface CreateTopicsRequest {
  topics: CreateTopicRequest[];
  timeoutMs: number;
  validateOnly: boolean;
}

/** CreateTopics v0-3. */
export function decodeCreateTopicsRequest(reader: Reader, version: number): CreateTopicsRequest {
  const topics = reader.array((r) => ({
    name: r.string(),
    numPartitions: r.int32(),
    replicationFactor: r.int16(),
    assignments: r.array((ar) => ({ partitionIndex: ar.int32(), brokerIds: ar.array((br) => br.int32()) })),
    configs: r.array((cr) => ({ name: cr.string(), value: cr.nullableString() })),
  }));
  const timeoutMs = reader.int32();
  const validateOnly = version >= 1 ? reader.bool() : false;
  return { topics, timeoutMs, validateOnly };
}

export interface TopicOutcome {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

export function encodeCreateTopicsResponse(writer: Writer, version: number, topics: TopicOutcome[]): void {
  if (version >= 2) writer.int32(0);
  writer.array(topics, (w, topic) => {
    w.string(topic.name).int16(topic.errorCode);
    if (version >= 1) w.nullableString(topic.errorMessage);
  });
}

/** DeleteTopics v0-1. */
export function decodeDeleteTopicsRequest(reader: Reader): { names: string[]; timeoutMs: number } {
  return { names: reader.array((r) => r.string()), timeoutMs: reader.int32() };
}

export function encodeDeleteTopicsResponse(writer: Writer, version: number, topics: TopicOutcome[]): void {
  if (version >= 1) writer.int32(0);
  writer.array(topics, (w, topic) => w.string(topic.name).int16(topic.errorCode));
}

export interface CreatePartitionsRequest {
  topics: Array<{ name: string; count: number; assignments: number[][] | null }>;
  timeoutMs: number;
  validateOnly: boolean;
}

/** CreatePartitions v0-1. */
export function decodeCreatePartitionsRequest(reader: Reader): CreatePartitionsRequest {
  const topics = reader.array((r) => {
    const name = r.string();
    const count = r.int32();
    const assignments = r.nullableArray((ar) => ar.array((br) => br.int32()));
    return { name, count, assignments };
  });
  return { topics, timeoutMs: reader.int32(), validateOnly: reader.bool() };
}

export function encodeCreatePartitionsResponse(writer: Writer, topics: TopicOutcome[]): void {
  writer.int32(0);
  writer.array(topics, (w, topic) => w.string(topic.name).int16(topic.errorCode).nullableString(topic.errorMessage));
}

/** DeleteRecords v0-1. */
export function decodeDeleteRecordsRequest(reader: Reader): { topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; offset: number }> }> } {
  const topics = reader.array((r) => ({ name: r.string(), partitions: r.array((pr) => ({ partitionIndex: pr.int32(), offset: pr.int64() })) }));
  reader.int32(); // timeout_ms
  return { topics };
}

export function encodeDeleteRecordsResponse(
  writer: Writer,
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; lowWatermark: number; errorCode: number }> }>,
): void {
  writer.int32(0);
  writer.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (pw, partition) => pw.int32(partition.partitionIndex).int64(partition.lowWatermark).int16(partition.errorCode));
  });
}

/** InitProducerId v0-1. */
export function decodeInitProducerIdRequest(reader: Reader): { transactionalId: string | null; transactionTimeoutMs: number } {
  return { transactionalId: reader.nullableString(), transactionTimeoutMs: reader.int32() };
}

export function encodeInitProducerIdResponse(writer: Writer, response: { errorCode: number; producerId: number; producerEpoch: number }): void {
  writer.int32(0).int16(response.errorCode).int64(response.producerId).int16(response.producerEpoch);
}
