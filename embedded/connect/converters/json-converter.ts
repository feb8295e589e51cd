import { decimalFromBytes, decimalToBytes } from '../data/decimal';
import { timeToWire } from '../data/logical-time';
import { DataException, LOGICAL, type ConnectSchema } from '../data/schema';
import type { SyncConverter } from './converter';

const DAY_MS = 86_400_000;

/**
 * org.apache.kafka.connect.json.JsonConverter. With `schemas.enable` (default true) every message is the envelope
 * `{"schema": …, "payload": …}`; without it the JSON is the value and there is no schema.
 * `decimal.format` BASE64 (default) or NUMERIC decides how Decimal values are written.
 */
export function createJsonConverter(props: Record<string, string>): SyncConverter {
  const schemasEnabled = (props['schemas.enable'] ?? 'true').toLowerCase() !== 'false';
  const numericDecimals = (props['decimal.format'] ?? 'BASE64').toUpperCase() === 'NUMERIC';

  return {
    toConnectData(_topic, bytes) {
      if (bytes === null) return { schema: null, value: null };
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch (error) {
        throw new DataException(
          `Converting byte[] to Kafka Connect data failed due to serialization error: ${(error as Error).message}`,
          { cause: error },
        );
      }
      if (!schemasEnabled) return { schema: null, value: json };
      if (!isEnvelope(json)) {
        throw new DataException(
          'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
            'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.',
        );
      }
      const schema = json.schema === null ? null : parseSchema(json.schema);
      return { schema, value: schema ? fromJson(schema, json.payload, 'payload') : json.payload };
    },

    fromConnectData(_topic, schema, value) {
      if (schema === null && (value === null || value === undefined)) return null;
      const payload = schema ? toJson(schema, value, numericDecimals) : toSchemalessJson(value);
      const document = schemasEnabled ? { schema: schema ? schemaToJson(schema) : null, payload } : payload;
      return Buffer.from(JSON.stringify(document), 'utf8');
    },
  };
}

function isEnvelope(json: unknown): json is { schema: unknown; payload: unknown } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const keys = Object.keys(json);
  return keys.length === 2 && keys.includes('schema') && keys.includes('payload');
}

const SCHEMA_TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'float', 'float32', 'double', 'float64', 'boolean', 'string', 'bytes', 'array', 'map', 'struct']);

export function parseSchema(json: unknown): ConnectSchema {
  if (typeof json !== 'object' || json === null) throw new DataException('Schema must be a JSON object');
  const raw = json as Record<string, unknown>;
  const typeName = String(raw.type ?? '');
  if (!SCHEMA_TYPES.has(typeName)) throw new DataException(`Unknown schema type: ${typeName}`);
  const type = (typeName === 'float' ? 'float32' : typeName === 'double' ? 'float64' : typeName) as ConnectSchema['type'];
  const schema: ConnectSchema = { type, optional: raw.optional === true };
  if (typeof raw.name === 'string') schema.name = raw.name;
  if (typeof raw.version === 'number') schema.version = raw.version;
  if (typeof raw.doc === 'string') schema.doc = raw.doc;
  if (raw.parameters && typeof raw.parameters === 'object') schema.parameters = raw.parameters as Record<string, string>;
  if (type === 'struct') {
    if (!Array.isArray(raw.fields)) throw new DataException('Struct schema\'s "fields" argument is not an array.');
    schema.fields = raw.fields.map((f) => {
      const name = (f as Record<string, unknown>).field;
      if (typeof name !== 'string') throw new DataException('Struct schema\'s field name not specified properly');
      return { ...parseSchema(f), field: name };
    });
  }
  if (type === 'array') schema.items = parseSchema(raw.items);
  if (type === 'map') {
    schema.keys = parseSchema(raw.keys);
    schema.values = parseSchema(raw.values);
  }
  if (raw.default !== undefined) schema.default = fromJson({ ...schema, optional: true }, raw.default, 'default');
  return schema;
}

function schemaToJson(schema: ConnectSchema): Record<string, unknown> {
  const out: Record<string, unknown> = { type: schema.type === 'float32' ? 'float' : schema.type === 'float64' ? 'double' : schema.type };
  if (schema.type === 'struct') out.fields = (schema.fields ?? []).map((f) => ({ ...schemaToJson(f), field: f.field }));
  if (schema.type === 'array' && schema.items) out.items = schemaToJson(schema.items);
  if (schema.type === 'map' && schema.keys && schema.values) {
    out.keys = schemaToJson(schema.keys);
    out.values = schemaToJson(schema.values);
  }
  out.optional = schema.optional === true;
  if (schema.name) out.name = schema.name;
  if (schema.version !== undefined) out.version = schema.version;
  if (schema.doc) out.doc = schema.doc;
  if (schema.parameters) out.parameters = schema.parameters;
  return out;
}

/** JSON payload → Connect value, checked against the schema. */
export function fromJson(schema: ConnectSchema, json: unknown, path: string): unknown {
  if (json === null || json === undefined) {
    if (schema.default !== undefined) return schema.default;
    if (schema.optional) return null;
    throw new DataException(`Invalid null value for required ${schema.type.toUpperCase()} field "${path}"`);
  }
  const mismatch = () => new DataException(`Invalid JSON for ${schema.type} field "${path}": ${JSON.stringify(json).slice(0, 80)}`);
  switch (schema.name) {
    case LOGICAL.timestamp:
      if (typeof json !== 'number') throw mismatch();
      return new Date(json);
    case LOGICAL.date:
      if (typeof json !== 'number') throw mismatch();
      return new Date(json * DAY_MS);
    case LOGICAL.time:
      if (typeof json !== 'number') throw mismatch();
      return new Date(json);
    case LOGICAL.decimal: {
      const scale = Number(schema.parameters?.scale ?? 0);
      if (typeof json === 'number') return json.toFixed(scale);
      if (typeof json !== 'string') throw mismatch();
      return decimalFromBytes(Buffer.from(json, 'base64'), scale);
    }
  }
  switch (schema.type) {
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      if (typeof json !== 'number' || !Number.isInteger(json)) throw mismatch();
      return json;
    case 'float32':
    case 'float64':
      if (typeof json !== 'number') throw mismatch();
      return json;
    case 'boolean':
      if (typeof json !== 'boolean') throw mismatch();
      return json;
    case 'string':
      if (typeof json !== 'string') throw mismatch();
      return json;
    case 'bytes':
      if (typeof json !== 'string') throw mismatch();
      return Buffer.from(json, 'base64');
    case 'array':
      if (!Array.isArray(json)) throw mismatch();
      return json.map((item, i) => fromJson(schema.items!, item, `${path}[${i}]`));
    case 'map': {
      // Maps with string keys are JSON objects; any other key type is an array of [key, value] pairs.
      const entries: Array<[unknown, unknown]> = Array.isArray(json)
        ? (json as Array<[unknown, unknown]>)
        : typeof json === 'object'
          ? Object.entries(json as Record<string, unknown>)
          : (() => {
              throw mismatch();
            })();
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) out[String(fromJson(schema.keys!, k, path))] = fromJson(schema.values!, v, `${path}.${String(k)}`);
      return out;
    }
    case 'struct': {
      if (typeof json !== 'object' || Array.isArray(json)) throw mismatch();
      const source = json as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of schema.fields ?? []) out[f.field] = fromJson(f, source[f.field], f.field);
      return out;
    }
  }
}

/** Connect value → JSON payload for its schema. */
export function toJson(schema: ConnectSchema, value: unknown, numericDecimals = false): unknown {
  if (value === null || value === undefined) {
    if (schema.default !== undefined) return toJson({ ...schema, default: undefined }, schema.default, numericDecimals);
    if (schema.optional) return null;
    throw new DataException(`Conversion error: null value for field that is required and has no default value`);
  }
  const time = timeToWire(schema, value);
  if (time !== undefined) return time;
  switch (schema.name) {
    case LOGICAL.decimal: {
      const scale = Number(schema.parameters?.scale ?? 0);
      if (numericDecimals) return Number(value);
      return decimalToBytes(value as string | number, scale).toString('base64');
    }
  }
  switch (schema.type) {
    case 'bytes':
      return Buffer.isBuffer(value) ? value.toString('base64') : value;
    case 'int64':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'array':
      return (value as unknown[]).map((item) => toJson(schema.items!, item, numericDecimals));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJson(schema.values!, v, numericDecimals);
      return out;
    }
    case 'struct': {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of schema.fields ?? []) out[f.field] = toJson(f, source[f.field], numericDecimals);
      return out;
    }
    default:
      return value;
  }
}

function toSchemalessJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toSchemalessJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toSchemalessJson(v)]));
  }
  return value;
}
