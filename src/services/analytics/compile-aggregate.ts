/**
 * AggregateQuery → Pinot SQL. Every identifier is checked against the table's schema and double-quoted; every value
 * becomes a literal of its column's type; aggregates are always aliased; the LIMIT is always explicit (Pinot would
 * silently apply 10) and paging is `LIMIT n OFFSET m` (what the multi-stage engine accepts). No ILIKE, no `::`.
 */
import { badInput } from '../../errors/app-error';
import type { AggregateQuery, BucketSpec, ColumnRole, FilterSpec, FilterValue, MeasureSpec, OrderSpec, RangeSpec, TimeRangeSpec, ValueType } from './query-model';
import { BUCKET_UNITS, MEASURE_FUNCTIONS } from './query-model';
import { escapeLike, numberLiteral, quoteIdentifier, stringLiteral } from './sql-literals';
import type { TableColumn, TableInfo } from './table-catalog';

export interface CompileLimits {
  /** LIMIT when the query has none. */
  defaultLimit: number;
  /** Largest LIMIT accepted; larger is BAD_USER_INPUT. */
  maxLimit: number;
  /** Largest OFFSET accepted (deep pages of trimmed group-bys are unreliable in Pinot). Default 100 000. */
  maxOffset?: number;
}

export interface CompiledColumn {
  name: string;
  role: ColumnRole;
  measure?: MeasureSpec;
  source?: TableColumn;
}

export interface CompiledQuery {
  sql: string;
  columns: CompiledColumn[];
}

export const BUCKET_ALIAS = 'bucket';
const MAX_MEASURES = 20;
const MAX_GROUP_BY = 10;
const MAX_ORDER_BY = 10;
const MAX_FILTER_DEPTH = 8;
const MAX_PREDICATES = 100;
const MAX_IN_VALUES = 1_000;
const ALIAS_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const NUMERIC: ReadonlySet<ValueType> = new Set(['INT', 'LONG', 'FLOAT', 'DOUBLE', 'BIG_DECIMAL']);
const UNIT_NAMES: Record<number, string> = { 1: 'MILLISECONDS', 1_000: 'SECONDS', 60_000: 'MINUTES', 3_600_000: 'HOURS', 86_400_000: 'DAYS' };
const TO_EPOCH: Record<number, string> = { 1_000: 'ToEpochSeconds', 60_000: 'ToEpochMinutes', 3_600_000: 'ToEpochHours', 86_400_000: 'ToEpochDays' };

export function compileAggregate(query: AggregateQuery, table: TableInfo, limits: CompileLimits): CompiledQuery {
  const measures = query.measures ?? [];
  const groupBy = query.groupBy ?? [];
  if (measures.length === 0 && groupBy.length === 0 && !query.bucket) throw badInput('measures', 'ask for at least one measure, group-by column or time bucket');
  if (measures.length > MAX_MEASURES) throw badInput('measures', `at most ${MAX_MEASURES} measures per query`);
  if (groupBy.length > MAX_GROUP_BY) throw badInput('groupBy', `at most ${MAX_GROUP_BY} group-by columns per query`);
  if (new Set(groupBy).size !== groupBy.length) throw badInput('groupBy', 'group-by columns must be distinct');

  const dimensions = groupBy.map((name, i) => {
    const column = columnOf(table, name, `groupBy[${i}]`);
    if (!column.singleValue) throw badInput(`groupBy[${i}]`, `cannot group by multi-value column "${name}"`);
    return column;
  });
  const bucketExpr = query.bucket ? bucketExpression(query.bucket, table) : undefined;
  const compiledMeasures = measures.map((measure, i) => compileMeasure(measure, table, `measures[${i}]`));

  const taken = new Set<string>([...groupBy, ...(bucketExpr ? [BUCKET_ALIAS] : [])]);
  for (const [i, measure] of compiledMeasures.entries()) {
    if (taken.has(measure.alias)) throw badInput(`measures[${i}].alias`, `result column "${measure.alias}" is used twice; give the measure another alias`);
    if (table.columns.has(measure.alias)) throw badInput(`measures[${i}].alias`, `alias "${measure.alias}" would shadow the column of the same name`);
    taken.add(measure.alias);
  }

  const select = [
    ...(bucketExpr ? [`${bucketExpr} AS ${quoteIdentifier(BUCKET_ALIAS)}`] : []),
    ...dimensions.map((column) => quoteIdentifier(column.name)),
    ...compiledMeasures.map((measure) => `${measure.expression} AS ${quoteIdentifier(measure.alias)}`),
  ];
  const conditions = [
    ...timeConditions(query.timeRange, table),
    ...(query.where ? [compileFilter(query.where, table, 'where', { depth: 0, predicates: 0 }, true)] : []),
  ];
  const groupKeys = [...(bucketExpr ? [bucketExpr] : []), ...dimensions.map((column) => quoteIdentifier(column.name))];
  const order = orderClause(query.orderBy, { bucketExpr, dimensions: groupBy, measures: compiledMeasures.map((m) => m.alias), grouped: groupKeys.length > 0 });
  const { limit, offset } = page(query, limits);

  let sql = `SELECT ${select.join(', ')} FROM ${quoteIdentifier(table.name)}`;
  if (conditions.length > 0) sql += ` WHERE ${conditions.join(' AND ')}`;
  if (groupKeys.length > 0) sql += ` GROUP BY ${groupKeys.join(', ')}`;
  if (order.length > 0) sql += ` ORDER BY ${order.join(', ')}`;
  sql += ` LIMIT ${limit}`;
  if (offset > 0) sql += ` OFFSET ${offset}`;

  return {
    sql,
    columns: [
      ...(bucketExpr ? [{ name: BUCKET_ALIAS, role: 'BUCKET' as const }] : []),
      ...dimensions.map((column) => ({ name: column.name, role: 'DIMENSION' as const, source: column })),
      ...compiledMeasures.map((measure) => ({ name: measure.alias, role: 'MEASURE' as const, measure: measure.spec, source: measure.source })),
    ],
  };
}

function columnOf(table: TableInfo, name: unknown, field: string): TableColumn {
  const column = typeof name === 'string' ? table.columns.get(name) : undefined;
  if (!column) throw badInput(field, `unknown column "${String(name)}" in table ${table.name}`, { known: [...table.columns.keys()] });
  return column;
}

interface CompiledMeasure {
  alias: string;
  expression: string;
  spec: MeasureSpec;
  source?: TableColumn;
}

function compileMeasure(measure: MeasureSpec, table: TableInfo, field: string): CompiledMeasure {
  const fn = measure.fn;
  if (!MEASURE_FUNCTIONS.includes(fn)) throw badInput(`${field}.fn`, `unknown measure function "${String(fn)}"`, { known: MEASURE_FUNCTIONS });
  if (fn !== 'PERCENTILETDIGEST' && measure.percentile !== undefined && measure.percentile !== null) {
    throw badInput(`${field}.percentile`, 'percentile applies to PERCENTILETDIGEST only');
  }
  const countAll = fn === 'COUNT' && (measure.column === undefined || measure.column === null);
  const column = countAll ? undefined : columnOf(table, measure.column, `${field}.column`);
  let alias = measure.alias ?? (column ? `${fn.toLowerCase()}_${column.name}` : fn.toLowerCase());
  if (fn === 'PERCENTILETDIGEST' && measure.alias === undefined) alias += `_p${String(measure.percentile ?? '').replace('.', '_')}`;
  if (!ALIAS_PATTERN.test(alias)) throw badInput(`${field}.alias`, 'an alias is a letter or underscore followed by up to 63 letters, digits or underscores');
  if (!column) return { alias, expression: 'COUNT(*)', spec: measure };
  if (!column.singleValue) throw badInput(`${field}.column`, `${fn} needs a single-value column; "${column.name}" is multi-value`);
  const ref = quoteIdentifier(column.name);
  switch (fn) {
    case 'COUNT':
      return { alias, expression: `COUNT(${ref})`, spec: measure, source: column };
    case 'SUM':
    case 'AVG':
      requireNumeric(column, fn, field);
      return { alias, expression: `${fn}(${ref})`, spec: measure, source: column };
    case 'MIN':
    case 'MAX':
      if (!NUMERIC.has(column.type) && column.type !== 'TIMESTAMP') requireNumeric(column, fn, field);
      return { alias, expression: `${fn}(${ref})`, spec: measure, source: column };
    case 'DISTINCTCOUNT':
    case 'DISTINCTCOUNTHLL':
      return { alias, expression: `${fn}(${ref})`, spec: measure, source: column };
    case 'PERCENTILETDIGEST': {
      requireNumeric(column, fn, field);
      const p = measure.percentile;
      if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) throw badInput(`${field}.percentile`, 'PERCENTILETDIGEST needs a percentile between 0 and 100');
      return { alias, expression: `PERCENTILETDIGEST(${ref}, ${numberLiteral(p)})`, spec: measure, source: column };
    }
    case 'LASTWITHTIME': {
      if (!table.timeColumn) throw badInput(`${field}.fn`, `table ${table.name} has no time column for LASTWITHTIME`);
      const type = lastWithTimeType(column);
      if (!type) throw badInput(`${field}.column`, `LASTWITHTIME does not support ${column.type} columns`);
      return { alias, expression: `LASTWITHTIME(${ref}, ${quoteIdentifier(table.timeColumn.name)}, ${stringLiteral(type)})`, spec: measure, source: column };
    }
  }
}

function requireNumeric(column: TableColumn, fn: string, field: string): void {
  if (!NUMERIC.has(column.type)) throw badInput(`${field}.column`, `${fn} needs a numeric column; "${column.name}" is ${column.type}`);
}

function lastWithTimeType(column: TableColumn): string | undefined {
  switch (column.type) {
    case 'INT': case 'LONG': case 'FLOAT': case 'DOUBLE': case 'BOOLEAN': case 'STRING': return column.type;
    case 'TIMESTAMP': return 'LONG';
    case 'JSON': return 'STRING';
    default: return undefined;
  }
}

function timeColumnOrThrow(table: TableInfo, field: string): { column: TableColumn; unitMs: number } {
  if (!table.timeColumn || !table.timeUnitMs) throw badInput(field, `table ${table.name} has no epoch time column to filter or bucket by`);
  return { column: table.timeColumn, unitMs: table.timeUnitMs };
}

function bucketExpression(bucket: BucketSpec, table: TableInfo): string {
  if (!BUCKET_UNITS.includes(bucket.unit)) throw badInput('bucket.unit', `unknown bucket unit "${String(bucket.unit)}"`, { known: BUCKET_UNITS });
  const { column, unitMs } = timeColumnOrThrow(table, 'bucket');
  const inputUnit = UNIT_NAMES[unitMs];
  if (!inputUnit) throw badInput('bucket', `cannot bucket time column "${column.name}" stored in units of ${unitMs} ms`);
  const zone = bucket.timeZone ?? 'UTC';
  if (!isKnownTimeZone(zone)) throw badInput('bucket.timeZone', `unknown time zone "${zone}"`);
  const ref = quoteIdentifier(column.name);
  if (inputUnit === 'MILLISECONDS' && zone === 'UTC') return `DATETRUNC(${stringLiteral(bucket.unit)}, ${ref})`;
  // Explicit output unit: buckets come back as epoch millis whatever the column's unit.
  return `DATETRUNC(${stringLiteral(bucket.unit)}, ${ref}, ${stringLiteral(inputUnit)}, ${stringLiteral(zone)}, 'MILLISECONDS')`;
}

function timeConditions(range: TimeRangeSpec | undefined, table: TableInfo): string[] {
  if (!range || (range.from === undefined && range.to === undefined && range.last === undefined)) return [];
  const { column, unitMs } = timeColumnOrThrow(table, 'timeRange');
  const ref = quoteIdentifier(column.name);
  const conditions: string[] = [];
  const bound = (date: Date, field: string) => {
    const ms = date instanceof Date ? date.getTime() : NaN;
    if (!Number.isFinite(ms)) throw badInput(field, 'not a valid date-time');
    return numberLiteral(Math.ceil(ms / unitMs)); // ceil keeps [from, to) exact for coarse units
  };
  if (range.last !== undefined) {
    if (range.from !== undefined) throw badInput('timeRange.last', 'give either last or from, not both');
    if (!isIsoDuration(range.last)) throw badInput('timeRange.last', 'last is an ISO-8601 duration such as PT15M, PT1H or P7D');
    const ago = `ago(${stringLiteral(range.last.toUpperCase())})`;
    const converter = TO_EPOCH[unitMs];
    if (unitMs !== 1 && !converter) throw badInput('timeRange.last', `cannot compare "${column.name}" (units of ${unitMs} ms) with a sliding window`);
    conditions.push(`${ref} >= ${unitMs === 1 ? ago : `${converter}(${ago})`}`);
  }
  if (range.from !== undefined) conditions.push(`${ref} >= ${bound(range.from, 'timeRange.from')}`);
  if (range.to !== undefined) conditions.push(`${ref} < ${bound(range.to, 'timeRange.to')}`);
  if (range.from !== undefined && range.to !== undefined && range.from.getTime() >= range.to.getTime()) {
    throw badInput('timeRange', 'from must be before to');
  }
  return conditions;
}

interface FilterBudget {
  depth: number;
  predicates: number;
}

function compileFilter(filter: FilterSpec, table: TableInfo, field: string, budget: FilterBudget, top = false): string {
  if (budget.depth > MAX_FILTER_DEPTH) throw badInput(field, `filters nest at most ${MAX_FILTER_DEPTH} levels`);
  if (filter === null || typeof filter !== 'object') throw badInput(field, 'a filter is an object');
  const combinators = (['and', 'or', 'not'] as const).filter((key) => filter[key] !== undefined && filter[key] !== null);
  const hasPredicate = filter.column !== undefined && filter.column !== null;
  if (combinators.length + (hasPredicate ? 1 : 0) !== 1) {
    throw badInput(field, 'a filter is exactly one of: and, or, not, or a column predicate');
  }
  const nested = { ...budget, depth: budget.depth + 1 };
  const wrap = (sql: string) => (top ? sql : `(${sql})`);
  if (filter.and || filter.or) {
    const key = filter.and ? 'and' : 'or';
    const parts = (filter[key] as FilterSpec[]).map((child, i) => compileFilter(child, table, `${field}.${key}[${i}]`, nested));
    budget.predicates = nested.predicates;
    if (parts.length === 0) throw badInput(`${field}.${key}`, `${key} needs at least one filter`);
    if (parts.length === 1) return parts[0]!;
    // A top-level AND joins the time conditions flat; OR always needs parentheses next to them.
    return key === 'and' ? wrap(parts.join(' AND ')) : `(${parts.join(' OR ')})`;
  }
  if (filter.not) {
    const inner = compileFilter(filter.not, table, `${field}.not`, nested);
    budget.predicates = nested.predicates;
    return `NOT (${inner.replace(/^\((.*)\)$/s, '$1')})`;
  }
  budget.predicates += 1;
  if (budget.predicates > MAX_PREDICATES) throw badInput(field, `at most ${MAX_PREDICATES} predicates per query`);
  const parts = predicate(filter, columnOf(table, filter.column, `${field}.column`), field);
  return parts.length === 1 ? parts[0]! : wrap(parts.join(' AND '));
}

function predicate(filter: FilterSpec, column: TableColumn, field: string): string[] {
  const ref = quoteIdentifier(column.name);
  const parts: string[] = [];
  const lit = (value: FilterValue, at: string) => literalFor(column, value, `${field}.${at}`);
  if (filter.eq !== undefined && filter.eq !== null) parts.push(`${ref} = ${lit(filter.eq, 'eq')}`);
  if (filter.neq !== undefined && filter.neq !== null) parts.push(`${ref} <> ${lit(filter.neq, 'neq')}`);
  for (const key of ['in', 'notIn'] as const) {
    const values = filter[key];
    if (values === undefined || values === null) continue;
    if (!Array.isArray(values) || values.length === 0) throw badInput(`${field}.${key}`, `${key} needs at least one value`);
    if (values.length > MAX_IN_VALUES) throw badInput(`${field}.${key}`, `${key} takes at most ${MAX_IN_VALUES} values`);
    parts.push(`${ref} ${key === 'in' ? 'IN' : 'NOT IN'} (${values.map((value, i) => lit(value, `${key}[${i}]`)).join(', ')})`);
  }
  if (filter.range) parts.push(...rangeParts(filter.range, ref, lit, field));
  if (filter.contains !== undefined && filter.contains !== null) {
    if (column.type !== 'STRING' && column.type !== 'JSON') throw badInput(`${field}.contains`, `contains needs a string column; "${column.name}" is ${column.type}`);
    if (typeof filter.contains !== 'string' || filter.contains.length === 0) throw badInput(`${field}.contains`, 'contains needs a non-empty string');
    checkText(filter.contains, `${field}.contains`);
    parts.push(`LOWER(${ref}) LIKE LOWER(${stringLiteral(`%${escapeLike(filter.contains)}%`)})`);
  }
  if (filter.isNull !== undefined && filter.isNull !== null) parts.push(`${ref} ${filter.isNull ? 'IS NULL' : 'IS NOT NULL'}`);
  if (parts.length === 0) throw badInput(field, `the predicate on "${column.name}" has no operator (eq, neq, in, notIn, range, contains, isNull)`);
  return parts;
}

function rangeParts(range: RangeSpec, ref: string, lit: (value: FilterValue, at: string) => string, field: string): string[] {
  const ops: Array<[keyof RangeSpec, string]> = [['gt', '>'], ['gte', '>='], ['lt', '<'], ['lte', '<=']];
  const parts = ops.filter(([key]) => range[key] !== undefined && range[key] !== null).map(([key, op]) => `${ref} ${op} ${lit(range[key]!, `range.${key}`)}`);
  if (parts.length === 0) throw badInput(`${field}.range`, 'range needs at least one of gt, gte, lt, lte');
  return parts;
}

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** A caller's value as a Pinot literal of the column's type; anything that does not fit is BAD_USER_INPUT. */
export function literalFor(column: TableColumn, value: FilterValue, field: string): string {
  const fail = (expected: string) => badInput(field, `"${column.name}" is ${column.type}; expected ${expected}, got ${JSON.stringify(typeof value === 'bigint' ? value.toString() : value)}`);
  switch (column.type) {
    case 'INT':
    case 'LONG': {
      let integer: bigint;
      if (typeof value === 'bigint') integer = value;
      else if (typeof value === 'number' && Number.isSafeInteger(value)) integer = BigInt(value);
      else if (typeof value === 'string' && /^-?\d{1,19}$/.test(value.trim())) integer = BigInt(value.trim());
      else throw fail('an integer');
      const [min, max] = column.type === 'INT' ? [BigInt(INT_MIN), BigInt(INT_MAX)] : [LONG_MIN, LONG_MAX];
      if (integer < min || integer > max) throw fail(`an integer within the ${column.type} range`);
      return integer.toString();
    }
    case 'FLOAT':
    case 'DOUBLE': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && isNumericText(value) ? Number(value) : NaN;
      if (!Number.isFinite(number)) throw fail('a finite number');
      return numberLiteral(number);
    }
    case 'BIG_DECIMAL': {
      const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' && isNumericText(value) ? value.trim() : undefined;
      if (text === undefined) throw fail('a decimal number');
      return stringLiteral(text); // quoted: Pinot keeps the precision of decimal text
    }
    case 'BOOLEAN':
      if (value === true || value === 'true') return 'true';
      if (value === false || value === 'false') return 'false';
      throw fail('true or false');
    case 'TIMESTAMP': {
      const ms = typeof value === 'number' && Number.isSafeInteger(value) ? value : typeof value === 'string' ? Date.parse(value) : NaN;
      if (!Number.isFinite(ms)) throw fail('epoch milliseconds or an ISO-8601 date-time');
      return numberLiteral(ms);
    }
    case 'BYTES':
      if (typeof value !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(value)) throw fail('a hex string');
      return stringLiteral(value.toLowerCase());
    default: {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw fail('a string');
      const text = String(value);
      checkText(text, field);
      return stringLiteral(text);
    }
  }
}

function isNumericText(text: string): boolean {
  return /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text);
}

function checkText(text: string, field: string): void {
  if (text.includes('\u0000')) throw badInput(field, 'text must not contain NUL characters');
  if (text.length > 10_000) throw badInput(field, 'text values are at most 10 000 characters');
}

function orderClause(
  orderBy: OrderSpec[] | undefined,
  shape: { bucketExpr?: string; dimensions: string[]; measures: string[]; grouped: boolean },
): string[] {
  const resolve = (field: string, at: string): string => {
    if (field === BUCKET_ALIAS && shape.bucketExpr) return shape.bucketExpr;
    if (shape.dimensions.includes(field) || shape.measures.includes(field)) return quoteIdentifier(field);
    throw badInput(at, `cannot order by "${field}": order by a measure alias, a group-by column${shape.bucketExpr ? ' or bucket' : ''}`);
  };
  const order: string[] = [];
  const used = new Set<string>();
  if (orderBy && orderBy.length > 0) {
    if (orderBy.length > MAX_ORDER_BY) throw badInput('orderBy', `at most ${MAX_ORDER_BY} sort keys`);
    for (const [i, spec] of orderBy.entries()) {
      const direction = spec.direction ?? 'ASC';
      if (direction !== 'ASC' && direction !== 'DESC') throw badInput(`orderBy[${i}].direction`, 'direction is ASC or DESC');
      if (used.has(spec.field)) throw badInput(`orderBy[${i}].field`, `"${spec.field}" is already a sort key`);
      order.push(`${resolve(spec.field, `orderBy[${i}].field`)} ${direction}`);
      used.add(spec.field);
    }
  } else if (shape.grouped) {
    // Defaults: time series in time order, top-N by the first measure.
    if (shape.bucketExpr) {
      order.push(`${shape.bucketExpr} ASC`);
      used.add(BUCKET_ALIAS);
    }
    if (shape.measures[0] && shape.dimensions.length > 0) {
      order.push(`${quoteIdentifier(shape.measures[0])} DESC`);
      used.add(shape.measures[0]);
    }
  }
  // Group keys as tie-breakers make pages stable from one request to the next.
  if (shape.grouped) for (const dimension of shape.dimensions) if (!used.has(dimension)) order.push(`${quoteIdentifier(dimension)} ASC`);
  return order;
}

function page(query: AggregateQuery, limits: CompileLimits): { limit: number; offset: number } {
  const limit = query.limit ?? Math.min(limits.defaultLimit, limits.maxLimit);
  const offset = query.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.maxLimit) throw badInput('limit', `limit must be between 1 and ${limits.maxLimit}`, { max: limits.maxLimit });
  const maxOffset = limits.maxOffset ?? 100_000;
  if (!Number.isInteger(offset) || offset < 0 || offset > maxOffset) throw badInput('offset', `offset must be between 0 and ${maxOffset}`, { max: maxOffset });
  return { limit, offset };
}

function isIsoDuration(text: string): boolean {
  return /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/i.test(text);
}

export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
