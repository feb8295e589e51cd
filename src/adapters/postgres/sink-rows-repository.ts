import { AppError } from '../../errors/app-error';
import { timeBackendCall } from '../../observability/metrics';
import { mapPostgresError } from './map-error';
import type { Pool } from './pool';
import { quoteIdent, qualifiedTable, SqlParams } from './sql-identifiers';

export type CompareOperator = '_eq' | '_neq' | '_gt' | '_gte' | '_lt' | '_lte';

/**
 * A boolean expression over one table's columns, already validated against the catalog by the service: column names
 * exist, operators suit the column type, values are normalized to what PostgreSQL parses for that type.
 */
export type RowFilter =
  | { kind: 'and'; filters: RowFilter[] }
  | { kind: 'or'; filters: RowFilter[] }
  | { kind: 'not'; filter: RowFilter }
  | { kind: 'compare'; column: string; op: CompareOperator; value: unknown }
  | { kind: 'in'; column: string; negated: boolean; values: unknown[] }
  | { kind: 'like'; column: string; caseInsensitive: boolean; pattern: string }
  | { kind: 'isNull'; column: string; isNull: boolean };

export interface KeyColumn {
  name: string;
  direction: 'ASC' | 'DESC';
  nullable: boolean;
}

export interface OutputColumn {
  name: string;
  /** Render as a JSON string instead of a number: int8 and numeric, whose values a JS number cannot hold exactly. */
  asText: boolean;
}

export interface RowsPageQuery {
  schema: string;
  table: string;
  /** The columns of a node, in table order. */
  columns: readonly OutputColumn[];
  filter?: RowFilter;
  /** The full sort key: requested columns, then the primary key columns not already in it. Unique by construction. */
  order: readonly KeyColumn[];
  /** Key values (PostgreSQL text form, null for NULL) of the row to continue after, one per `order` column. */
  after?: ReadonlyArray<string | null>;
  limit: number;
}

export interface RowRecord {
  /** Column name → JSON value as PostgreSQL's to_json renders it (timestamps ISO 8601 with offset), in table order. */
  row: Record<string, unknown>;
  /** The row's key values in PostgreSQL text form, for the cursor. */
  key: Array<string | null>;
}

export interface SinkRowsRepository {
  findPage(query: RowsPageQuery): Promise<RowRecord[]>;
  count(query: { schema: string; table: string; filter?: RowFilter }): Promise<number>;
}

const COMPARE_SQL: Record<CompareOperator, string> = { _eq: '=', _neq: '<>', _gt: '>', _gte: '>=', _lt: '<', _lte: '<=' };

/**
 * Compiles a filter to SQL. Identifiers come from the catalog and are quoted; values are bound parameters whose type
 * PostgreSQL infers from the column they are compared with, so no type name is ever spliced into the text.
 */
export function compileRowFilter(filter: RowFilter, params: SqlParams, alias: string): string {
  const col = (name: string) => `${alias}.${quoteIdent(name)}`;
  switch (filter.kind) {
    case 'and':
      return filter.filters.length === 0 ? 'TRUE' : `(${filter.filters.map((f) => compileRowFilter(f, params, alias)).join(' AND ')})`;
    case 'or':
      return filter.filters.length === 0 ? 'FALSE' : `(${filter.filters.map((f) => compileRowFilter(f, params, alias)).join(' OR ')})`;
    case 'not':
      return `(NOT ${compileRowFilter(filter.filter, params, alias)})`;
    case 'compare':
      return `${col(filter.column)} ${COMPARE_SQL[filter.op]} ${params.add(filter.value)}`;
    case 'in':
      return filter.negated ? `${col(filter.column)} <> ALL(${params.add(filter.values)})` : `${col(filter.column)} = ANY(${params.add(filter.values)})`;
    case 'like':
      return `${col(filter.column)} ${filter.caseInsensitive ? 'ILIKE' : 'LIKE'} ${params.add(filter.pattern)}`;
    case 'isNull':
      return `${col(filter.column)} IS ${filter.isNull ? '' : 'NOT '}NULL`;
  }
}

/**
 * "Strictly after `values` in `order`" with NULLs sorting last in ASC and first in DESC (PostgreSQL's defaults, so
 * indexes still serve the ORDER BY). Uniform-direction NOT NULL keys use one row comparison, which PostgreSQL turns
 * into an index range; other keys expand to the OR-of-prefixes form.
 */
export function compileKeysetCondition(order: readonly KeyColumn[], values: ReadonlyArray<string | null>, params: SqlParams, alias: string): string {
  const col = (name: string) => `${alias}.${quoteIdent(name)}`;
  const uniform = order.every((k) => k.direction === order[0]!.direction && !k.nullable) && values.every((v) => v !== null);
  if (uniform) {
    const op = order[0]!.direction === 'ASC' ? '>' : '<';
    const refs = values.map((value) => params.add(value));
    return `(${order.map((k) => col(k.name)).join(', ')}) ${op} (${refs.join(', ')})`;
  }
  const branches: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) parts.push(equalTo(col(order[j]!.name), values[j]!, params));
    const after = strictlyAfter(col(order[i]!.name), order[i]!.direction, values[i]!, params);
    if (after === 'FALSE') continue;
    parts.push(after);
    branches.push(`(${parts.join(' AND ')})`);
  }
  return branches.length === 0 ? 'FALSE' : `(${branches.join(' OR ')})`;
}

function equalTo(column: string, value: string | null, params: SqlParams): string {
  return value === null ? `${column} IS NULL` : `${column} = ${params.add(value)}`;
}

function strictlyAfter(column: string, direction: 'ASC' | 'DESC', value: string | null, params: SqlParams): string {
  // NULL is the largest value: last in ASC, first in DESC.
  if (direction === 'ASC') return value === null ? 'FALSE' : `(${column} > ${params.add(value)} OR ${column} IS NULL)`;
  return value === null ? `${column} IS NOT NULL` : `${column} < ${params.add(value)}`;
}

const ALIAS = '"r"';

export function createSinkRowsRepository(pool: Pool): SinkRowsRepository {
  return {
    async findPage({ schema, table, columns, filter, order, after, limit }) {
      const params = new SqlParams();
      const conditions: string[] = [];
      if (filter) conditions.push(compileRowFilter(filter, params, ALIAS));
      if (after) conditions.push(compileKeysetCondition(order, after, params, ALIAS));
      // Per column rather than row_to_json: keeps 64-bit and numeric values exact, and aliases c0… avoid any name clash.
      const values = columns.map((c, i) => `${c.asText ? `${ALIAS}.${quoteIdent(c.name)}::text` : `to_json(${ALIAS}.${quoteIdent(c.name)})`} AS "c${i}"`);
      const keys = order.map((k, i) => `${ALIAS}.${quoteIdent(k.name)}::text AS "k${i}"`);
      const orderBy = order.map((k) => `${ALIAS}.${quoteIdent(k.name)} ${k.direction === 'ASC' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST'}`);
      const sql = `SELECT ${[...values, ...keys].join(', ')}
        FROM ${qualifiedTable(schema, table)} AS ${ALIAS}
        ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY ${orderBy.join(', ')} LIMIT ${params.add(limit)}`;
      const { rows } = await run('sinkRows.findPage', () => pool.query(sql, params.values));
      return rows.map((row) => ({
        row: Object.fromEntries(columns.map((c, i) => [c.name, row[`c${i}`] ?? null])),
        key: order.map((_, i) => row[`k${i}`] as string | null),
      }));
    },

    async count({ schema, table, filter }) {
      const params = new SqlParams();
      const sql = `SELECT count(*) AS n FROM ${qualifiedTable(schema, table)} AS ${ALIAS}${filter ? ` WHERE ${compileRowFilter(filter, params, ALIAS)}` : ''}`;
      const { rows } = await run('sinkRows.count', () => pool.query(sql, params.values));
      return Number(rows[0].n);
    },
  };
}

async function run<T>(operation: string, call: () => Promise<T>): Promise<T> {
  return timeBackendCall('postgres', operation, async () => {
    try {
      return await call();
    } catch (error) {
      throw mapRowsError(error);
    }
  });
}

/**
 * Values the service could not check fully (types it has no parser for: inet, interval, enums…) fail in PostgreSQL;
 * those are the caller's input, so they answer BAD_USER_INPUT on `where` instead of being masked.
 */
function mapRowsError(error: unknown): unknown {
  const code = (error as { code?: string })?.code ?? '';
  if (code.startsWith('22')) {
    return new AppError('BAD_USER_INPUT', `a value in where is not valid for its column: ${(error as Error).message}`, {
      details: { field: 'where' },
      cause: error,
    });
  }
  if (code === '42883' || code === '42804') {
    return new AppError('BAD_USER_INPUT', 'an operator in where is not supported for its column type', { details: { field: 'where' }, cause: error });
  }
  return mapPostgresError(error);
}
