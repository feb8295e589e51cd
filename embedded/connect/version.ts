/** The newest Apache Kafka release whose Connect REST semantics this worker follows (the default version mode). */
export const CONNECT_VERSION = '3.9.0';
export const CONNECT_COMMIT = 'pipegraph-embedded';

/** The Connect releases the worker can imitate: each one's endpoints, status codes and error bodies. */
export const CONNECT_VERSIONS = ['2.4', '3.0', '3.2', '3.5', '3.7', '3.9'] as const;
export type ConnectVersion = (typeof CONNECT_VERSIONS)[number];
export const DEFAULT_CONNECT_VERSION: ConnectVersion = '3.9';

/** "3.2" or "3.2.0" → "3.2"; anything else throws naming the versions there are. */
export function parseConnectVersion(value: string): ConnectVersion {
  const short = /^(\d+\.\d+)(?:\.0)?$/.exec(value.trim())?.[1];
  const found = CONNECT_VERSIONS.find((v) => v === short);
  if (!found) throw new Error(`unknown Connect version "${value}"; one of ${CONNECT_VERSIONS.join(', ')}`);
  return found;
}

/** What `GET /` reports for a version mode. */
export const releaseOf = (version: ConnectVersion): string => `${version}.0`;

/** Whether `version` has what Kafka `minimum` ("3.5") introduced. */
export function atLeast(version: ConnectVersion, minimum: string): boolean {
  const [a, b] = version.split('.').map(Number) as [number, number];
  const [c, d] = minimum.split('.').map(Number) as [number, number];
  return a !== c ? a > c : b >= d;
}
