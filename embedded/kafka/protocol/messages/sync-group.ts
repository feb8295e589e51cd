import type { Reader } from '../reader';
import type { Writer } from '../writer';

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  assignments: Array<{ memberId: string; assignment: Buffer }>;
}

/** SyncGroup v0-3. */
export function decodeSyncGroupRequest(reader: Reader, version: number): SyncGroupRequest {
  const groupId = reader.string();
  const generationId = reader.int32();
  const memberId = reader.string();
  if (version >= 3) reader.nullableString(); // group_instance_id
  const assignments = reader.array((r) => ({ memberId: r.string(), assignment: r.bytes() }));
  return { groupId, generationId, memberId, assignments };
}

export function encodeSyncGroupResponse(writer: Writer, version: number, response: { errorCode: number; assignment: Buffer }): void {
  if (version >= 1) writer.int32(0);
  writer.int16(response.errorCode).bytes(response.assignment);
}
