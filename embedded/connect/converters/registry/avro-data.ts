import * as avro from 'avsc';
import { decimalFromBytes, decimalToBytes } from '../../data/decimal';
import { timeFromWire, timeToWire } from '../../data/logical-time';
import { mapConnectValue } from '../../data/map-value';
import { DataException, LOGICAL, type ConnectField, type ConnectSchema } from '../../data/schema';
import type { RegistryFormat, SchemaCodec } from './registry-converter';

/** Confluent's AvroData names: a struct without a name becomes `io.confluent.connect.avro.ConnectDefault` (then ConnectDefault2, …). */
const NAMESPACE = 'io.confluent.connect.avro';
const DEFAULT_NAME = 'ConnectDefault';
const DEFAULT_FULL_NAME = `${NAMESPACE}.${DEFAULT_NAME}`;
/** AvroData's default precision for a Decimal without `connect.decimal.precision`. */
const DEFAULT_PRECISION = 64;

type AvroJson = string | AvroJson[] | { [key: string]: unknown };

function splitName(name: string): { namespace?: string; name: string } {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? { name } : { namespace: name.slice(0, dot), name: name.slice(dot + 1) };
}

/** Connect schema → Avro schema JSON, as AvroData.fromConnectSchema with connect.meta.data=true. */
export function avroSchemaOf(schema: ConnectSchema): AvroJson {
  let unnamed = 0;
  const convert = (s: ConnectSchema): AvroJson => {
    let base: Record<string, unknown>;
    switch (s.type) {
      case 'int8':
      case 'int16':
        base = { type: 'int', 'connect.type': s.type };
        break;
      case 'int32':
        base = { type: 'int' };
        break;
      case 'int64':
        base = { type: 'long' };
        break;
      case 'float32':
        base = { type: 'float' };
        break;
      case 'float64':
        base = { type: 'double' };
        break;
      case 'boolean':
      case 'string':
      case 'bytes':
        base = { type: s.type };
        break;
      case 'array':
        base = { type: 'array', items: convert(s.items!) };
        break;
      case 'map':
        if (stringKeys(s)) base = { type: 'map', values: convert(s.values!) };
        else base = { type: 'array', items: { type: 'record', name: 'MapEntry', namespace: NAMESPACE, fields: [{ name: 'key', type: convert(s.keys!) }, { name: 'value', type: convert(s.values!) }] } };
        break;
      case 'struct': {
        unnamed += s.name ? 0 : 1;
        const names = s.name ? splitName(s.name) : { namespace: NAMESPACE, name: DEFAULT_NAME + (unnamed > 1 ? unnamed : '') };
        base = { type: 'record', name: names.name, ...(names.namespace ? { namespace: names.namespace } : {}), fields: (s.fields ?? []).map(fieldOf) };
        break;
      }
    }
    if (s.doc) base['connect.doc'] = s.doc;
    if (s.version !== undefined) base['connect.version'] = s.version;
    if (s.parameters && Object.keys(s.parameters).length > 0) base['connect.parameters'] = s.parameters;
    if (s.name) base['connect.name'] = s.name;
    switch (s.name) {
      case LOGICAL.decimal:
        base.logicalType = 'decimal';
        base.precision = Number(s.parameters?.['connect.decimal.precision'] ?? DEFAULT_PRECISION);
        base.scale = Number(s.parameters?.scale ?? 0);
        break;
      case LOGICAL.time:
        base.logicalType = 'time-millis';
        break;
      case LOGICAL.timestamp:
        base.logicalType = 'timestamp-millis';
        break;
      case LOGICAL.date:
        base.logicalType = 'date';
        break;
    }
    const plain = Object.keys(base).length === 1 ? (base.type as string) : base;
    return s.optional ? ['null', plain] : plain;
  };
  // An optional field is a union with null first and default null, so a reader without the field still resolves.
  const fieldOf = (f: ConnectField): Record<string, unknown> => ({ name: f.field, type: convert(f), ...(f.optional ? { default: null } : {}) });
  return convert(schema);
}

/** Avro schema JSON → Connect schema, as AvroData.toConnectSchema: `["null", T]` is an optional T, logical types map back. */
export function connectSchemaOf(root: AvroJson, references: AvroJson[] = []): ConnectSchema {
  const named = new Map<string, Record<string, unknown>>();
  const fullName = (node: Record<string, unknown>, namespace?: string) => {
    const name = String(node.name);
    const ns = (node.namespace as string | undefined) ?? namespace;
    return name.includes('.') || !ns ? name : `${ns}.${name}`;
  };
  const collect = (node: AvroJson, namespace?: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => collect(n, namespace));
    if (typeof node !== 'object' || node === null) return;
    if (node.type === 'record' || node.type === 'enum' || node.type === 'fixed') {
      const full = fullName(node, namespace);
      named.set(full, node);
      const ns = splitName(full).namespace;
      for (const f of (node.fields as Array<{ type: AvroJson }> | undefined) ?? []) collect(f.type, ns);
    }
    if (node.items) collect(node.items as AvroJson, namespace);
    if (node.values) collect(node.values as AvroJson, namespace);
    if (typeof node.type === 'object') collect(node.type as AvroJson, namespace);
  };
  for (const ref of references) collect(ref);
  collect(root);

  const convert = (node: AvroJson, namespace: string | undefined, optional: boolean): ConnectSchema => {
    if (Array.isArray(node)) {
      const others = node.filter((n) => n !== 'null');
      if (others.length === 1 && others.length < node.length) return convert(others[0]!, namespace, true);
      if (others.length === 1) return convert(others[0]!, namespace, optional);
      throw new DataException(`Unsupported Avro union for Connect: ${JSON.stringify(node).slice(0, 120)}`);
    }
    if (typeof node === 'string') {
      const primitive = PRIMITIVE_TO_CONNECT[node];
      if (primitive) return { type: primitive, optional };
      const ref = named.get(node.includes('.') || !namespace ? node : `${namespace}.${node}`) ?? named.get(node);
      if (!ref) throw new DataException(`Unknown Avro type ${node}`);
      return convert(ref as AvroJson, namespace, optional);
    }
    const meta = metaOf(node, optional);
    const type = node.type as AvroJson;
    switch (node.logicalType) {
      case 'decimal':
        return { ...meta, type: 'bytes', name: LOGICAL.decimal, parameters: { ...(meta.parameters ?? {}), scale: String(node.scale ?? 0), 'connect.decimal.precision': String(node.precision) } };
      case 'date':
        return { ...meta, type: 'int32', name: LOGICAL.date, version: 1 };
      case 'time-millis':
        return { ...meta, type: 'int32', name: LOGICAL.time, version: 1 };
      case 'timestamp-millis':
        return { ...meta, type: 'int64', name: LOGICAL.timestamp, version: 1 };
    }
    switch (type) {
      case 'record': {
        const full = fullName(node, namespace);
        const ns = splitName(full).namespace;
        const fields = ((node.fields as Array<{ name: string; type: AvroJson }>) ?? []).map((f) => ({ ...convert(f.type, ns, false), field: f.name }));
        const name = (node['connect.name'] as string | undefined) ?? (full === DEFAULT_FULL_NAME ? undefined : full);
        return { ...meta, type: 'struct', fields, ...(name ? { name } : {}) };
      }
      case 'enum':
        return { ...meta, type: 'string', name: fullName(node, namespace) };
      case 'fixed':
        return { ...meta, type: 'bytes' };
      case 'array':
        return { ...meta, type: 'array', items: convert(node.items as AvroJson, namespace, false) };
      case 'map':
        return { ...meta, type: 'map', keys: { type: 'string' }, values: convert(node.values as AvroJson, namespace, false) };
      default: {
        const connectType = node['connect.type'] as string | undefined;
        const inner = convert(type, namespace, optional);
        return { ...inner, ...meta, ...(connectType === 'int8' || connectType === 'int16' ? { type: connectType } : {}) };
      }
    }
  };
  return convert(root, undefined, false);
}

const PRIMITIVE_TO_CONNECT: Record<string, ConnectSchema['type']> = {
  boolean: 'boolean',
  int: 'int32',
  long: 'int64',
  float: 'float32',
  double: 'float64',
  bytes: 'bytes',
  string: 'string',
};

function metaOf(node: Record<string, unknown>, optional: boolean): ConnectSchema {
  const meta: ConnectSchema = { type: 'string', optional };
  if (typeof node['connect.doc'] === 'string') meta.doc = node['connect.doc'];
  if (typeof node['connect.version'] === 'number') meta.version = node['connect.version'];
  if (node['connect.parameters'] && typeof node['connect.parameters'] === 'object') meta.parameters = node['connect.parameters'] as Record<string, string>;
  if (typeof node['connect.name'] === 'string') meta.name = node['connect.name'];
  const { type: _type, ...rest } = meta;
  return rest as ConnectSchema;
}

const stringKeys = (schema: ConnectSchema) => schema.keys!.type === 'string' && !schema.keys!.optional;

/** Connect value → what avsc writes for the schema. */
function toAvroValue(schema: ConnectSchema, value: unknown): unknown {
  return mapConnectValue(
    schema,
    value,
    (s, v) => {
      const time = timeToWire(s, v);
      if (time !== undefined) return time;
      if (s.name === LOGICAL.decimal) return Buffer.isBuffer(v) ? v : decimalToBytes(v as string | number, Number(s.parameters?.scale ?? 0));
      return typeof v === 'bigint' ? Number(v) : v;
    },
    {
      ifNull: (s) => {
        if (s.default !== undefined) return toAvroValue({ ...s, default: undefined }, s.default);
        if (s.optional) return null;
        throw new DataException('Found null value for non-optional schema');
      },
      asEntries: (s) => !stringKeys(s),
    },
  );
}

/** Avro generic data (what avsc read, or what datagen generated) → Connect value for the schema, as AvroData.toConnectData. */
export function fromAvroValue(schema: ConnectSchema, value: unknown): unknown {
  return mapConnectValue(schema, value, (s, v) => {
    if (s.name === LOGICAL.decimal) return decimalFromBytes(v as Buffer, Number(s.parameters?.scale ?? 0));
    return timeFromWire(s, v) ?? v;
  });
}

function compileAvro(writer: { schema: string; references: string[] }): SchemaCodec {
  const references = writer.references.map((r) => JSON.parse(r) as AvroJson);
  const json = JSON.parse(writer.schema) as AvroJson;
  const registry: Record<string, avro.Type> = {};
  for (const ref of references) avro.Type.forSchema(ref as avro.Schema, { registry });
  const type = avro.Type.forSchema(json as avro.Schema, { registry });
  const connect = connectSchemaOf(json, references);
  // Confluent writes a top-level "bytes" schema as the raw bytes, without Avro's length prefix.
  const rawBytes = type.typeName === 'bytes';
  return {
    decode: (payload) => ({ schema: connect, value: rawBytes ? Buffer.from(payload) : fromAvroValue(connect, type.fromBuffer(payload)) }),
    encode: (schema, value) => {
      const datum = toAvroValue(schema, value);
      if (rawBytes) return datum as Buffer;
      return type.toBuffer(datum);
    },
  };
}

export const AVRO_FORMAT: RegistryFormat = {
  label: 'Avro',
  schemaType: 'AVRO',
  fromConnectSchema(schema) {
    const json = avroSchemaOf(schema);
    const plain = Array.isArray(json) ? json[json.length - 1]! : json;
    // RecordNameStrategy names the subject after the record's full name (the type name for a primitive).
    const recordName = typeof plain === 'string' ? plain : Array.isArray(plain) ? 'union' : plain.type === 'record' ? [plain.namespace, plain.name].filter(Boolean).join('.') : String(plain.type);
    return { text: JSON.stringify(json), recordName };
  },
  compile: compileAvro,
  messages: {
    deserializeFailed: (topic) => `Failed to deserialize data for topic ${topic} to Avro:`,
    serializeFailed: (topic) => `Failed to serialize Avro data from topic ${topic}:`,
    retrieving: (isKey, id) => `Error retrieving Avro ${isKey ? 'key' : 'value'} schema for id ${id}`,
  },
};
