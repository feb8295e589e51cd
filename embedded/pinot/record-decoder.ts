/**
 * KafkaJSONMessageDecoder's job: a JSON record becomes one row, each field converted to its column's Pinot type.
 * Fields the record lacks (or cannot be converted) are stored as NULL; the broker shows Pinot's default null value
 * for them unless the query enables null handling. Unknown fields are ignored, as in Pinot.
 */
import { parseJsonKeepingBigIntegers } from './json-exact';
import type { ColumnSpec } from './pinot-schema';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Parses a Kafka message value; undefined when it is not a JSON object (Pinot skips such messages). */
export function decodeJsonRecord(value: Buffer | null): Record<string, unknown> | undefined {
  if (!value || value.length === 0) return undefined;
  try {
    const parsed = parseJsonKeepingBigIntegers(value.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function toRow(record: Record<string, unknown>, columns: readonly ColumnSpec[]): unknown[] {
  return columns.map((column) => convert(record[column.name], column));
}

export function convert(value: unknown, column: ColumnSpec): unknown {
  if (value === null || value === undefined) return null;
  if (column.singleValueField === false) return JSON.stringify(Array.isArray(value) ? value : [value]);
  switch (column.dataType) {
    case 'INT': {
      const number = toNumber(value);
      return number === null ? null : clampInt(Math.trunc(number));
    }
    case 'LONG':
      return toLong(value);
    case 'FLOAT':
    case 'DOUBLE':
      return toNumber(value);
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      if (typeof value === 'string') return ['true', '1'].includes(value.trim().toLowerCase());
      return null;
    case 'TIMESTAMP':
      return toEpochMillis(value);
    case 'BIG_DECIMAL':
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim())) ? String(value).trim() : null;
    case 'JSON':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'BYTES':
      return typeof value === 'string' && /^([0-9a-fA-F]{2})*$/.test(value) ? Uint8Array.from(Buffer.from(value, 'hex')) : null;
    default:
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isNaN(number) ? null : number;
  }
  return null;
}

function clampInt(value: number): number | null {
  return value < INT_MIN || value > INT_MAX ? null : value;
}

function toLong(value: unknown): bigint | null {
  try {
    let long: bigint;
    if (typeof value === 'number') long = BigInt(Math.trunc(value));
    else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) long = BigInt(value.trim());
    else if (typeof value === 'string' || typeof value === 'boolean') {
      const number = toNumber(value);
      if (number === null || !Number.isFinite(number)) return null;
      long = BigInt(Math.trunc(number));
    } else return null;
    return long < LONG_MIN || long > LONG_MAX ? null : long;
  } catch {
    return null;
  }
}

/** TIMESTAMP accepts epoch millis or a 'yyyy-MM-dd HH:mm:ss[.SSS]' / ISO-8601 text (read as UTC without a zone). */
function toEpochMillis(value: unknown): bigint | null {
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value));
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return BigInt(text);
  const iso = text.includes('T') ? text : text.replace(' ', 'T');
  const zoned = /([zZ]|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : BigInt(ms);
}
