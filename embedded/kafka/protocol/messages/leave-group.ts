import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface LeaveGroupRequest {
  groupId: string;
  members: Array<{ memberId: string; groupInstanceId: string | null }>;
}

/** LeaveGroup v0-3 (v3 leaves a batch of members). */
export function decodeLeaveGroupRequest(reader: Reader, version: number): LeaveGroupRequest {
  const groupId = reader.string();
  if (version <= 2) return { groupId, members: [{ memberId: reader.string(), groupInstanceId: null }] };
  const members = reader.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString() }));
  return { groupId, members };
}

export function encodeLeaveGroupResponse(
  writer: Writer,
  version: number,
  errorCode: number,
  members: Array<{ memberId: string; groupInstanceId: string | null; errorCode: number }>,
): void {
  if (version >= 1) writer.int32(0);
  writer.int16(errorCode);
  if (version >= 3) writer.array(members, (w, member) => w.string(member.memberId).nullableString(member.groupInstanceId).int16(member.errorCode));
}
