import type { Reader } from '../reader';
import type { Writer } from '../writer';

/** DescribeGroups v0-2 request: group ids. */
export function decodeDescribeGroupsRequest(reader: Reader): string[] {
  return reader.array((r) => r.string());
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: Array<{ memberId: string; clientId: string; clientHost: string; metadata: Buffer; assignment: Buffer }>;
}

export function encodeDescribeGroupsResponse(writer: Writer, version: number, groups: DescribedGroup[]): void {
  if (version >= 1) writer.int32(0);
  writer.array(groups, (w, group) => {
    w.int16(group.errorCode).string(group.groupId).string(group.groupState).string(group.protocolType).string(group.protocolData);
    w.array(group.members, (mw, member) => {
      mw.string(member.memberId).string(member.clientId).string(member.clientHost).bytes(member.metadata).bytes(member.assignment);
    });
  });
}

/** ListGroups v0-2 (empty request). */
export function encodeListGroupsResponse(writer: Writer, version: number, groups: Array<{ groupId: string; protocolType: string }>): void {
  if (version >= 1) writer.int32(0);
  writer.int16(0);
  writer.array(groups, (w, group) => w.string(group.groupId).string(group.protocolType));
}

/** DeleteGroups v0-1. */
export function decodeDeleteGroupsRequest(reader: Reader): string[] {
  return reader.array((r) => r.string());
}

export function encodeDeleteGroupsResponse(writer: Writer, results: Array<{ groupId: string; errorCode: number }>): void {
  writer.int32(0);
  writer.array(results, (w, result) => w.string(result.groupId).int16(result.errorCode));
}
