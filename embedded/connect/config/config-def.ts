/**
 * Connect's ConfigDef: typed config keys with defaults, validators and documentation, and validation results in the
 * shape the REST API returns (`GET /connector-plugins/{plugin}/config`, `PUT …/config/validate`).
 */
export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD';
export type Importance = 'HIGH' | 'MEDIUM' | 'LOW';
export type Width = 'NONE' | 'SHORT' | 'MEDIUM' | 'LONG';
export type ParsedValue = string | number | boolean | string[] | null;

export interface Validator {
  /** error text for a parsed value, or undefined when valid */
  (value: ParsedValue, name: string): string | undefined;
}

export interface ConfigKey {
  name: string;
  type: ConfigType;
  /** undefined means "no default": the key is required */
  defaultValue?: string | null;
  importance: Importance;
  documentation: string;
  group?: string;
  orderInGroup?: number;
  width?: Width;
  displayName?: string;
  dependents?: string[];
  validator?: Validator;
  recommendedValues?: string[];
}

export interface ConfigValue {
  name: string;
  value: string | null;
  recommendedValues: string[];
  errors: string[];
  visible: boolean;
}

export const HIDDEN = '[hidden]';

export class ConfigDef {
  private readonly keys = new Map<string, ConfigKey>();

  define(key: ConfigKey): this {
    this.keys.set(key.name, key);
    return this;
  }

  merge(other: ConfigDef): this {
    for (const key of other.list()) this.keys.set(key.name, key);
    return this;
  }

  list(): ConfigKey[] {
    return [...this.keys.values()];
  }

  get(name: string): ConfigKey | undefined {
    return this.keys.get(name);
  }

  groups(): string[] {
    return [...new Set(this.list().map((k) => k.group).filter((g): g is string => !!g))];
  }

  /** Validates every defined key; unknown keys in `config` are ignored as Connect does. */
  validate(config: Record<string, string>): ConfigValue[] {
    return this.list().map((key) => validateKey(key, config[key.name]));
  }

  /** Parsed values with defaults applied; throws the first error (use after validate()). */
  parse(config: Record<string, string>): Record<string, ParsedValue> {
    const out: Record<string, ParsedValue> = {};
    for (const key of this.list()) {
      const raw = config[key.name] ?? key.defaultValue;
      if (raw === undefined) throw new Error(missingMessage(key.name));
      const parsed = parseValue(key, raw);
      if ('error' in parsed) throw new Error(parsed.error);
      out[key.name] = parsed.value;
    }
    return out;
  }
}

export function missingMessage(name: string): string {
  return `Missing required configuration "${name}" which has no default value.`;
}

function validateKey(key: ConfigKey, raw: string | undefined): ConfigValue {
  const shown = (v: string | null | undefined) => (v === undefined ? null : key.type === 'PASSWORD' && v !== null ? HIDDEN : v);
  const result: ConfigValue = {
    name: key.name,
    value: shown(raw ?? key.defaultValue),
    recommendedValues: key.recommendedValues ?? [],
    errors: [],
    visible: true,
  };
  const effective = raw ?? key.defaultValue;
  if (effective === undefined) {
    result.errors.push(missingMessage(key.name));
    return result;
  }
  const parsed = parseValue(key, effective);
  if ('error' in parsed) {
    result.errors.push(parsed.error);
    return result;
  }
  // Connect runs validators on defaults too, but null defaults mean "unset" and skip validation.
  if (key.validator && parsed.value !== null) {
    const error = key.validator(parsed.value, key.name);
    if (error) result.errors.push(`Invalid value ${key.type === 'PASSWORD' ? HIDDEN : effective} for configuration ${key.name}: ${error}`);
  }
  return result;
}

export function parseValue(key: ConfigKey, raw: string | null): { value: ParsedValue } | { error: string } {
  if (raw === null) return { value: null };
  const invalid = (why: string) => ({ error: `Invalid value ${key.type === 'PASSWORD' ? HIDDEN : raw} for configuration ${key.name}: ${why}` });
  const trimmed = raw.trim();
  switch (key.type) {
    case 'BOOLEAN':
      if (trimmed.toLowerCase() === 'true') return { value: true };
      if (trimmed.toLowerCase() === 'false') return { value: false };
      return invalid('Expected value to be either true or false');
    case 'INT':
    case 'SHORT':
    case 'LONG': {
      if (!/^[-+]?\d+$/.test(trimmed)) return invalid(`Not a number of type ${key.type}`);
      const n = Number(trimmed);
      const limit = key.type === 'SHORT' ? 2 ** 15 : key.type === 'INT' ? 2 ** 31 : 2 ** 63;
      if (n >= limit || n < -limit) return invalid(`Not a number of type ${key.type}`);
      return { value: n };
    }
    case 'DOUBLE': {
      const n = Number(trimmed);
      if (trimmed === '' || Number.isNaN(n)) return invalid('Not a number of type DOUBLE');
      return { value: n };
    }
    case 'LIST':
      return { value: trimmed === '' ? [] : trimmed.split(',').map((s) => s.trim()) };
    case 'CLASS':
    case 'STRING':
      return { value: key.type === 'CLASS' ? trimmed : raw };
    case 'PASSWORD':
      return { value: raw };
  }
}

export const validators = {
  oneOf:
    (values: string[], caseInsensitive = false): Validator =>
    (value) => {
      const v = String(value);
      const ok = caseInsensitive ? values.some((x) => x.toLowerCase() === v.toLowerCase()) : values.includes(v);
      return ok ? undefined : `String must be one of${caseInsensitive ? ' (case insensitive)' : ''}: ${values.join(', ')}`;
    },
  atLeast:
    (min: number): Validator =>
    (value) =>
      typeof value === 'number' && value < min ? `Value must be at least ${min}` : undefined,
  nonEmpty: (): Validator => (value) => (String(value ?? '').trim() === '' ? 'String may not be empty' : undefined),
};

/** The definition object of the REST responses (`order` in validate, `order_in_group` in plugin config). */
export function definitionJson(key: ConfigKey, orderField: 'order' | 'order_in_group'): Record<string, unknown> {
  return {
    name: key.name,
    type: key.type,
    required: key.defaultValue === undefined,
    default_value: key.defaultValue === undefined ? null : key.type === 'PASSWORD' && key.defaultValue !== null ? HIDDEN : key.defaultValue,
    importance: key.importance,
    documentation: key.documentation,
    group: key.group ?? null,
    width: key.width ?? 'NONE',
    display_name: key.displayName ?? key.name,
    dependents: key.dependents ?? [],
    [orderField]: key.orderInGroup ?? -1,
  };
}
