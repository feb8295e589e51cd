import { atLeastVersion, DEFAULT_KAFKA_VERSION, type KafkaVersion } from '../kafka-version';
import { ErrorCode } from '../protocol/error-codes';
import { parseConfigValue, topicConfigDef, topicConfigDefs } from './topic-config-defs';

/** The topic configs the log acts on, resolved from defaults and overrides (numbers; Long.MAX_VALUE ≈ never). */
export interface TopicConfig {
  'retention.ms': number;
  'retention.bytes': number;
  /** "delete", "compact" or both, comma-joined as Kafka describes the list. */
  'cleanup.policy': string;
  'max.message.bytes': number;
  'segment.bytes': number;
  'segment.ms': number;
  'delete.retention.ms': number;
  'min.compaction.lag.ms': number;
  /** CreateTime (the producer's) or LogAppendTime (the broker stamps each batch on append). */
  'message.timestamp.type': string;
}

export type TopicConfigName = keyof TopicConfig;

/** A topic's overrides: key → value as DescribeConfigs shows it (parsed and re-rendered, as Kafka does). */
export type TopicOverrides = Record<string, string>;

export interface ConfigProblem {
  errorCode: number;
  message: string;
}

const ENFORCED: readonly TopicConfigName[] = [
  'retention.ms',
  'retention.bytes',
  'cleanup.policy',
  'max.message.bytes',
  'segment.bytes',
  'segment.ms',
  'delete.retention.ms',
  'min.compaction.lag.ms',
  'message.timestamp.type',
];

const TEXT_CONFIGS: ReadonlySet<TopicConfigName> = new Set(['cleanup.policy', 'message.timestamp.type']);

function invalid(message: string): ConfigProblem {
  return { errorCode: ErrorCode.INVALID_CONFIG, message };
}

/**
 * Validates overrides as Kafka's LogConfig does: an unknown name is "Unknown topic config name: x", a bad value
 * "Invalid value v for configuration x: <ConfigDef's reason>", both INVALID_CONFIG (callers that answer with another
 * code, as 2.x AlterConfigs did, translate). A null value is refused as KRaft refuses it.
 */
export function parseTopicConfigs(entries: ReadonlyArray<{ name: string; value: string | null }>, version: KafkaVersion): TopicOverrides | ConfigProblem {
  const parsed: TopicOverrides = {};
  for (const { name, value } of entries) {
    const def = topicConfigDef(name, version);
    if (!def) return invalid(`Unknown topic config name: ${name}`);
    if (value === null) return invalid(`Null value not supported for topic configs: ${name}`);
    const result = parseConfigValue(def.type, value);
    if ('problem' in result) return invalid(`Invalid value ${value} for configuration ${name}: ${result.problem}`);
    if (def.check) {
      const items = def.checkEachItem && Array.isArray(result.value) ? result.value : [result.value];
      for (const item of items) {
        const problem = def.check(item, version);
        if (problem) return invalid(`Invalid value ${Array.isArray(item) ? `[${item.join(', ')}]` : String(item)} for configuration ${name}: ${problem}`);
      }
    }
    parsed[name] = result.text;
  }
  return crossCheck(parsed, version) ?? parsed;
}

/** LogConfig's checks across keys (this single node has no tiered storage, as a broker without it configured). */
function crossCheck(overrides: TopicOverrides, version: KafkaVersion): ConfigProblem | null {
  const value = (name: string) => Object.hasOwn(overrides, name) ? overrides[name]! : topicConfigDef(name, version)!.defaultFor(version);
  const minLag = BigInt(value('min.compaction.lag.ms'));
  const maxLag = BigInt(value('max.compaction.lag.ms'));
  if (minLag > maxLag) return invalid(`conflict topic config setting min.compaction.lag.ms (${minLag}) > max.compaction.lag.ms (${maxLag})`);
  if (atLeastVersion(version, '3.6') && overrides['remote.storage.enable'] === 'true') {
    return invalid('Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.');
  }
  return null;
}

export function isConfigProblem(value: unknown): value is ConfigProblem {
  return typeof value === 'object' && value !== null && 'errorCode' in value && 'message' in value;
}

/** Overrides read back from disk: entries this release does not know, or no longer valid, are dropped. */
export function loadTopicOverrides(stored: Record<string, unknown>, version: KafkaVersion): TopicOverrides {
  const kept: TopicOverrides = {};
  for (const [name, value] of Object.entries(stored)) {
    const one = parseTopicConfigs([{ name, value: String(value) }], version);
    if (!isConfigProblem(one)) Object.assign(kept, one);
  }
  return kept;
}

/** The value of every config the release defines, overrides first. */
export function allTopicConfigValues(overrides: TopicOverrides, version: KafkaVersion): Array<{ name: string; value: string; overridden: boolean; brokerSynonym?: string; defaultValue: string }> {
  return topicConfigDefs(version).map((def) => {
    const defaultValue = def.defaultFor(version);
    const overridden = Object.hasOwn(overrides, def.name);
    return { name: def.name, value: overridden ? overrides[def.name]! : defaultValue, overridden, brokerSynonym: def.brokerSynonym, defaultValue };
  });
}

/** The enforced configs of a topic with these overrides. */
export function resolveTopicConfig(overrides: TopicOverrides, version: KafkaVersion = DEFAULT_KAFKA_VERSION): TopicConfig {
  const resolved = {} as Record<TopicConfigName, number | string>;
  for (const name of ENFORCED) {
    const text = Object.hasOwn(overrides, name) ? overrides[name]! : topicConfigDef(name, version)!.defaultFor(version);
    resolved[name] = TEXT_CONFIGS.has(name) ? text : Number(text);
  }
  return resolved as unknown as TopicConfig;
}

/** Effective config from typed overrides (tests and callers that already hold numbers). */
export function effectiveConfig(overrides: Partial<TopicConfig>, version: KafkaVersion = DEFAULT_KAFKA_VERSION): TopicConfig {
  return { ...resolveTopicConfig({}, version), ...overrides };
}

/** The list's only items are "compact" and "delete", so a substring test is exact (and allocation-free on produce). */
export function isCompacted(config: TopicConfig): boolean {
  return config['cleanup.policy'].includes('compact');
}

export function deletesOldSegments(config: TopicConfig): boolean {
  return config['cleanup.policy'].includes('delete');
}
