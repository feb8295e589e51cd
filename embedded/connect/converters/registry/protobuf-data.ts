import * as protobuf from 'protobufjs';
import { mapConnectValue } from '../../data/map-value';
import { DataException, LOGICAL, type ConnectSchema } from '../../data/schema';
import type { RegistryFormat, SchemaCodec } from './registry-converter';
import { compileProtobufFile } from '../../../../shared/protobuf-file';
import { readMessageIndexes, writeMessageIndexes } from './wire-format';

/** Confluent's ProtobufData names a struct without a name `ConnectDefault1`; nested ones after their field. */
const DEFAULT_NAME = 'ConnectDefault1';
const TIMESTAMP_TYPE = 'google.protobuf.Timestamp';
const TIMESTAMP_IMPORT = 'google/protobuf/timestamp.proto';

const SCALAR: Partial<Record<ConnectSchema['type'], string>> = {
  int8: 'int32',
  int16: 'int32',
  int32: 'int32',
  int64: 'int64',
  float32: 'float',
  float64: 'double',
  boolean: 'bool',
  string: 'string',
  bytes: 'bytes',
};

const simpleName = (name: string) => name.slice(name.lastIndexOf('.') + 1);
const messageNameFor = (field: string) => field.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());

/** Connect struct schema → a proto3 file, as ProtobufData.fromConnectSchema: fields numbered in order, nested structs as nested messages. */
export function protoTextOf(schema: ConnectSchema): { text: string; fullName: string } {
  if (schema.type !== 'struct') throw new DataException(`Unsupported root schema of type ${schema.type.toUpperCase()}`);
  let usesTimestamp = false;
  const fieldType = (s: ConnectSchema, field: string, nested: string[], depth: number): string => {
    if (s.name === LOGICAL.timestamp) {
      usesTimestamp = true;
      return TIMESTAMP_TYPE;
    }
    if (s.name === LOGICAL.date || s.name === LOGICAL.time || s.name === LOGICAL.decimal) {
      throw new DataException(`The embedded ProtobufConverter does not map ${s.name} (Confluent's uses google.type / confluent.type references)`);
    }
    if (s.type === 'struct') {
      const name = s.name ? simpleName(s.name) : messageNameFor(field);
      nested.push(message(s, name, depth + 1));
      return name;
    }
    const scalar = SCALAR[s.type];
    if (!scalar) throw new DataException(`Unsupported nested type ${s.type.toUpperCase()} for field ${field}`);
    return scalar;
  };
  const message = (s: ConnectSchema, name: string, depth: number): string => {
    const pad = '  '.repeat(depth);
    const nested: string[] = [];
    const lines = (s.fields ?? []).map((f, i) => {
      let declaration: string;
      if (f.type === 'array') declaration = `repeated ${fieldType(f.items!, f.field, nested, depth)}`;
      else if (f.type === 'map') declaration = `map<${fieldType(f.keys!, f.field, nested, depth)}, ${fieldType(f.values!, `${f.field}_value`, nested, depth)}>`;
      else declaration = fieldType(f, f.field, nested, depth);
      return `${pad}  ${declaration} ${f.field} = ${i + 1};`;
    });
    return [`${pad}message ${name} {`, ...lines, ...nested, `${pad}}`].join('\n');
  };
  const fullName = schema.name ?? DEFAULT_NAME;
  const dot = fullName.lastIndexOf('.');
  const body = message(schema, simpleName(fullName), 0);
  const header = ['syntax = "proto3";', ...(dot > 0 ? [`package ${fullName.slice(0, dot)};`] : []), ...(usesTimestamp ? [`import "${TIMESTAMP_IMPORT}";`] : [])];
  return { text: `${header.join('\n')}\n\n${body}\n`, fullName };
}

/** A protobuf message type → Connect struct schema (ProtobufData.toConnectSchema: every proto3 field optional). */
function connectSchemaOfType(type: protobuf.Type): ConnectSchema {
  const fieldSchema = (f: protobuf.Field): ConnectSchema => {
    if (f.resolvedType instanceof protobuf.Type) {
      if (f.resolvedType.fullName === `.${TIMESTAMP_TYPE}`) return { type: 'int64', name: LOGICAL.timestamp, version: 1, optional: true };
      return { ...connectSchemaOfType(f.resolvedType), optional: true };
    }
    if (f.resolvedType instanceof protobuf.Enum) return { type: 'string', optional: true };
    return { type: PROTO_TO_CONNECT[f.type] ?? 'string', optional: true };
  };
  const fields = type.fieldsArray.map((f) => {
    if (f instanceof protobuf.MapField) {
      return { type: 'map' as const, keys: { type: PROTO_TO_CONNECT[f.keyType] ?? 'string', optional: true }, values: fieldSchema(f), optional: true, field: f.name };
    }
    if (f.repeated) return { type: 'array' as const, items: { ...fieldSchema(f), optional: false }, optional: true, field: f.name };
    return { ...fieldSchema(f), field: f.name };
  });
  return { type: 'struct', name: type.fullName.replace(/^\./, ''), fields };
}

const PROTO_TO_CONNECT: Record<string, ConnectSchema['type']> = {
  int32: 'int32', sint32: 'int32', sfixed32: 'int32', uint32: 'int64', fixed32: 'int64',
  int64: 'int64', sint64: 'int64', sfixed64: 'int64', uint64: 'int64', fixed64: 'int64',
  float: 'float32', double: 'float64', bool: 'boolean', string: 'string', bytes: 'bytes',
};

function fromProtoValue(schema: ConnectSchema, value: unknown): unknown {
  return mapConnectValue(schema, value, (s, v) => {
    if (s.name !== LOGICAL.timestamp) return v;
    const { seconds = 0, nanos = 0 } = v as { seconds?: number | string; nanos?: number };
    return new Date(Number(seconds) * 1000 + Math.floor(nanos / 1e6));
  });
}

function toProtoValue(schema: ConnectSchema, value: unknown): unknown {
  return mapConnectValue(
    schema,
    value,
    (s, v) => {
      if (s.name === LOGICAL.timestamp) {
        const ms = v instanceof Date ? v.getTime() : Number(v);
        return { seconds: Math.floor(ms / 1000), nanos: (((ms % 1000) + 1000) % 1000) * 1e6 };
      }
      return typeof v === 'bigint' ? Number(v) : v;
    },
    // proto3 has no null: an absent field reads back as its default, as with Confluent's converter.
    { ifNull: () => undefined },
  );
}

function compileProtobuf(writer: { schema: string; references: string[] }): SchemaCodec {
  const { topLevel, typeAt } = compileProtobufFile(writer.schema, writer.references);
  const schemas = new Map<protobuf.Type, ConnectSchema>();
  const schemaOf = (type: protobuf.Type) => schemas.get(type) ?? schemas.set(type, connectSchemaOfType(type)).get(type)!;
  return {
    decode(payload) {
      const { indexes, message } = readMessageIndexes(payload);
      const type = typeAt(indexes);
      const schema = schemaOf(type);
      const object = type.toObject(type.decode(message), { longs: Number, enums: String, defaults: true, arrays: true, objects: true });
      return { schema, value: fromProtoValue(schema, object) };
    },
    encode(schema, value) {
      // The writer schema is this record's own: its first top-level message.
      const type = topLevel[0];
      if (!type) throw new Error('the schema defines no message');
      const object = toProtoValue(schema, value) as Record<string, unknown>;
      const problem = type.verify(object);
      if (problem) throw new Error(problem);
      return Buffer.concat([writeMessageIndexes([0]), Buffer.from(type.encode(type.fromObject(object)).finish())]);
    },
  };
}

export const PROTOBUF_FORMAT: RegistryFormat = {
  label: 'Protobuf',
  schemaType: 'PROTOBUF',
  fromConnectSchema(schema) {
    const { text, fullName } = protoTextOf(schema);
    return { text, recordName: fullName };
  },
  compile: compileProtobuf,
  messages: {
    deserializeFailed: (topic) => `Failed to deserialize data for topic ${topic} to Protobuf:`,
    serializeFailed: (topic) => `Failed to serialize Protobuf data from topic ${topic}:`,
    retrieving: (_isKey, id) => `Error retrieving Protobuf schema for id ${id}`,
  },
};
