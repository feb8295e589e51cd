import { ErrorCode } from '../protocol/error-codes';
import { decodeListOffsetsRequest, encodeListOffsetsResponse, type ListOffsetsPartitionResult } from '../protocol/messages/list-offsets';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
import type { BrokerState, RequestContext } from './context';

const LATEST = -1;
const EARLIEST = -2;

/** ListOffsets v0-3: latest (high watermark), earliest (log start offset), or the first offset at/after a timestamp. */
export function handleListOffsets(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const request = decodeListOffsetsRequest(reader, context.apiVersion);
  const topics = request.topics.map(({ name, partitions }) => ({
    name,
    partitions: partitions.map(({ partitionIndex, timestamp }): ListOffsetsPartitionResult => {
      const log = state.topics.partition(name, partitionIndex);
      if (!log) return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, timestamp: -1, offset: -1 };
      if (timestamp === LATEST) return { partitionIndex, errorCode: ErrorCode.NONE, timestamp: -1, offset: log.highWatermark };
      if (timestamp === EARLIEST) return { partitionIndex, errorCode: ErrorCode.NONE, timestamp: -1, offset: log.logStartOffset };
      if (timestamp < 0) return { partitionIndex, errorCode: ErrorCode.INVALID_REQUEST, timestamp: -1, offset: -1 };
      const found = log.offsetForTimestamp(timestamp);
      return { partitionIndex, errorCode: ErrorCode.NONE, timestamp: found?.timestamp ?? -1, offset: found?.offset ?? -1 };
    }),
  }));
  encodeListOffsetsResponse(writer, context.apiVersion, topics);
}
