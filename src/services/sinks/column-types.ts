import type { CatalogColumn } from '../../adapters/postgres/catalog-repository';
import { badInput } from '../../errors/app-error';

/** How the generic row API treats a column: which operators it accepts and which JSON values it binds. */
export type ColumnKind = 'integer' | 'number' | 'boolean' | 'string' | 'timestamp' | 'date' | 'uuid' | 'jsonb' | 'json' | 'array' | 'other';

const KIND_BY_TYPE: Record<string, ColumnKind> = {
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  numeric: 'number',
  float4: 'number',
  float8: 'number',
  bool: 'boolean',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  char: 'string',
  name: 'string',
  citext: 'string',
  timestamptz: 'timestamp',
  timestamp: 'timestamp',
  date: 'date',
  uuid: 'uuid',
  jsonb: 'jsonb',
  json: 'json',
};

export function columnKind(column: Pick<CatalogColumn, 'typeName' | 'typeCategory'>): ColumnKind {
  if (column.typeCategory === 'A') return 'array';
  return KIND_BY_TYPE[column.typeName] ?? 'other';
}

/** int8 and numeric leave as JSON strings: a JS number cannot hold every value exactly (same rule as the Long scalar). */
export function rendersAsText(column: Pick<CatalogColumn, 'typeName'>): boolean {
  return column.typeName === 'int8' || column.typeName === 'numeric';
}

export type Operator = '_eq' | '_neq' | '_gt' | '_gte' | '_lt' | '_lte' | '_in' | '_nin' | '_like' | '_ilike' | '_is_null';
export const OPERATORS: readonly Operator[] = ['_eq', '_neq', '_gt', '_gte', '_lt', '_lte', '_in', '_nin', '_like', '_ilike', '_is_null'];

const EQUALITY: Operator[] = ['_eq', '_neq', '_in', '_nin', '_is_null'];
const ORDERING: Operator[] = ['_gt', '_gte', '_lt', '_lte'];

/** json has no equality operator in PostgreSQL, and arrays/json are compared only for NULL here. */
const OPERATORS_BY_KIND: Record<ColumnKind, ReadonlySet<Operator>> = {
  integer: new Set([...EQUALITY, ...ORDERING]),
  number: new Set([...EQUALITY, ...ORDERING]),
  boolean: new Set(EQUALITY),
  string: new Set([...EQUALITY, ...ORDERING, '_like', '_ilike']),
  timestamp: new Set([...EQUALITY, ...ORDERING]),
  date: new Set([...EQUALITY, ...ORDERING]),
  uuid: new Set([...EQUALITY, ...ORDERING]),
  jsonb: new Set(EQUALITY),
  json: new Set(['_is_null']),
  array: new Set(['_is_null']),
  other: new Set([...EQUALITY, ...ORDERING]),
};

export function operatorAllowed(kind: ColumnKind, op: Operator): boolean {
  return OPERATORS_BY_KIND[kind].has(op);
}

/** Kinds that can be ordered (orderBy); json has no ordering operator, arrays and unknown types are left out. */
export function orderable(kind: ColumnKind): boolean {
  return kind !== 'json' && kind !== 'array' && kind !== 'jsonb' && kind !== 'other';
}

const INTEGER_BOUNDS: Record<string, [bigint, bigint]> = {
  int2: [-32_768n, 32_767n],
  int4: [-2_147_483_648n, 2_147_483_647n],
  int8: [-9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n],
};
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/**
 * Checks one JSON value against the column's type and returns what gets bound (PostgreSQL parses the text form).
 * Throws BAD_USER_INPUT on `field` naming the column and the expected shape.
 */
export function normalizeValue(value: unknown, column: CatalogColumn, field: string): string | number | boolean {
  const kind = columnKind(column);
  const fail = (expected: string) =>
    badInput(field, `${field}: expected ${expected} for column "${column.name}" (${column.dataType}), got ${describe(value)}`, {
      column: column.name,
    });
  if (value === null || value === undefined) throw badInput(field, `${field}: null is not a value here; use _is_null`, { column: column.name });
  switch (kind) {
    case 'integer': {
      const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : typeof value === 'string' && /^-?\d{1,19}$/.test(value) ? value : undefined;
      if (text === undefined) throw fail('an integer');
      const [min, max] = INTEGER_BOUNDS[column.typeName]!;
      const parsed = BigInt(text);
      if (parsed < min || parsed > max) throw fail(`an integer between ${min} and ${max}`);
      return text;
    }
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && NUMERIC.test(value)) return value;
      throw fail('a number');
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw fail('true or false');
    case 'string':
      if (typeof value === 'string') return value;
      throw fail('a string');
    case 'timestamp':
      if (typeof value === 'string' && TIMESTAMP.test(value)) return value;
      throw fail('an ISO 8601 date-time string');
    case 'date':
      if (typeof value === 'string' && DATE.test(value)) return value;
      throw fail('a YYYY-MM-DD date string');
    case 'uuid':
      if (typeof value === 'string' && UUID.test(value)) return value;
      throw fail('a UUID string');
    case 'jsonb':
      return JSON.stringify(value);
    case 'json':
    case 'array':
      throw fail('no value (only _is_null applies)');
    case 'other':
      // PostgreSQL parses these (inet, interval, enums…); a malformed value answers BAD_USER_INPUT on where.
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return typeof value === 'string' ? value : String(value);
      throw fail('a string');
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
