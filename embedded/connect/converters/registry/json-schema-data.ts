import { decimalFromBytes } from '../../data/decimal';
import { timeFromWire, timeToWire } from '../../data/logical-time';
import { mapConnectValue } from '../../data/map-value';
import { DataException, LOGICAL, type ConnectSchema } from '../../data/schema';
import type { RegistryFormat, SchemaCodec } from './registry-converter';

type JsonSchema = Record<string, unknown>;

/**
 * Connect schema → JSON Schema as Confluent's JsonSchemaData writes it: numbers carry `connect.type`, a struct is an
 * object whose properties carry `connect.index`, logical types are named by `title`, optional is `oneOf` with null.
 */
export function jsonSchemaOf(schema: ConnectSchema): JsonSchema {
  const convert = (s: ConnectSchema): JsonSchema => {
    let base: JsonSchema;
    switch (s.type) {
      case 'int8':
      case 'int16':
      case 'int32':
      case 'int64':
        base = { type: 'integer', 'connect.type': s.type };
        break;
      case 'float32':
      case 'float64':
        base = { type: 'number', 'connect.type': s.type };
        break;
      case 'boolean':
      case 'string':
        base = { type: s.type };
        break;
      case 'bytes':
        base = s.name === LOGICAL.decimal ? { type: 'number', 'connect.type': 'bytes' } : { type: 'string', 'connect.type': 'bytes' };
        break;
      case 'array':
        base = { type: 'array', items: convert(s.items!) };
        break;
      case 'map':
        base = { type: 'object', additionalProperties: convert(s.values!), 'connect.type': 'map' };
        break;
      case 'struct': {
        const properties: Record<string, JsonSchema> = {};
        (s.fields ?? []).forEach((f, index) => (properties[f.field] = { ...convert(f), 'connect.index': index }));
        const required = (s.fields ?? []).filter((f) => !f.optional).map((f) => f.field);
        base = { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
        break;
      }
    }
    if (s.name) base.title = s.name;
    if (s.doc) base.description = s.doc;
    if (s.version !== undefined) base['connect.version'] = s.version;
    if (s.parameters && Object.keys(s.parameters).length > 0) base['connect.parameters'] = s.parameters;
    return s.optional ? { oneOf: [{ type: 'null' }, base] } : base;
  };
  return convert(schema);
}

/** JSON Schema → Connect schema (JsonSchemaData.toConnectSchema for the shapes above and plain JSON Schemas). */
export function connectSchemaOfJson(node: JsonSchema, optional = false): ConnectSchema {
  if (Array.isArray(node.oneOf) || Array.isArray(node.anyOf)) {
    const options = (node.oneOf ?? node.anyOf) as JsonSchema[];
    const others = options.filter((o) => o.type !== 'null');
    if (others.length === 1) return connectSchemaOfJson(others[0]!, optional || others.length < options.length);
    throw new DataException(`Unsupported JSON Schema union for Connect: ${JSON.stringify(node).slice(0, 120)}`);
  }
  const meta: Partial<ConnectSchema> = { optional };
  if (typeof node.title === 'string') meta.name = node.title;
  if (typeof node.description === 'string') meta.doc = node.description;
  if (typeof node['connect.version'] === 'number') meta.version = node['connect.version'];
  if (node['connect.parameters'] && typeof node['connect.parameters'] === 'object') meta.parameters = node['connect.parameters'] as Record<string, string>;
  const connectType = node['connect.type'] as ConnectSchema['type'] | 'map' | undefined;
  const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
  const nullable = types.includes('null');
  const type = types.find((t) => t !== 'null');
  if (nullable) meta.optional = true;
  switch (type) {
    case 'integer':
      return { ...meta, type: connectType && connectType !== 'map' ? connectType : 'int64' };
    case 'number':
      return { ...meta, type: connectType && connectType !== 'map' ? connectType : 'float64' };
    case 'boolean':
      return { ...meta, type: 'boolean' };
    case 'string':
      return { ...meta, type: connectType === 'bytes' ? 'bytes' : 'string' };
    case 'array':
      return { ...meta, type: 'array', items: connectSchemaOfJson((node.items as JsonSchema) ?? {}) };
    case 'object': {
      if (connectType === 'map') return { ...meta, type: 'map', keys: { type: 'string' }, values: connectSchemaOfJson((node.additionalProperties as JsonSchema) ?? {}) };
      const required = new Set((node.required as string[] | undefined) ?? []);
      const entries = Object.entries((node.properties as Record<string, JsonSchema>) ?? {});
      entries.sort(([, a], [, b]) => Number(a['connect.index'] ?? 0) - Number(b['connect.index'] ?? 0));
      return { ...meta, type: 'struct', fields: entries.map(([name, p]) => ({ ...connectSchemaOfJson(p, !required.has(name)), field: name })) };
    }
    default:
      throw new DataException(`Unsupported JSON Schema type for Connect: ${String(type)}`);
  }
}

function toJsonValue(schema: ConnectSchema, value: unknown): unknown {
  return mapConnectValue(schema, value, (s, v) => {
    const time = timeToWire(s, v);
    if (time !== undefined) return time;
    if (s.name === LOGICAL.decimal) return Number(Buffer.isBuffer(v) ? decimalFromBytes(v, Number(s.parameters?.scale ?? 0)) : v);
    if (Buffer.isBuffer(v)) return v.toString('base64');
    return typeof v === 'bigint' ? Number(v) : v;
  });
}

function fromJsonValue(schema: ConnectSchema, value: unknown): unknown {
  return mapConnectValue(schema, value, (s, v) => {
    if (s.name === LOGICAL.decimal) return Number(v).toFixed(Number(s.parameters?.scale ?? 0));
    const time = timeFromWire(s, v);
    if (time) return time;
    return s.type === 'bytes' ? Buffer.from(String(v), 'base64') : v;
  });
}

function compileJsonSchema(writer: { schema: string }): SchemaCodec {
  const connect = connectSchemaOfJson(JSON.parse(writer.schema) as JsonSchema);
  return {
    decode: (payload) => ({ schema: connect, value: fromJsonValue(connect, JSON.parse(payload.toString('utf8'))) }),
    encode: (schema, value) => Buffer.from(JSON.stringify(toJsonValue(schema, value)), 'utf8'),
  };
}

export const JSON_SCHEMA_FORMAT: RegistryFormat = {
  label: 'JSON',
  schemaType: 'JSON',
  fromConnectSchema(schema) {
    return { text: JSON.stringify(jsonSchemaOf(schema)), recordName: schema.name ?? 'ConnectDefault' };
  },
  compile: compileJsonSchema,
  messages: {
    deserializeFailed: (topic) => `Converting byte[] to Kafka Connect data failed due to serialization error of topic ${topic}: `,
    serializeFailed: (topic) => `Converting Kafka Connect data to byte[] failed due to serialization error of topic ${topic}: `,
    retrieving: (_isKey, id) => `Error retrieving JSON schema for id ${id}`,
  },
};
