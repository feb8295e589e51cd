import type { JoinResult } from '../../group/group';
import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: Array<{ name: string; metadata: Buffer }>;
}

/** JoinGroup v0-5. */
export function decodeJoinGroupRequest(reader: Reader, version: number): JoinGroupRequest {
  const groupId = reader.string();
  const sessionTimeoutMs = reader.int32();
  const rebalanceTimeoutMs = version >= 1 ? reader.int32() : sessionTimeoutMs;
  const memberId = reader.string();
  const groupInstanceId = version >= 5 ? reader.nullableString() : null;
  const protocolType = reader.string();
  // Metadata is copied: the member keeps it beyond this request's frame.
  const protocols = reader.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes()) }));
  return { groupId, sessionTimeoutMs, rebalanceTimeoutMs, memberId, groupInstanceId, protocolType, protocols };
}

export function encodeJoinGroupResponse(writer: Writer, version: number, response: JoinResult): void {
  if (version >= 2) writer.int32(0);
  writer.int16(response.errorCode).int32(response.generationId).string(response.protocolName).string(response.leader).string(response.memberId);
  writer.array(response.members, (w, member) => {
    w.string(member.memberId);
    if (version >= 5) w.nullableString(member.groupInstanceId);
    w.bytes(member.metadata);
  });
}
