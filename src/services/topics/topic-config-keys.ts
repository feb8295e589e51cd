import { badInput } from '../../errors/app-error';

type ConfigType = (
  | { kind: 'long'; min: number; max?: number }
  | { kind: 'int'; min: number; max?: number }
  | { kind: 'double'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; values: readonly string[] }
  | { kind: 'string' }
) & {
  /** The Kafka release ("major.minor") whose topic ConfigDef first defines the key; absent: 2.4 or older. */
  since?: string;
};

const INT32_MAX = 2_147_483_647;
const long = (min: number, since?: string): ConfigType => ({ kind: 'long', min, since });
const int = (min: number, max = INT32_MAX): ConfigType => ({ kind: 'int', min, max });
const bool: ConfigType = { kind: 'boolean' };
// KIP-405 defined the tiered-storage keys in Kafka 3.0 (usable from 3.6); KIP-937 the timestamp bounds in 3.6.
const TIERED_SINCE = '3.0';
const TIMESTAMP_BOUNDS_SINCE = '3.6';

/**
 * Topic-level configs Apache Kafka 2.4–3.9 accepts, with their types, lower bounds and (for newer keys) the release that
 * introduced them. Anything else is refused before the broker sees it, and so is a key newer than the broker (see
 * checkKeysAgainstBroker); a broker may still reject a well-typed value it does not support (UPSTREAM_REJECTED).
 */
export const TOPIC_CONFIG_KEYS: Readonly<Record<string, ConfigType>> = {
  'cleanup.policy': { kind: 'list', values: ['delete', 'compact'] },
  'compression.type': { kind: 'enum', values: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] },
  'delete.retention.ms': long(0),
  'file.delete.delay.ms': long(0),
  'flush.messages': long(1),
  'flush.ms': long(0),
  'index.interval.bytes': int(0),
  'local.retention.bytes': long(-2, TIERED_SINCE),
  'local.retention.ms': long(-2, TIERED_SINCE),
  'max.compaction.lag.ms': long(1),
  'max.message.bytes': int(0),
  'message.downconversion.enable': bool,
  'message.timestamp.after.max.ms': long(0, TIMESTAMP_BOUNDS_SINCE),
  'message.timestamp.before.max.ms': long(0, TIMESTAMP_BOUNDS_SINCE),
  'message.timestamp.difference.max.ms': long(0),
  'message.timestamp.type': { kind: 'enum', values: ['CreateTime', 'LogAppendTime'] },
  'min.cleanable.dirty.ratio': { kind: 'double', min: 0, max: 1 },
  'min.compaction.lag.ms': long(0),
  'min.insync.replicas': int(1),
  preallocate: bool,
  'remote.storage.enable': { kind: 'boolean', since: TIERED_SINCE },
  'retention.bytes': long(-1),
  'retention.ms': long(-1),
  'segment.bytes': int(14),
  'segment.index.bytes': int(4),
  'segment.jitter.ms': long(0),
  'segment.ms': long(1),
  'unclean.leader.election.enable': bool,
};

export interface ConfigEntryInput {
  name: string;
  /** null (where allowed) removes the override, falling back to the broker default. */
  value: string | null;
}

export const MAX_CONFIG_ENTRIES = 100;

/**
 * Checks names, duplicates and value types; returns the entries with values normalised (trimmed). The error names the
 * offending entry, e.g. field `configs[2].value`.
 */
export function validateConfigEntries(entries: readonly ConfigEntryInput[], field = 'configs', { allowNull = false } = {}): ConfigEntryInput[] {
  if (entries.length > MAX_CONFIG_ENTRIES) throw badInput(field, `${field} has ${entries.length} entries; at most ${MAX_CONFIG_ENTRIES}`);
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const at = `${field}[${index}]`;
    const type = TOPIC_CONFIG_KEYS[entry.name];
    if (!type) {
      throw badInput(`${at}.name`, `unknown topic config "${entry.name}"`, { known: Object.keys(TOPIC_CONFIG_KEYS) });
    }
    if (seen.has(entry.name)) throw badInput(`${at}.name`, `topic config "${entry.name}" is given twice`);
    seen.add(entry.name);
    if (entry.value === null || entry.value === undefined) {
      if (!allowNull) throw badInput(`${at}.value`, `topic config "${entry.name}" needs a value`);
      return { name: entry.name, value: null };
    }
    const value = entry.value.trim();
    const problem = checkValue(type, value);
    if (problem) throw badInput(`${at}.value`, `topic config "${entry.name}": ${problem}`);
    return { name: entry.name, value };
  });
}

/** True when release `version` ("major.minor") is `since` or newer. */
export function kafkaVersionAtLeast(version: string, since: string): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = since.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

/**
 * Refuses keys the broker's release does not define yet (it would answer INVALID_CONFIG with a generic message).
 * `brokerVersion` null (unknown) lets every key through: the broker decides. Entries are validateConfigEntries' output;
 * null values (removals) are never refused.
 */
export function checkKeysAgainstBroker(entries: readonly ConfigEntryInput[], brokerVersion: string | null, field = 'configs'): void {
  if (brokerVersion === null) return;
  entries.forEach((entry, index) => {
    const since = TOPIC_CONFIG_KEYS[entry.name]?.since;
    if (!since || entry.value === null || kafkaVersionAtLeast(brokerVersion, since)) return;
    throw badInput(`${field}[${index}].name`, `topic config "${entry.name}" was introduced in Kafka ${since}; the broker runs Kafka ${brokerVersion}`, {
      introducedIn: since,
      brokerVersion,
    });
  });
}

/** Whether any entry sets a key that needs a newer broker than 2.4 (only then is the broker's version looked up). */
export function needsBrokerVersion(entries: readonly ConfigEntryInput[]): boolean {
  return entries.some((entry) => entry.value !== null && TOPIC_CONFIG_KEYS[entry.name]?.since !== undefined);
}

function checkValue(type: ConfigType, value: string): string | undefined {
  switch (type.kind) {
    case 'long':
    case 'int': {
      if (!/^-?\d+$/.test(value)) return `"${value}" is not a whole number`;
      const n = BigInt(value);
      const max = type.kind === 'int' ? BigInt(type.max ?? INT32_MAX) : 9_223_372_036_854_775_807n;
      if (n < BigInt(type.min) || n > max) return `${value} is outside [${type.min}, ${max}]`;
      return undefined;
    }
    case 'double': {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n)) return `"${value}" is not a number`;
      if (n < type.min || n > type.max) return `${value} is outside [${type.min}, ${type.max}]`;
      return undefined;
    }
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : `"${value}" must be true or false`;
    case 'enum':
      return type.values.includes(value) ? undefined : `"${value}" must be one of ${type.values.join(', ')}`;
    case 'list': {
      const items = value.split(',').map((v) => v.trim());
      const bad = items.find((item) => !type.values.includes(item));
      return bad === undefined ? undefined : `"${bad}" must be one of ${type.values.join(', ')}`;
    }
    case 'string':
      return undefined;
  }
}
