import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface MetadataRequest {
  /** null = all topics. */
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}

export function decodeMetadataRequest(reader: Reader, version: number): MetadataRequest {
  let topics = reader.nullableArray((r) => r.string());
  // v0 has no null: an empty list means all topics.
  if (version === 0 && topics !== null && topics.length === 0) topics = null;
  const allowAutoTopicCreation = version >= 4 ? reader.bool() : true;
  return { topics, allowAutoTopicCreation };
}

export interface MetadataResponse {
  brokers: Array<{ nodeId: number; host: string; port: number }>;
  clusterId: string;
  controllerId: number;
  topics: Array<{
    errorCode: number;
    name: string;
    internal: boolean;
    partitions: Array<{ errorCode: number; partitionIndex: number; leaderId: number; replicas: number[]; isr: number[] }>;
  }>;
}

/** Metadata v0-6. */
export function encodeMetadataResponse(writer: Writer, version: number, response: MetadataResponse): void {
  if (version >= 3) writer.int32(0);
  writer.array(response.brokers, (w, broker) => {
    w.int32(broker.nodeId).string(broker.host).int32(broker.port);
    if (version >= 1) w.nullableString(null); // rack
  });
  if (version >= 2) writer.nullableString(response.clusterId);
  if (version >= 1) writer.int32(response.controllerId);
  writer.array(response.topics, (w, topic) => {
    w.int16(topic.errorCode).string(topic.name);
    if (version >= 1) w.bool(topic.internal);
    w.array(topic.partitions, (pw, partition) => {
      pw.int16(partition.errorCode).int32(partition.partitionIndex).int32(partition.leaderId);
      pw.array(partition.replicas, (iw, id) => iw.int32(id));
      pw.array(partition.isr, (iw, id) => iw.int32(id));
      if (version >= 5) pw.int32(0); // offline_replicas: empty array
    });
  });
}
