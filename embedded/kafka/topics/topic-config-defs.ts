import { atLeastVersion, interBrokerProtocolVersion, type KafkaVersion } from '../kafka-version';

/** ConfigDef types of Kafka's topic configs. */
export type ConfigType = 'int' | 'long' | 'double' | 'boolean' | 'string' | 'list';

export interface TopicConfigDef {
  readonly name: string;
  readonly type: ConfigType;
  /** The default as DescribeConfigs shows it, for the given release. */
  readonly defaultFor: (version: KafkaVersion) => string;
  /** Problem text after "Invalid value X for configuration NAME: ", or null; given the parsed value. */
  readonly check?: (value: number | boolean | string | string[], version: KafkaVersion) => string | null;
  /** The broker config that supplies the default (DescribeConfigs synonyms), as LogConfig's synonym table names it. */
  readonly brokerSynonym?: string;
  /** First release whose topic ConfigDef defines the key. */
  readonly since?: KafkaVersion;
  /** A list whose items are checked one by one (ValidList), naming the bad item. */
  readonly checkEachItem?: boolean;
}

const LONG_MAX = '9223372036854775807';
const fixed = (value: string) => () => value;
const atLeast = (min: number) => (value: unknown) => ((value as number) < min ? `Value must be at least ${min}` : null);
const between = (min: number, max: number) => (value: unknown) =>
  (value as number) < min ? `Value must be at least ${min}` : (value as number) > max ? `Value must be no more than ${max}` : null;
const oneOf = (...allowed: string[]) => (value: unknown) => {
  const items = Array.isArray(value) ? value : [value as string];
  return items.every((item) => allowed.includes(item)) ? null : `String must be one of: ${allowed.join(', ')}`;
};
/** Bounds Kafka raised in 3.3 (segment.index.bytes ≥ 4, flush.messages ≥ 1). */
const atLeastSince = (older: number, newer: number, since: KafkaVersion) => (value: unknown, version: KafkaVersion) =>
  atLeast(atLeastVersion(version, since) ? newer : older)(value);
const throttledReplicas = (value: unknown) => {
  const items = value as string[];
  const ok = (items.length === 1 && items[0] === '*') || items.every((item) => /^\d+:\d+$/.test(item));
  return ok ? null : 'Must be a list of values of the form [partitionId]:[brokerId] or the single wildcard *';
};
const gzipLevel = (value: unknown) => ((value as number) === -1 || ((value as number) >= 1 && (value as number) <= 9) ? null : 'Value must be -1 or between 1 and 9');

/**
 * Every topic config Kafka 2.4–3.9 defines (LogConfig's ConfigDef), with the release that added it, its default, its
 * validator and its broker-level synonym. Values are what Kafka's ConfigDef documents; no code is taken from Kafka.
 */
export const TOPIC_CONFIG_DEFS: readonly TopicConfigDef[] = [
  { name: 'segment.bytes', type: 'int', defaultFor: fixed('1073741824'), check: atLeast(14), brokerSynonym: 'log.segment.bytes' },
  { name: 'segment.ms', type: 'long', defaultFor: fixed('604800000'), check: atLeast(1), brokerSynonym: 'log.roll.ms' },
  { name: 'segment.jitter.ms', type: 'long', defaultFor: fixed('0'), check: atLeast(0), brokerSynonym: 'log.roll.jitter.ms' },
  { name: 'segment.index.bytes', type: 'int', defaultFor: fixed('10485760'), check: atLeastSince(0, 4, '3.3'), brokerSynonym: 'log.index.size.max.bytes' },
  { name: 'flush.messages', type: 'long', defaultFor: fixed(LONG_MAX), check: atLeastSince(0, 1, '3.3'), brokerSynonym: 'log.flush.interval.messages' },
  { name: 'flush.ms', type: 'long', defaultFor: fixed(LONG_MAX), check: atLeast(0), brokerSynonym: 'log.flush.interval.ms' },
  { name: 'retention.bytes', type: 'long', defaultFor: fixed('-1'), brokerSynonym: 'log.retention.bytes' },
  { name: 'retention.ms', type: 'long', defaultFor: fixed('604800000'), check: atLeast(-1), brokerSynonym: 'log.retention.ms' },
  // Kafka 2.5 raised message.max.bytes from 1000000 + 12 to 1 MiB + 12.
  { name: 'max.message.bytes', type: 'int', defaultFor: (v) => (atLeastVersion(v, '2.5') ? '1048588' : '1000012'), check: atLeast(0), brokerSynonym: 'message.max.bytes' },
  { name: 'index.interval.bytes', type: 'int', defaultFor: fixed('4096'), check: atLeast(0), brokerSynonym: 'log.index.interval.bytes' },
  { name: 'delete.retention.ms', type: 'long', defaultFor: fixed('86400000'), check: atLeast(0), brokerSynonym: 'log.cleaner.delete.retention.ms' },
  { name: 'min.compaction.lag.ms', type: 'long', defaultFor: fixed('0'), check: atLeast(0), brokerSynonym: 'log.cleaner.min.compaction.lag.ms' },
  { name: 'max.compaction.lag.ms', type: 'long', defaultFor: fixed(LONG_MAX), check: atLeast(1), brokerSynonym: 'log.cleaner.max.compaction.lag.ms' },
  { name: 'file.delete.delay.ms', type: 'long', defaultFor: fixed('60000'), check: atLeast(0), brokerSynonym: 'log.segment.delete.delay.ms' },
  { name: 'min.cleanable.dirty.ratio', type: 'double', defaultFor: fixed('0.5'), check: between(0, 1), brokerSynonym: 'log.cleaner.min.cleanable.ratio' },
  { name: 'cleanup.policy', type: 'list', defaultFor: fixed('delete'), check: oneOf('compact', 'delete'), checkEachItem: true, brokerSynonym: 'log.cleanup.policy' },
  { name: 'unclean.leader.election.enable', type: 'boolean', defaultFor: fixed('false'), brokerSynonym: 'unclean.leader.election.enable' },
  { name: 'min.insync.replicas', type: 'int', defaultFor: fixed('1'), check: atLeast(1), brokerSynonym: 'min.insync.replicas' },
  { name: 'compression.type', type: 'string', defaultFor: fixed('producer'), check: oneOf('uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'), brokerSynonym: 'compression.type' },
  { name: 'compression.gzip.level', type: 'int', defaultFor: fixed('-1'), check: gzipLevel, brokerSynonym: 'compression.gzip.level', since: '3.8' },
  { name: 'compression.lz4.level', type: 'int', defaultFor: fixed('9'), check: between(1, 17), brokerSynonym: 'compression.lz4.level', since: '3.8' },
  { name: 'compression.zstd.level', type: 'int', defaultFor: fixed('3'), check: between(-131072, 22), brokerSynonym: 'compression.zstd.level', since: '3.8' },
  { name: 'preallocate', type: 'boolean', defaultFor: fixed('false'), brokerSynonym: 'log.preallocate' },
  {
    name: 'message.format.version',
    type: 'string',
    // 3.0 froze the (deprecated) default at 3.0-IV1.
    defaultFor: (v) => (atLeastVersion(v, '3.0') ? '3.0-IV1' : interBrokerProtocolVersion(v)),
    check: (value) => (/^(0\.\d+(\.\d+)?|[1-9]\d*\.\d+)(\.\d+)?(-IV\d+)?$/.test(value as string) ? null : `Version \`${value as string}\` is not a valid version`),
    brokerSynonym: 'log.message.format.version',
  },
  { name: 'message.timestamp.type', type: 'string', defaultFor: fixed('CreateTime'), check: oneOf('CreateTime', 'LogAppendTime'), brokerSynonym: 'log.message.timestamp.type' },
  { name: 'message.timestamp.difference.max.ms', type: 'long', defaultFor: fixed(LONG_MAX), check: atLeast(0), brokerSynonym: 'log.message.timestamp.difference.max.ms' },
  { name: 'message.timestamp.before.max.ms', type: 'long', defaultFor: fixed(LONG_MAX), check: atLeast(0), brokerSynonym: 'log.message.timestamp.before.max.ms', since: '3.6' },
  { name: 'message.timestamp.after.max.ms', type: 'long', defaultFor: fixed(LONG_MAX), check: atLeast(0), brokerSynonym: 'log.message.timestamp.after.max.ms', since: '3.6' },
  { name: 'leader.replication.throttled.replicas', type: 'list', defaultFor: fixed(''), check: throttledReplicas },
  { name: 'follower.replication.throttled.replicas', type: 'list', defaultFor: fixed(''), check: throttledReplicas },
  { name: 'message.downconversion.enable', type: 'boolean', defaultFor: fixed('true'), brokerSynonym: 'log.message.downconversion.enable' },
  // Tiered storage (KIP-405): defined from 3.0 (internal 3.1–3.5), usable from 3.6; no broker default.
  { name: 'remote.storage.enable', type: 'boolean', defaultFor: fixed('false'), since: '3.0' },
  { name: 'local.retention.ms', type: 'long', defaultFor: fixed('-2'), check: atLeast(-2), since: '3.0' },
  { name: 'local.retention.bytes', type: 'long', defaultFor: fixed('-2'), check: atLeast(-2), since: '3.0' },
  { name: 'remote.log.copy.disable', type: 'boolean', defaultFor: fixed('false'), since: '3.9' },
  { name: 'remote.log.delete.on.disable', type: 'boolean', defaultFor: fixed('false'), since: '3.9' },
];

const BY_NAME = new Map(TOPIC_CONFIG_DEFS.map((def) => [def.name, def]));

/** The definition of `name` if the release knows it. */
export function topicConfigDef(name: string, version: KafkaVersion): TopicConfigDef | undefined {
  const def = BY_NAME.get(name);
  return def && (!def.since || atLeastVersion(version, def.since)) ? def : undefined;
}

/** Every topic config the release defines, in definition order. */
export function topicConfigDefs(version: KafkaVersion): TopicConfigDef[] {
  return TOPIC_CONFIG_DEFS.filter((def) => !def.since || atLeastVersion(version, def.since));
}

const INT32 = [-2_147_483_648n, 2_147_483_647n] as const;
const INT64 = [-9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n] as const;

/**
 * Parses a string value as Kafka's ConfigDef does (trimmed; lists split on commas) and returns the parsed value, or a
 * problem in ConfigDef's words ("Not a number of type INT").
 */
export function parseConfigValue(type: ConfigType, raw: string): { value: number | boolean | string | string[]; text: string } | { problem: string } {
  const trimmed = raw.trim();
  switch (type) {
    case 'int':
    case 'long': {
      const [min, max] = type === 'int' ? INT32 : INT64;
      if (!/^[+-]?\d+$/.test(trimmed) || BigInt(trimmed) < min || BigInt(trimmed) > max) return { problem: `Not a number of type ${type.toUpperCase()}` };
      const text = BigInt(trimmed).toString();
      return { value: Number(text), text };
    }
    case 'double': {
      const n = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(n)) return { problem: 'Not a number of type DOUBLE' };
      return { value: n, text: Number.isInteger(n) ? `${n}.0` : String(n) };
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return { problem: 'Expected value to be either true or false' };
      return { value: lower === 'true', text: lower };
    }
    case 'list': {
      const items = trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
      return { value: items, text: items.join(',') };
    }
    case 'string':
      return { value: trimmed, text: trimmed };
  }
}
