/** A Kafka version as [major, minor, patch]; Confluent Platform versions are translated to the Kafka they ship. */
export type KafkaVersion = readonly [number, number, number];

/**
 * Parses `GET /`'s version. Apache Kafka reports "3.9.0"; Confluent Platform reports its own release with a suffix
 * ("7.6.1-ccs", "7.6.1-ce"), which maps to Kafka: CP 5.4/5.5 → 2.4/2.5, 6.0–6.2 → 2.6–2.8, 7.x → 3.x, 8.x → 4.x.
 * Unparseable versions count as the newest (every operation is attempted and Connect itself answers).
 */
export function parseKafkaVersion(version: string): KafkaVersion {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(version.trim());
  if (!match) return [99, 0, 0];
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  const confluent = /-c(cs|e)\b/i.test(match[4] ?? '') || major >= 5;
  if (!confluent) return [major, minor, patch];
  if (major === 5) return [2, minor, patch];
  if (major === 6) return [2, minor + 6, patch];
  if (major === 7) return [3, minor, patch];
  if (major === 8) return [4, minor, patch];
  return [major - 4, minor, patch];
}

export function atLeast(version: KafkaVersion, minimum: KafkaVersion): boolean {
  for (let i = 0; i < 3; i++) {
    if (version[i]! !== minimum[i]!) return version[i]! > minimum[i]!;
  }
  return true;
}

export function formatVersion(version: KafkaVersion): string {
  return `${version[0]}.${version[1]}`;
}

/** The Kafka release that introduced each REST feature pipegraph uses (anchors-mission.md §2). */
export const FEATURES = {
  expandStatusInfo: [2, 3, 0],
  connectorTopics: [2, 5, 0],
  restartWithTasks: [3, 0, 0],
  pluginConfig: [3, 2, 0],
  stopConnector: [3, 5, 0],
  readOffsets: [3, 5, 0],
  alterOffsets: [3, 6, 0],
  initialState: [3, 7, 0],
  patchConfig: [3, 8, 0],
  health: [3, 9, 0],
} as const satisfies Record<string, KafkaVersion>;

export type Feature = keyof typeof FEATURES;
