import { ErrorCode } from '../protocol/error-codes';

/** The topic configs the embedded broker implements, with Kafka's defaults. */
export interface TopicConfig {
  'retention.ms': number;
  'retention.bytes': number;
  'cleanup.policy': 'delete';
  'max.message.bytes': number;
  'segment.bytes': number;
}

export type TopicConfigName = keyof TopicConfig;

export const TOPIC_CONFIG_DEFAULTS: Readonly<TopicConfig> = {
  'retention.ms': 604_800_000,
  'retention.bytes': -1,
  'cleanup.policy': 'delete',
  'max.message.bytes': 1_048_588,
  'segment.bytes': 1_073_741_824,
};

export const TOPIC_CONFIG_NAMES = Object.keys(TOPIC_CONFIG_DEFAULTS) as TopicConfigName[];

export interface ConfigProblem {
  errorCode: number;
  message: string;
}

const INT32_MAX = 2_147_483_647;

function parseInteger(name: string, raw: string, min: number, max: number): number | ConfigProblem {
  const value = /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return { errorCode: ErrorCode.INVALID_CONFIG, message: `Invalid value ${raw} for configuration ${name}: must be an integer in [${min}, ${max}]` };
  }
  return value;
}

/**
 * Validates config overrides as Kafka does: an unknown name or a bad value is INVALID_CONFIG with Kafka's message
 * shape. A null value removes the override. `cleanup.policy=compact` is rejected: this broker does not compact.
 */
export function parseTopicConfigs(entries: ReadonlyArray<{ name: string; value: string | null }>): Partial<TopicConfig> | ConfigProblem {
  const parsed: Partial<Record<TopicConfigName, number | string>> = {};
  for (const { name, value } of entries) {
    if (!(TOPIC_CONFIG_NAMES as string[]).includes(name)) {
      return { errorCode: ErrorCode.INVALID_CONFIG, message: `Unknown topic config name: ${name}` };
    }
    if (value === null) continue;
    let result: number | string | ConfigProblem;
    switch (name as TopicConfigName) {
      case 'retention.ms':
      case 'retention.bytes':
        result = parseInteger(name, value, -1, Number.MAX_SAFE_INTEGER);
        break;
      case 'max.message.bytes':
        result = parseInteger(name, value, 0, INT32_MAX);
        break;
      case 'segment.bytes':
        result = parseInteger(name, value, 14, INT32_MAX);
        break;
      case 'cleanup.policy':
        result =
          value.trim() === 'delete'
            ? 'delete'
            : { errorCode: ErrorCode.INVALID_CONFIG, message: `Invalid value ${value} for configuration cleanup.policy: the embedded broker supports only delete` };
        break;
    }
    if (typeof result === 'object') return result;
    parsed[name as TopicConfigName] = result;
  }
  return parsed as Partial<TopicConfig>;
}

export function isConfigProblem(value: unknown): value is ConfigProblem {
  return typeof value === 'object' && value !== null && 'errorCode' in value;
}

/** Effective config: defaults overlaid with the topic's overrides. */
export function effectiveConfig(overrides: Partial<TopicConfig>): TopicConfig {
  return { ...TOPIC_CONFIG_DEFAULTS, ...overrides };
}
