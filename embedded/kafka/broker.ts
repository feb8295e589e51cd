import type { EmbeddedLogger } from '../logger';
import { handleAlterConfigs, handleDescribeConfigs } from './api/config.handlers';
import type { BrokerState, RequestContext, Response } from './api/context';
import { handleFetch } from './api/fetch.handler';
import {
  handleDeleteGroups,
  handleDescribeGroups,
  handleFindCoordinator,
  handleHeartbeat,
  handleJoinGroup,
  handleLeaveGroup,
  handleListGroups,
  handleOffsetCommit,
  handleOffsetFetch,
  handleSyncGroup,
} from './api/group.handlers';
import { handleListOffsets } from './api/list-offsets.handler';
import { handleMetadata } from './api/metadata.handler';
import { handleProduce } from './api/produce.handler';
import { handleCreatePartitions, handleCreateTopics, handleDeleteRecords, handleDeleteTopics, handleInitProducerId } from './api/topic-admin.handlers';
import { ApiKey, SUPPORTED_VERSIONS } from './protocol/api-keys';
import { ErrorCode } from './protocol/error-codes';
import { encodeApiVersionsResponse } from './protocol/messages/api-versions';
import { MalformedRequestError, Reader } from './protocol/reader';
import { Writer } from './protocol/writer';

/** A handler writes the response body; false means "no response" (acks=0), a promise means "answer later". */
type Handler = (state: BrokerState, reader: Reader, writer: Writer, context: RequestContext) => void | boolean | Promise<void>;

const HANDLERS = new Map<number, Handler>([
  [ApiKey.Produce, handleProduce],
  [ApiKey.Fetch, handleFetch],
  [ApiKey.ListOffsets, handleListOffsets],
  [ApiKey.Metadata, handleMetadata],
  [ApiKey.OffsetCommit, handleOffsetCommit],
  [ApiKey.OffsetFetch, handleOffsetFetch],
  [ApiKey.FindCoordinator, handleFindCoordinator],
  [ApiKey.JoinGroup, handleJoinGroup],
  [ApiKey.Heartbeat, handleHeartbeat],
  [ApiKey.LeaveGroup, handleLeaveGroup],
  [ApiKey.SyncGroup, handleSyncGroup],
  [ApiKey.DescribeGroups, handleDescribeGroups],
  [ApiKey.ListGroups, handleListGroups],
  [ApiKey.ApiVersions, (_state, _reader, writer, context) => encodeApiVersionsResponse(writer, context.apiVersion, apiVersionsBody(ErrorCode.NONE))],
  [ApiKey.CreateTopics, handleCreateTopics],
  [ApiKey.DeleteTopics, handleDeleteTopics],
  [ApiKey.DeleteRecords, handleDeleteRecords],
  [ApiKey.InitProducerId, handleInitProducerId],
  [ApiKey.DescribeConfigs, handleDescribeConfigs],
  [ApiKey.AlterConfigs, handleAlterConfigs],
  [ApiKey.CreatePartitions, handleCreatePartitions],
  [ApiKey.DeleteGroups, handleDeleteGroups],
]);

function apiVersionsBody(errorCode: number) {
  return {
    errorCode,
    apiKeys: [...SUPPORTED_VERSIONS].map(([apiKey, [minVersion, maxVersion]]) => ({ apiKey, minVersion, maxVersion })),
  };
}

/**
 * Decodes the request header, routes to the API's handler and frames the response. Throws MalformedRequestError for
 * frames that do not parse; the server closes that connection.
 */
export function handleRequest(state: BrokerState, frame: Buffer, clientHost: string): Response | Promise<Response> {
  const reader = new Reader(frame);
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const clientId = reader.nullableString() ?? '';
  const writer = new Writer();
  writer.int32(correlationId);

  const range = SUPPORTED_VERSIONS.get(apiKey);
  const handler = HANDLERS.get(apiKey);
  if (!range || !handler || apiVersion < range[0] || apiVersion > range[1]) {
    state.logger.debug({ apiKey, apiVersion, clientId }, 'kafka: unsupported API key or version');
    // ApiVersions answers in its v0 layout with the full list, so the client can retry at a version we speak.
    if (apiKey === ApiKey.ApiVersions) {
      encodeApiVersionsResponse(writer, 0, apiVersionsBody(ErrorCode.UNSUPPORTED_VERSION));
      return writer.finish();
    }
    // Kafka cannot parse such a request and closes the connection (InvalidRequestException in the network layer).
    throw new MalformedRequestError(`unsupported API key ${apiKey} at version ${apiVersion}`);
  }
  const outcome = handler(state, reader, writer, { apiVersion, clientId, clientHost });
  if (outcome === false) return null;
  if (outcome instanceof Promise) return outcome.then(() => writer.finish());
  return writer.finish();
}

export type { BrokerState, EmbeddedLogger };
