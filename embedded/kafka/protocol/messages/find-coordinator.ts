import type { Reader } from '../reader';
import type { Writer } from '../writer';

export function decodeFindCoordinatorRequest(reader: Reader, version: number): { key: string; keyType: number } {
  const key = reader.string();
  const keyType = version >= 1 ? reader.int8() : 0;
  return { key, keyType };
}

/** FindCoordinator v0-2. */
export function encodeFindCoordinatorResponse(
  writer: Writer,
  version: number,
  response: { errorCode: number; errorMessage: string | null; nodeId: number; host: string; port: number },
): void {
  if (version >= 1) writer.int32(0);
  writer.int16(response.errorCode);
  if (version >= 1) writer.nullableString(response.errorMessage);
  writer.int32(response.nodeId).string(response.host).int32(response.port);
}
