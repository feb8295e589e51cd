import type { ConfigDef } from '../config/config-def';
import type { ConnectRecord } from '../data/record';
import { DataException, type ConnectSchema } from '../data/schema';

/** A single message transform: returns the changed record, or null to drop it. */
export interface Transformation {
  apply<R extends ConnectRecord>(record: R): R | null;
}

export interface TransformPlugin {
  className: string;
  configDef: ConfigDef;
  /** props are the alias's own keys without the `transforms.<alias>.` prefix, already validated */
  create(props: Record<string, string>): Transformation;
}

/** The part of a record an `$Key` or `$Value` transform works on. */
export interface Operand {
  schema: ConnectSchema | null;
  value: unknown;
}

export function operand(record: ConnectRecord, isKey: boolean): Operand {
  return isKey ? { schema: record.keySchema, value: record.key } : { schema: record.valueSchema, value: record.value };
}

export function withOperand<R extends ConnectRecord>(record: R, isKey: boolean, next: Operand): R {
  return isKey ? { ...record, keySchema: next.schema, key: next.value } : { ...record, valueSchema: next.schema, value: next.value };
}

/** Connect's Requirements.requireMap: schemaless transforms need a map (JSON object). */
export function requireMap(value: unknown, purpose: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value) || value instanceof Date) {
    throw new DataException(`Only Map objects supported in absence of schema for [${purpose}], found: ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Connect's Requirements.requireStruct. */
export function requireStruct(schema: ConnectSchema, value: unknown, purpose: string): Record<string, unknown> {
  if (schema.type !== 'struct' || typeof value !== 'object' || value === null) {
    throw new DataException(`Only Struct objects supported for [${purpose}], found: ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  if (Buffer.isBuffer(value)) return '[B';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'java.lang.Long' : 'java.lang.Double';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  return 'org.apache.kafka.connect.data.Struct';
}
