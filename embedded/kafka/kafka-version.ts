/**
 * The Kafka release the embedded broker acts as ("major.minor", 2.4 to 3.9). It decides which topic configs exist,
 * some defaults (max.message.bytes), some bounds, the error codes of AlterConfigs (ZooKeeper-era 2.x vs KRaft 3.x)
 * and the `inter.broker.protocol.version` it reports — so tests can act against an old broker.
 */
export type KafkaVersion = string;

export const DEFAULT_KAFKA_VERSION: KafkaVersion = '3.9';
export const SUPPORTED_KAFKA_VERSIONS = ['2.4', '2.5', '2.6', '2.7', '2.8', '3.0', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9'] as const;

function parts(version: KafkaVersion): [number, number] {
  const [major, minor] = version.split('.').map(Number);
  return [major ?? 0, minor ?? 0];
}

/** True when `version` is `since` or newer. */
export function atLeastVersion(version: KafkaVersion, since: KafkaVersion): boolean {
  const [a, b] = parts(version);
  const [c, d] = parts(since);
  return a > c || (a === c && b >= d);
}

/** Throws (startup error) for anything but a supported "major.minor". */
export function checkKafkaVersion(version: string): KafkaVersion {
  if (!(SUPPORTED_KAFKA_VERSIONS as readonly string[]).includes(version)) {
    throw new Error(`unsupported Kafka version "${version}": use one of ${SUPPORTED_KAFKA_VERSIONS.join(', ')}`);
  }
  return version;
}

/** What Kafka puts in `inter.broker.protocol.version` by default for that release. */
export function interBrokerProtocolVersion(version: KafkaVersion): string {
  const iv: Record<string, string> = { '2.4': 'IV1', '2.5': 'IV0', '2.6': 'IV0', '2.7': 'IV2', '2.8': 'IV1', '3.0': 'IV1', '3.1': 'IV0', '3.2': 'IV0', '3.3': 'IV3' };
  return `${version}-${iv[version] ?? 'IV0'}`;
}
