import { createByteArrayConverter } from './byte-array-converter';
import type { Converter, ConverterFactory } from './converter';
import { createJsonConverter } from './json-converter';
import { createStringConverter } from './string-converter';

export type { Converter } from './converter';

export const CONVERTERS: Record<string, ConverterFactory> = {
  'org.apache.kafka.connect.json.JsonConverter': createJsonConverter,
  'org.apache.kafka.connect.storage.StringConverter': createStringConverter,
  'org.apache.kafka.connect.converters.ByteArrayConverter': createByteArrayConverter,
};

/** Finds a converter by full class name or simple name (Connect accepts both). */
export function resolveConverterClass(name: string): string | undefined {
  if (CONVERTERS[name]) return name;
  return Object.keys(CONVERTERS).find((full) => full.endsWith(`.${name}`));
}

/**
 * Builds the key or value converter for a connector: `key.converter` / `value.converter` from the connector config
 * override the worker's, and `<prefix>.<prop>` entries configure it (e.g. `value.converter.schemas.enable`).
 */
export function converterFor(
  prefix: 'key.converter' | 'value.converter',
  connectorConfig: Record<string, string>,
  workerConfig: Record<string, string>,
): Converter {
  const source = connectorConfig[prefix] ? connectorConfig : workerConfig;
  const className = resolveConverterClass(source[prefix] ?? 'org.apache.kafka.connect.json.JsonConverter');
  if (!className) throw new Error(`Class ${source[prefix]} could not be found.`);
  const props: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith(`${prefix}.`)) props[key.slice(prefix.length + 1)] = value;
  }
  return CONVERTERS[className]!(props, prefix === 'key.converter');
}
