import { ErrorCode } from '../protocol/error-codes';
import { decodeMetadataRequest, encodeMetadataResponse, type MetadataResponse } from '../protocol/messages/metadata';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
import { topicNameProblem } from '../topics/topic-name';
import type { BrokerState, RequestContext } from './context';

/** Metadata v0-6: one broker (node 0, the advertised address), leader of every partition. */
export function handleMetadata(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const request = decodeMetadataRequest(reader, context.apiVersion);
  const names = request.topics ?? state.topics.list().map((topic) => topic.name);
  const topics: MetadataResponse['topics'] = names.map((name) => {
    let topic = state.topics.get(name);
    if (!topic && state.autoCreateTopics && request.allowAutoTopicCreation && request.topics !== null && !topicNameProblem(name)) {
      state.topics.create({ name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] }, false);
      topic = state.topics.get(name);
    }
    if (!topic) {
      const errorCode = topicNameProblem(name) ? ErrorCode.INVALID_TOPIC_EXCEPTION : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      return { errorCode, name, internal: false, partitions: [] };
    }
    return {
      errorCode: ErrorCode.NONE,
      name,
      internal: topic.internal,
      partitions: topic.partitions.map((_, partitionIndex) => ({ errorCode: ErrorCode.NONE, partitionIndex, leaderId: state.nodeId, replicas: [state.nodeId], isr: [state.nodeId] })),
    };
  });
  encodeMetadataResponse(writer, context.apiVersion, {
    brokers: [{ nodeId: state.nodeId, host: state.advertisedHost, port: state.advertisedPort }],
    clusterId: state.clusterId,
    controllerId: state.nodeId,
    topics,
  });
}
