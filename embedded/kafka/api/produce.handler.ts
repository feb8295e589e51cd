import { ErrorCode } from '../protocol/error-codes';
import { decodeProduceRequest, encodeProduceResponse, type ProducePartitionResult } from '../protocol/messages/produce';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
import { atLeastVersion } from '../kafka-version';
import { hasKeylessRecord } from '../log/batch-records';
import { isCompacted } from '../topics/topic-config';
import type { BrokerState, RequestContext } from './context';

/**
 * Produce v3-7: each partition's RecordBatch v2 bytes are stamped with offsets and appended as received. The append
 * is a synchronous file write, so by the time acks=1 or acks=-1 is answered the bytes are in the file.
 * Returns false for acks=0 (no response is sent).
 */
export function handleProduce(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): boolean {
  const request = decodeProduceRequest(reader);
  const validAcks = request.acks === -1 || request.acks === 0 || request.acks === 1;
  const results = request.topics.map((topicData) => {
    let topic = state.topics.get(topicData.name);
    if (!topic && validAcks && state.autoCreateTopics) {
      state.topics.create({ name: topicData.name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] }, false);
      topic = state.topics.get(topicData.name);
    }
    const partitions = topicData.partitions.map((partitionData): ProducePartitionResult => {
      const failed = (errorCode: number): ProducePartitionResult => ({ index: partitionData.index, errorCode, baseOffset: -1, logStartOffset: -1 });
      if (!validAcks) return failed(ErrorCode.INVALID_REQUIRED_ACKS);
      const log = topic?.partitions[partitionData.index];
      if (!topic || !log) return failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      // Kafka: "Cannot append to internal topic" for clients.
      if (topic.internal) return failed(ErrorCode.INVALID_TOPIC_EXCEPTION);
      if (!partitionData.records || partitionData.records.length === 0) return failed(ErrorCode.CORRUPT_MESSAGE);
      // Kafka refuses keyless records on compacted topics (CORRUPT_MESSAGE before 2.5's INVALID_RECORD); only there are records decoded.
      if (isCompacted(topic.config) && hasKeylessRecord(partitionData.records)) {
        return failed(atLeastVersion(state.topics.version, '2.5') ? ErrorCode.INVALID_RECORD : ErrorCode.CORRUPT_MESSAGE);
      }
      const appended = log.append(partitionData.records, topic.config);
      if (appended.errorCode !== ErrorCode.NONE) {
        state.logger.debug({ topic: topic.name, partition: partitionData.index, errorCode: appended.errorCode }, 'kafka: produce rejected');
      }
      return { index: partitionData.index, errorCode: appended.errorCode, baseOffset: appended.baseOffset, logStartOffset: log.logStartOffset };
    });
    return { name: topicData.name, partitions };
  });
  if (request.acks === 0) return false;
  encodeProduceResponse(writer, context.apiVersion, results);
  return true;
}
