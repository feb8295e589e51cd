import { ErrorCode } from '../protocol/error-codes';
import { encodeFindCoordinatorResponse, decodeFindCoordinatorRequest } from '../protocol/messages/find-coordinator';
import { decodeDeleteGroupsRequest, decodeDescribeGroupsRequest, encodeDeleteGroupsResponse, encodeDescribeGroupsResponse, encodeListGroupsResponse, type DescribedGroup } from '../protocol/messages/groups-admin';
import { decodeHeartbeatRequest, encodeErrorOnlyResponse } from '../protocol/messages/heartbeat';
import { decodeJoinGroupRequest, encodeJoinGroupResponse } from '../protocol/messages/join-group';
import { decodeLeaveGroupRequest, encodeLeaveGroupResponse } from '../protocol/messages/leave-group';
import { decodeOffsetCommitRequest, encodeOffsetCommitResponse } from '../protocol/messages/offset-commit';
import { decodeOffsetFetchRequest, encodeOffsetFetchResponse, type OffsetFetchPartition } from '../protocol/messages/offset-fetch';
import { decodeSyncGroupRequest, encodeSyncGroupResponse } from '../protocol/messages/sync-group';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
import type { BrokerState, RequestContext } from './context';

/** FindCoordinator v0-2: this node coordinates every group (and would every transactional id). */
export function handleFindCoordinator(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  decodeFindCoordinatorRequest(reader, context.apiVersion);
  state.topics.ensureGroupMetadataTopic();
  encodeFindCoordinatorResponse(writer, context.apiVersion, {
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    nodeId: state.nodeId,
    host: state.advertisedHost,
    port: state.advertisedPort,
  });
}

export function handleJoinGroup(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void | Promise<void> {
  const request = decodeJoinGroupRequest(reader, context.apiVersion);
  const outcome = state.groups.join({ ...request, clientId: context.clientId, clientHost: context.clientHost });
  if (outcome instanceof Promise) return outcome.then((result) => encodeJoinGroupResponse(writer, context.apiVersion, result));
  encodeJoinGroupResponse(writer, context.apiVersion, outcome);
}

export function handleSyncGroup(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void | Promise<void> {
  const request = decodeSyncGroupRequest(reader, context.apiVersion);
  const outcome = state.groups.sync(request.groupId, request.generationId, request.memberId, request.assignments);
  if (outcome instanceof Promise) return outcome.then((result) => encodeSyncGroupResponse(writer, context.apiVersion, result));
  encodeSyncGroupResponse(writer, context.apiVersion, outcome);
}

export function handleHeartbeat(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const request = decodeHeartbeatRequest(reader, context.apiVersion);
  encodeErrorOnlyResponse(writer, context.apiVersion, state.groups.heartbeat(request.groupId, request.generationId, request.memberId));
}

export function handleLeaveGroup(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const request = decodeLeaveGroupRequest(reader, context.apiVersion);
  const members = request.members.map((member) => ({ ...member, errorCode: state.groups.leave(request.groupId, member.memberId) }));
  const topLevel = context.apiVersion <= 2 ? members[0]!.errorCode : ErrorCode.NONE;
  encodeLeaveGroupResponse(writer, context.apiVersion, topLevel, members);
}

/** OffsetCommit v0-5: validated against membership and generation, then journaled in one write. */
export function handleOffsetCommit(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const request = decodeOffsetCommitRequest(reader, context.apiVersion);
  const verdict = state.groups.checkCommit(request.groupId, request.generationId, request.memberId);
  const accepted: Array<{ topic: string; partition: number; offset: number; metadata: string | null }> = [];
  const topics = request.topics.map(({ name, partitions }) => ({
    name,
    partitions: partitions.map(({ partitionIndex, committedOffset, metadata }) => {
      let errorCode: number = verdict;
      if (errorCode === ErrorCode.NONE) {
        if (!state.topics.partition(name, partitionIndex)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (state.groups.commitMetadataTooLarge(metadata)) errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        else accepted.push({ topic: name, partition: partitionIndex, offset: committedOffset, metadata });
      }
      return { partitionIndex, errorCode };
    }),
  }));
  state.offsets.commit(request.groupId, accepted, state.groups.group(request.groupId)?.protocolType);
  encodeOffsetCommitResponse(writer, context.apiVersion, topics);
}

export function handleOffsetFetch(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const request = decodeOffsetFetchRequest(reader);
  const none = (partitionIndex: number): OffsetFetchPartition => ({ partitionIndex, committedOffset: -1, metadata: '', errorCode: ErrorCode.NONE });
  let topics: Array<{ name: string; partitions: OffsetFetchPartition[] }>;
  if (request.topics === null) {
    topics = [...state.offsets.all(request.groupId)].map(([name, partitions]) => ({
      name,
      partitions: [...partitions].map(([partitionIndex, committed]) => ({ partitionIndex, committedOffset: committed.offset, metadata: committed.metadata, errorCode: ErrorCode.NONE })),
    }));
  } else {
    topics = request.topics.map(({ name, partitionIndexes }) => ({
      name,
      partitions: partitionIndexes.map((partitionIndex) => {
        const committed = state.offsets.get(request.groupId, name, partitionIndex);
        return committed ? { partitionIndex, committedOffset: committed.offset, metadata: committed.metadata, errorCode: ErrorCode.NONE } : none(partitionIndex);
      }),
    }));
  }
  encodeOffsetFetchResponse(writer, context.apiVersion, topics, ErrorCode.NONE);
}

/** A group's protocol type: the live group's, else the one its committed offsets remember; none for offsets-only groups. */
function protocolTypeOf(state: BrokerState, groupId: string): string | undefined {
  return state.groups.group(groupId)?.protocolType ?? state.offsets.protocolType(groupId);
}

export function handleDescribeGroups(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const ids = decodeDescribeGroupsRequest(reader);
  const groups = ids.map((groupId): DescribedGroup => {
    const group = state.groups.group(groupId);
    if (!group || group.members.size === 0) {
      const exists = state.offsets.hasGroup(groupId) || (group !== undefined && group.generationId > 0);
      // An empty group keeps the protocol type it had (Kafka: "consumer" for a consumer group that went idle).
      const protocolType = exists ? (protocolTypeOf(state, groupId) ?? '') : '';
      return { errorCode: ErrorCode.NONE, groupId, groupState: exists ? 'Empty' : 'Dead', protocolType, protocolData: '', members: [] };
    }
    const protocol = group.protocolName ?? '';
    return {
      errorCode: ErrorCode.NONE,
      groupId,
      groupState: group.state,
      protocolType: group.protocolType ?? '',
      protocolData: group.state === 'Stable' || group.state === 'CompletingRebalance' ? protocol : '',
      members: [...group.members.values()].map((member) => ({
        memberId: member.memberId,
        clientId: member.clientId,
        clientHost: member.clientHost,
        metadata: group.metadataFor(member, protocol),
        assignment: member.assignment,
      })),
    };
  });
  encodeDescribeGroupsResponse(writer, context.apiVersion, groups);
}

export function handleListGroups(state: BrokerState, _reader: Reader, writer: Writer, context: RequestContext): void {
  const groups = state.groups.groupIds().map((groupId) => ({ groupId, protocolType: protocolTypeOf(state, groupId) ?? '' }));
  encodeListGroupsResponse(writer, context.apiVersion, groups);
}

export function handleDeleteGroups(state: BrokerState, reader: Reader, writer: Writer): void {
  const ids = decodeDeleteGroupsRequest(reader);
  encodeDeleteGroupsResponse(writer, ids.map((groupId) => ({ groupId, errorCode: state.groups.deleteGroup(groupId) })));
}
