import type { Writer } from '../writer';

export interface ApiVersionsResponse {
  errorCode: number;
  apiKeys: Array<{ apiKey: number; minVersion: number; maxVersion: number }>;
}

/** ApiVersions v0-2 (request body is empty). An unsupported request version is answered in the v0 layout. */
export function encodeApiVersionsResponse(writer: Writer, version: number, response: ApiVersionsResponse): void {
  writer.int16(response.errorCode);
  writer.array(response.apiKeys, (w, key) => w.int16(key.apiKey).int16(key.minVersion).int16(key.maxVersion));
  if (version >= 1) writer.int32(0); // throttle_time_ms
}
