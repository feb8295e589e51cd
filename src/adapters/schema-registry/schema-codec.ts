import Ajv from 'ajv';
import * as avro from 'avsc';
import { parseJsonExact } from '../pinot/exact-json';
import type { SchemaType } from './registry-types';
import { readMessageIndexes, writeMessageIndexes } from '../../../shared/confluent-wire-format';
import { compileProtobufFile } from '../../../shared/protobuf-file';
import { exactLongs } from '../../../shared/avro-exact-long';

/** A writer schema ready to decode (and encode) payloads; built once per schema id. */
export interface SchemaCodec {
  schemaType: SchemaType;
  /** The payload (after the 5-byte header) as a JSON-safe value: 64-bit integers beyond 2^53 as decimal strings, bytes as base64. */
  decode(payload: Buffer): unknown;
  /** A JSON value to the payload bytes (after the header); throws when the value does not fit the schema. */
  encode(value: unknown): Buffer;
}

/** Decoded values to JSON: bigint → number when exact else string; Buffer → base64; avsc records to plain objects. */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonSafe(v);
    return out;
  }
  return value;
}

/** JSON values to what avsc's exact types expect: integers as BigInt where the schema says long. */
function fromJsonForAvro(type: avro.Type, value: unknown): unknown {
  return type.fromString(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

function avroCodec(schema: string, references: string[]): SchemaCodec {
  // Named types of the references, so the schema can use them.
  const registry: Record<string, avro.Type> = {};
  for (const ref of references) avro.Type.forSchema(JSON.parse(ref) as avro.Schema, { registry, typeHook: exactLongs });
  const type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema, { registry, typeHook: exactLongs });
  // Confluent writes a top-level "bytes" schema as the raw bytes, without Avro's length prefix.
  if (type.typeName === 'bytes') return { schemaType: 'AVRO', decode: (payload) => payload.toString('base64'), encode: (value) => Buffer.from(String(value), 'base64') };
  return {
    schemaType: 'AVRO',
    decode: (payload) => toJsonSafe(type.fromBuffer(payload)),
    encode: (value) => type.toBuffer(fromJsonForAvro(type, value)),
  };
}

function protobufCodec(schema: string, references: string[]): SchemaCodec {
  const { topLevel, typeAt } = compileProtobufFile(schema, references);
  return {
    schemaType: 'PROTOBUF',
    decode(payload) {
      const { indexes, message } = readMessageIndexes(payload);
      const type = typeAt(indexes);
      return type.toObject(type.decode(message), { longs: String, enums: String, bytes: String, defaults: true });
    },
    encode(value) {
      const type = topLevel[0];
      if (!type) throw new Error('the schema defines no message');
      const problem = type.verify(value as Record<string, unknown>);
      if (problem) throw new Error(problem);
      return Buffer.concat([writeMessageIndexes([0]), Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish())]);
    },
  };
}

/** JSON Schema: decoding reads the JSON text; encoding first validates the value (as the serializer does with ajv). */
function jsonSchemaCodec(schema: string, references: string[]): SchemaCodec {
  const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
  // Compiled on first encode only: a schema ajv cannot compile must not stop records from being decoded.
  let validate: ReturnType<Ajv['compile']> | undefined;
  const validator = () => {
    if (!validate) {
      for (const ref of references) {
        const parsed = JSON.parse(ref) as { $id?: string };
        if (parsed.$id) ajv.addSchema(parsed);
      }
      validate = ajv.compile(JSON.parse(schema) as object);
    }
    return validate;
  };
  return {
    schemaType: 'JSON',
    decode: (payload) => parseJsonExact(payload.toString('utf8')),
    encode: (value) => {
      const check = validator();
      if (!check(value)) throw new Error(ajv.errorsText(check.errors));
      return Buffer.from(JSON.stringify(value), 'utf8');
    },
  };
}

/** Builds the codec of a writer schema; `references` are the referenced schemas' texts, dependencies first. */
export function buildCodec(schemaType: SchemaType, schema: string, references: string[]): SchemaCodec {
  switch (schemaType) {
    case 'AVRO':
      return avroCodec(schema, references);
    case 'PROTOBUF':
      return protobufCodec(schema, references);
    case 'JSON':
      return jsonSchemaCodec(schema, references);
  }
}
