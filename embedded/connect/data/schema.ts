/**
 * Connect's data model as JsonConverter writes it on the wire: a schema is `{type, optional, name?, fields?, items?,
 * keys?, values?, parameters?}` and a struct field is a schema with a `field` name. Values in memory: a struct or map
 * is a plain object, bytes a Buffer, the logical types Timestamp/Date/Time a Date, Decimal a decimal string.
 */
export type SchemaType =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float32'
  | 'float64'
  | 'boolean'
  | 'string'
  | 'bytes'
  | 'array'
  | 'map'
  | 'struct';

export interface ConnectSchema {
  type: SchemaType;
  optional?: boolean;
  name?: string;
  version?: number;
  doc?: string;
  default?: unknown;
  parameters?: Record<string, string>;
  /** struct only */
  fields?: ConnectField[];
  /** array only */
  items?: ConnectSchema;
  /** map only */
  keys?: ConnectSchema;
  values?: ConnectSchema;
}

export interface ConnectField extends ConnectSchema {
  field: string;
}

export interface SchemaAndValue {
  schema: ConnectSchema | null;
  value: unknown;
}

export const LOGICAL = {
  timestamp: 'org.apache.kafka.connect.data.Timestamp',
  date: 'org.apache.kafka.connect.data.Date',
  time: 'org.apache.kafka.connect.data.Time',
  decimal: 'org.apache.kafka.connect.data.Decimal',
} as const;

const PRIMITIVES = new Set<SchemaType>(['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes']);

export function isPrimitive(schema: ConnectSchema): boolean {
  return PRIMITIVES.has(schema.type);
}

/** A Connect DataException: the record cannot be converted or transformed (tolerable under errors.tolerance=all). */
export class DataException extends Error {
  readonly javaClass = 'org.apache.kafka.connect.errors.DataException';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataException';
  }
}

export function field(name: string, schema: ConnectSchema): ConnectField {
  return { ...schema, field: name };
}

export function structSchema(fields: ConnectField[], name?: string, optional = false): ConnectSchema {
  return { type: 'struct', fields, optional, ...(name ? { name } : {}) };
}

export function fieldOf(schema: ConnectSchema, name: string): ConnectField | undefined {
  return schema.fields?.find((f) => f.field === name);
}

/** Drops the struct-field name so a field can be used as a standalone schema. */
export function withoutFieldName(f: ConnectField): ConnectSchema {
  const { field: _name, ...schema } = f;
  return schema;
}

/** Checks that a value fits its schema (Connect's ConnectSchema.validateValue), throwing DataException otherwise. */
export function validateValue(schema: ConnectSchema, value: unknown, path = 'value'): void {
  if (value === null || value === undefined) {
    if (schema.optional || schema.default !== undefined) return;
    throw new DataException(`Invalid value: null used for required field: "${path}", schema type: ${schema.type.toUpperCase()}`);
  }
  const ok = (() => {
    if (schema.name === LOGICAL.timestamp || schema.name === LOGICAL.date || schema.name === LOGICAL.time) {
      return value instanceof Date;
    }
    switch (schema.type) {
      case 'int8':
      case 'int16':
      case 'int32':
      case 'int64':
        return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint';
      case 'float32':
      case 'float64':
        return typeof value === 'number';
      case 'boolean':
        return typeof value === 'boolean';
      case 'string':
        return typeof value === 'string';
      case 'bytes':
        return Buffer.isBuffer(value) || (schema.name === LOGICAL.decimal && typeof value === 'string');
      case 'array':
        return Array.isArray(value);
      case 'map':
      case 'struct':
        return typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);
    }
  })();
  if (!ok) {
    throw new DataException(`Invalid Java object for schema with type ${schema.type.toUpperCase()}: ${typeName(value)} for field: "${path}"`);
  }
  if (schema.type === 'struct') {
    for (const f of schema.fields ?? []) validateValue(f, (value as Record<string, unknown>)[f.field], f.field);
  }
}

function typeName(value: unknown): string {
  if (Buffer.isBuffer(value)) return 'class [B';
  if (value instanceof Date) return 'class java.util.Date';
  if (Array.isArray(value)) return 'class java.util.ArrayList';
  switch (typeof value) {
    case 'string':
      return 'class java.lang.String';
    case 'number':
      return Number.isInteger(value) ? 'class java.lang.Long' : 'class java.lang.Double';
    case 'boolean':
      return 'class java.lang.Boolean';
    default:
      return 'class java.util.HashMap';
  }
}
