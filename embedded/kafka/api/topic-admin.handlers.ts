import { ErrorCode } from '../protocol/error-codes';
import {
  decodeCreatePartitionsRequest,
  decodeCreateTopicsRequest,
  decodeDeleteRecordsRequest,
  decodeDeleteTopicsRequest,
  decodeInitProducerIdRequest,
  encodeCreatePartitionsResponse,
  encodeCreateTopicsResponse,
  encodeDeleteRecordsResponse,
  encodeDeleteTopicsResponse,
  encodeInitProducerIdResponse,
} from '../protocol/messages/topics-admin';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
import type { BrokerState, RequestContext } from './context';

/** CreateTopics v0-3, honouring validate_only. */
export function handleCreateTopics(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const request = decodeCreateTopicsRequest(reader, context.apiVersion);
  const seen = new Set<string>();
  const topics = request.topics.map((topic) => {
    if (seen.has(topic.name)) return { name: topic.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Create topics request from client contains duplicate topic: ${topic.name}` };
    seen.add(topic.name);
    const outcome = state.topics.create(topic, request.validateOnly);
    return { name: topic.name, errorCode: outcome.errorCode, errorMessage: outcome.message };
  });
  encodeCreateTopicsResponse(writer, context.apiVersion, topics);
}

/** DeleteTopics v0-1: files removed before the answer; committed offsets of the topic go too. */
export function handleDeleteTopics(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const request = decodeDeleteTopicsRequest(reader);
  const topics = request.names.map((name) => {
    const outcome = state.topics.delete(name);
    if (outcome.errorCode === ErrorCode.NONE) state.offsets.deleteTopic(name);
    return { name, errorCode: outcome.errorCode, errorMessage: outcome.message };
  });
  encodeDeleteTopicsResponse(writer, context.apiVersion, topics);
}

export function handleCreatePartitions(state: BrokerState, reader: Reader, writer: Writer): void {
  const request = decodeCreatePartitionsRequest(reader);
  const topics = request.topics.map((topic) => {
    const outcome = state.topics.addPartitions(topic.name, topic.count, topic.assignments, request.validateOnly);
    return { name: topic.name, errorCode: outcome.errorCode, errorMessage: outcome.message };
  });
  encodeCreatePartitionsResponse(writer, topics);
}

export function handleDeleteRecords(state: BrokerState, reader: Reader, writer: Writer): void {
  const request = decodeDeleteRecordsRequest(reader);
  const topics = request.topics.map(({ name, partitions }) => ({
    name,
    partitions: partitions.map(({ partitionIndex, offset }) => {
      const log = state.topics.partition(name, partitionIndex);
      if (!log) return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      return { partitionIndex, ...log.deleteRecordsBefore(offset) };
    }),
  }));
  encodeDeleteRecordsResponse(writer, topics);
}

/** InitProducerId v0-1: a fresh id at epoch 0 for idempotent producers (transactions are not implemented). */
export function handleInitProducerId(state: BrokerState, reader: Reader, writer: Writer): void {
  decodeInitProducerIdRequest(reader);
  encodeInitProducerIdResponse(writer, { errorCode: ErrorCode.NONE, producerId: state.nextProducerId(), producerEpoch: 0 });
}
