import type { ConfigDef, ConfigValue } from '../config/config-def';
import type { ConnectRecord } from '../data/record';
import { cast } from './cast';
import { extractField } from './extract-field';
import { hoistField } from './hoist-field';
import { insertField } from './insert-field';
import { PREDICATES, type PredicatePlugin } from './predicates';
import { replaceField } from './replace-field';
import { timestampConverter } from './timestamp-converter';
import type { TransformPlugin } from './transformation';
import { valueToKey } from './value-to-key';

export type { TransformPlugin } from './transformation';
export { PREDICATES } from './predicates';

export const TRANSFORMS: TransformPlugin[] = [
  insertField(true),
  insertField(false),
  replaceField(true),
  replaceField(false),
  valueToKey,
  extractField(true),
  extractField(false),
  hoistField(true),
  hoistField(false),
  timestampConverter(true),
  timestampConverter(false),
  cast(true),
  cast(false),
];

function findByName<T extends { className: string }>(plugins: T[], name: string): T | undefined {
  return plugins.find((p) => p.className === name) ?? plugins.find((p) => p.className.endsWith(`.${name}`));
}

export const findTransform = (name: string) => findByName(TRANSFORMS, name);
export const findPredicate = (name: string) => findByName(PREDICATES, name);

function listOf(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function propsWithPrefix(config: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out;
}

/**
 * Validates `transforms` and `predicates` the way Connect's ConnectorConfig.enrich does: every alias needs a known
 * `type`, its own keys are validated by that plugin's ConfigDef, and a referenced predicate must be declared.
 * Returns extra config values (named `transforms.<alias>.<key>`) and the group names they belong to.
 */
export function validateTransforms(config: Record<string, string>): { values: Array<ConfigValue & { group: string }>; errorsByKey: Map<string, string[]> } {
  const values: Array<ConfigValue & { group: string }> = [];
  const errorsByKey = new Map<string, string[]>();
  const addError = (key: string, message: string) => errorsByKey.set(key, [...(errorsByKey.get(key) ?? []), message]);
  const predicateAliases = listOf(config.predicates);

  for (const [kind, aliases] of [['transforms', listOf(config.transforms)], ['predicates', predicateAliases]] as const) {
    const seen = new Set<string>();
    for (const alias of aliases) {
      if (seen.has(alias)) addError(kind, `Invalid value ${config[kind]} for configuration ${kind}: Duplicate alias provided.`);
      seen.add(alias);
      const typeKey = `${kind}.${alias}.type`;
      const className = config[typeKey];
      const plugin = className ? (kind === 'transforms' ? findTransform(className) : findPredicate(className)) : undefined;
      if (!className) {
        addError(typeKey, `Missing required configuration "${typeKey}" which has no default value.`);
        continue;
      }
      if (!plugin) {
        addError(typeKey, `Invalid value ${className} for configuration ${typeKey}: Class ${className} could not be found.`);
        continue;
      }
      const group = `${kind === 'transforms' ? 'Transforms' : 'Predicates'}: ${alias}`;
      const own = propsWithPrefix(config, `${kind}.${alias}.`);
      for (const value of plugin.configDef.validate(own)) {
        values.push({ ...value, name: `${kind}.${alias}.${value.name}`, group });
      }
      if (kind === 'transforms') {
        const predicate = own.predicate;
        if (predicate && !predicateAliases.includes(predicate)) {
          addError(`transforms.${alias}.predicate`, `Invalid value ${predicate} for configuration transforms.${alias}.predicate: the predicate is not declared in predicates`);
        }
      }
    }
  }
  return { values, errorsByKey };
}

/** The transformation chain of a connector config, ready to apply (config must have passed validation). */
export function buildTransformChain(config: Record<string, string>): <R extends ConnectRecord>(record: R) => R | null {
  const predicates = new Map<string, (r: ConnectRecord) => boolean>();
  for (const alias of listOf(config.predicates)) {
    const plugin = findPredicate(config[`predicates.${alias}.type`] ?? '')!;
    predicates.set(alias, plugin.create(withDefaults(plugin.configDef, propsWithPrefix(config, `predicates.${alias}.`))));
  }
  const steps = listOf(config.transforms).map((alias) => {
    const plugin = findTransform(config[`transforms.${alias}.type`] ?? '')!;
    const props = propsWithPrefix(config, `transforms.${alias}.`);
    const transform = plugin.create(withDefaults(plugin.configDef, props));
    const predicate = props.predicate ? predicates.get(props.predicate) : undefined;
    const negate = props.negate === 'true';
    return { transform, predicate, negate };
  });
  return <R extends ConnectRecord>(record: R): R | null => {
    let current: R | null = record;
    for (const step of steps) {
      if (current === null) return null;
      if (step.predicate && step.predicate(current) === step.negate) continue;
      current = step.transform.apply(current);
    }
    return current;
  };
}

function withDefaults(def: ConfigDef, props: Record<string, string>): Record<string, string> {
  const out = { ...props };
  for (const key of def.list()) if (out[key.name] === undefined && typeof key.defaultValue === 'string') out[key.name] = key.defaultValue;
  return out;
}

export type { PredicatePlugin };
