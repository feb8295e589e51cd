import { createByteArrayConverter } from './byte-array-converter';
import type { Converter, ConverterFactory } from './converter';
import { createJsonConverter } from './json-converter';
import { AVRO_FORMAT } from './registry/avro-data';
import { JSON_SCHEMA_FORMAT } from './registry/json-schema-data';
import { PROTOBUF_FORMAT } from './registry/protobuf-data';
import { createRegistryConverter } from './registry/registry-converter';
import { createStringConverter } from './string-converter';

export type { Converter } from './converter';

export const CONVERTERS: Record<string, ConverterFactory> = {
  'org.apache.kafka.connect.json.JsonConverter': createJsonConverter,
  'org.apache.kafka.connect.storage.StringConverter': createStringConverter,
  'org.apache.kafka.connect.converters.ByteArrayConverter': createByteArrayConverter,
  // Confluent's Schema Registry converters, configured with schema.registry.url under the key./value.converter. prefix.
  'io.confluent.connect.avro.AvroConverter': (props, isKey) => createRegistryConverter(AVRO_FORMAT, props, isKey),
  'io.confluent.connect.protobuf.ProtobufConverter': (props, isKey) => createRegistryConverter(PROTOBUF_FORMAT, props, isKey),
  'io.confluent.connect.json.JsonSchemaConverter': (props, isKey) => createRegistryConverter(JSON_SCHEMA_FORMAT, props, isKey),
};

/** The converter classes that read and write through a Schema Registry (their subjects show in connector lineage). */
export const REGISTRY_CONVERTERS = [
  'io.confluent.connect.avro.AvroConverter',
  'io.confluent.connect.protobuf.ProtobufConverter',
  'io.confluent.connect.json.JsonSchemaConverter',
];

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
