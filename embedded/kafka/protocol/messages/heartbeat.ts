import type { Reader } from '../reader';
import type { Writer } from '../writer';

/** Heartbeat v0-3. */
export function decodeHeartbeatRequest(reader: Reader, version: number): { groupId: string; generationId: number; memberId: string } {
  const groupId = reader.string();
  const generationId = reader.int32();
  const memberId = reader.string();
  if (version >= 3) reader.nullableString(); // group_instance_id
  return { groupId, generationId, memberId };
}

/** Heartbeat, and any response that is just [throttle_time_ms (v1+)] error_code. */
export function encodeErrorOnlyResponse(writer: Writer, version: number, errorCode: number, throttleFromVersion = 1): void {
  if (version >= throttleFromVersion) writer.int32(0);
  writer.int16(errorCode);
}
