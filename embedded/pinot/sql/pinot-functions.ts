/**
 * Pinot function → DuckDB expression rewrites. Pinot canonicalises function names by lower-casing them and dropping
 * underscores (DISTINCT_COUNT = distinctcount), so lookups use that key. Result types follow Pinot's single-stage
 * engine: SUM/MIN/MAX/AVG are DOUBLE, COUNT is LONG, DISTINCTCOUNT is INT, DATETRUNC is LONG. Without null handling,
 * aggregates over no rows return Pinot's sentinels (MIN → Infinity, PERCENTILETDIGEST → NaN, …) instead of NULL.
 */
import { isKnownTimeZone, javaPatternToStrftime, parseIsoDurationMs, CALENDAR_TRUNC_UNITS, FIXED_TRUNC_MS, TIME_UNIT_MS } from './time-units';
import { PinotErrorCode, PinotSqlError } from './pinot-sql-error';
import type { SqlNode } from './tokenize';
import { significant } from './tokenize';

export interface CallContext {
  /** The call's arguments rendered as DuckDB SQL. */
  args: string[];
  /** The raw argument nodes, for reading literals (units, zones, percentiles). */
  raw: SqlNode[][];
  nowMs: number;
  nullHandling: boolean;
  name: string;
}

type Rewrite = (call: CallContext) => string;

export const AGGREGATE_FUNCTIONS = new Set([
  'count', 'sum', 'min', 'max', 'avg', 'distinctcount', 'distinctcountbitmap', 'distinctcounthll', 'distinctcounthllplus',
  'distinctcountsmarthll', 'distinctcountthetasketch', 'distinctcountcpcsketch', 'distinctcountull', 'percentile',
  'percentileest', 'percentiletdigest', 'percentilesmarttdigest', 'lastwithtime', 'firstwithtime', 'mode', 'minmaxrange',
  'sumprecision',
]);

export function canonicalFunctionName(name: string): string {
  return name.toLowerCase().replace(/_/g, '');
}

/** A sentinel-wrapped aggregate: NULL over an empty set becomes Pinot's default unless null handling is on. */
function withSentinel(call: CallContext, expr: string, sentinel: string): string {
  return call.nullHandling ? expr : `COALESCE(${expr}, ${sentinel})`;
}

const POSITIVE_INFINITY = "CAST('Infinity' AS DOUBLE)";
const NEGATIVE_INFINITY = "CAST('-Infinity' AS DOUBLE)";
const NAN = "CAST('NaN' AS DOUBLE)";

function arity(call: CallContext, min: number, max = min): void {
  if (call.args.length < min || call.args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `Invalid number of arguments for ${call.name}: expected ${expected}, got ${call.args.length}`);
  }
}

/** The value of a string literal argument, e.g. 'DAY' → DAY. */
export function stringLiteral(call: CallContext, index: number, what: string): string {
  const nodes = significant(call.raw[index] ?? []);
  const only = nodes[0];
  if (nodes.length !== 1 || only?.kind !== 'string') {
    throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `${call.name}: ${what} must be a string literal`);
  }
  return only.text.slice(1, -1).replace(/''/g, "'");
}

function numberLiteral(call: CallContext, index: number, what: string): number {
  const nodes = significant(call.raw[index] ?? []);
  const text = nodes.length === 1 && (nodes[0]!.kind === 'number' || nodes[0]!.kind === 'string') ? nodes[0]!.text.replace(/'/g, '') : '';
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `${call.name}: ${what} must be a numeric literal`);
  }
  return value;
}

function percentileFraction(call: CallContext, percent: number): string {
  if (percent < 0 || percent > 100) {
    throw new PinotSqlError(PinotErrorCode.QUERY_VALIDATION, `${call.name}: percentile must be between 0 and 100, got ${percent}`);
  }
  return String(percent / 100);
}

function timeUnitMs(call: CallContext, index: number, fallback: string): number {
  const unit = call.args[index] === undefined ? fallback : stringLiteral(call, index, 'time unit').toUpperCase();
  const ms = TIME_UNIT_MS[unit];
  if (ms === undefined) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `${call.name}: unknown time unit ${unit}`);
  return ms;
}

function zoneArg(call: CallContext, index: number): string | undefined {
  if (call.args[index] === undefined) return undefined;
  const zone = stringLiteral(call, index, 'time zone');
  if (!isKnownTimeZone(zone)) throw new PinotSqlError(PinotErrorCode.QUERY_VALIDATION, `${call.name}: unknown time zone ${zone}`);
  return zone === 'UTC' || zone === 'Etc/UTC' ? undefined : zone;
}

/** Integer division the way Java's long `/` does it (towards zero) or flooring, for values below 2^53. */
function divide(expr: string, by: number, rounding: 'trunc' | 'floor'): string {
  if (by === 1) return `CAST(${expr} AS BIGINT)`;
  return `CAST(${rounding}((${expr}) / ${by}) AS BIGINT)`;
}

function scale(expr: string, factor: number): string {
  if (factor === 1) return `CAST(${expr} AS BIGINT)`;
  if (factor < 1) return divide(expr, 1 / factor, 'trunc');
  return `(CAST(${expr} AS BIGINT) * ${factor})`;
}

function zonedTimestamp(msExpr: string, zone: string | undefined): string {
  const utc = `CAST(epoch_ms(CAST(${msExpr} AS BIGINT)) AS TIMESTAMPTZ)`;
  return zone ? `timezone('${zone}', ${utc})` : `epoch_ms(CAST(${msExpr} AS BIGINT))`;
}

const dateTrunc: Rewrite = (call) => {
  arity(call, 2, 5);
  const unit = stringLiteral(call, 0, 'unit').toUpperCase();
  const inputMs = timeUnitMs(call, 2, 'MILLISECONDS');
  const zone = zoneArg(call, 3);
  const outputMs = call.args[4] === undefined ? inputMs : timeUnitMs(call, 4, 'MILLISECONDS');
  const millis = scale(call.args[1]!, inputMs);
  let truncated: string;
  const fixed = FIXED_TRUNC_MS[unit];
  if (fixed !== undefined && (zone === undefined || fixed < 3_600_000)) {
    // Sub-hour units do not depend on the zone for whole-hour offsets; skipping the calendar math keeps buckets cheap.
    truncated = `(${divide(millis, fixed, 'floor')} * ${fixed})`;
  } else if (fixed !== undefined || CALENDAR_TRUNC_UNITS.has(unit)) {
    const local = `date_trunc('${unit.toLowerCase()}', ${zonedTimestamp(millis, zone)})`;
    truncated = zone ? `epoch_ms(timezone('${zone}', ${local}))` : `epoch_ms(${local})`;
  } else {
    throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `DATETRUNC: unknown unit ${unit}`);
  }
  return outputMs === 1 ? truncated : outputMs < 1 ? `(${truncated} * ${1 / outputMs})` : divide(truncated, outputMs, 'trunc');
};

function toEpoch(unitMs: number, variant: '' | 'rounded' | 'bucket'): Rewrite {
  return (call) => {
    arity(call, variant === '' ? 1 : 2);
    const value = divide(call.args[0]!, unitMs, 'trunc');
    if (variant === 'rounded') return `(${divide(value, numberLiteral(call, 1, 'rounding size'), 'trunc')} * ${numberLiteral(call, 1, 'rounding size')})`;
    if (variant === 'bucket') return divide(call.args[0]!, unitMs * numberLiteral(call, 1, 'bucket size'), 'trunc');
    return value;
  };
}

function fromEpoch(unitMs: number, bucket: boolean): Rewrite {
  return (call) => {
    arity(call, bucket ? 2 : 1);
    return `(CAST(${call.args[0]} AS BIGINT) * ${bucket ? unitMs * numberLiteral(call, 1, 'bucket size') : unitMs})`;
  };
}

function datePart(part: string, cast = 'INTEGER'): Rewrite {
  return (call) => {
    arity(call, 1, 2);
    return `CAST(${part}(${zonedTimestamp(call.args[0]!, zoneArg(call, 1))}) AS ${cast})`;
  };
}

const PINOT_TO_DUCK_TYPE: Record<string, string> = {
  INT: 'INTEGER', INTEGER: 'INTEGER', LONG: 'BIGINT', BIGINT: 'BIGINT', FLOAT: 'REAL', DOUBLE: 'DOUBLE',
  BIG_DECIMAL: 'DECIMAL(38,9)', DECIMAL: 'DECIMAL(38,9)', BOOLEAN: 'BOOLEAN', TIMESTAMP: 'BIGINT', STRING: 'VARCHAR',
  VARCHAR: 'VARCHAR', JSON: 'VARCHAR', BYTES: 'BLOB',
};

export function duckTypeForPinotName(name: string): string | undefined {
  return PINOT_TO_DUCK_TYPE[name.toUpperCase()];
}

const TYPE_SENTINELS: Record<string, string> = {
  INTEGER: '-2147483648', BIGINT: '-9223372036854775808', REAL: NEGATIVE_INFINITY, DOUBLE: NEGATIVE_INFINITY,
  VARCHAR: "'null'", BOOLEAN: 'false', 'DECIMAL(38,9)': '0', BLOB: "''",
};

function withTime(direction: 'arg_max' | 'arg_min'): Rewrite {
  return (call) => {
    arity(call, 3);
    const typeName = stringLiteral(call, 2, 'data type').toUpperCase();
    const duck = duckTypeForPinotName(typeName);
    if (!duck) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `${call.name}: unsupported data type ${typeName}`);
    return withSentinel(call, `CAST(${direction}(${call.args[0]}, ${call.args[1]}) AS ${duck})`, TYPE_SENTINELS[duck]!);
  };
}

function percentile(kind: 'exact' | 'est' | 'tdigest', fixedPercent?: number): Rewrite {
  return (call) => {
    if (fixedPercent === undefined) arity(call, 2, 3);
    else arity(call, 1);
    const fraction = percentileFraction(call, fixedPercent ?? numberLiteral(call, 1, 'percentile'));
    if (kind === 'est') return withSentinel(call, `CAST(quantile_disc(${call.args[0]}, ${fraction}) AS BIGINT)`, '-9223372036854775808');
    if (kind === 'tdigest') return withSentinel(call, `CAST(approx_quantile(${call.args[0]}, ${fraction}) AS DOUBLE)`, NAN);
    return withSentinel(call, `CAST(quantile_disc(${call.args[0]}, ${fraction}) AS DOUBLE)`, NEGATIVE_INFINITY);
  };
}

function doubleAggregate(fn: string, sentinel: string): Rewrite {
  return (call) => {
    arity(call, 1);
    return withSentinel(call, `CAST(${fn}(${call.args[0]}) AS DOUBLE)`, sentinel);
  };
}

/**
 * The sketch-based distinct counts answer exactly here: an exact count is a valid estimate, and DuckDB's HLL can
 * overshoot on small sets (more unique users than views), which would only confuse a development stand-in.
 */
const distinctCountHll: Rewrite = (call) => {
  arity(call, 1, 2);
  return `CAST(COUNT(DISTINCT ${call.args[0]}) AS BIGINT)`;
};

const REWRITES: Record<string, Rewrite> = {
  sum: doubleAggregate('SUM', '0'),
  min: doubleAggregate('MIN', POSITIVE_INFINITY),
  max: doubleAggregate('MAX', NEGATIVE_INFINITY),
  avg: doubleAggregate('AVG', NEGATIVE_INFINITY),
  mode: doubleAggregate('mode', NEGATIVE_INFINITY),
  minmaxrange: (call) => {
    arity(call, 1);
    return withSentinel(call, `CAST(MAX(${call.args[0]}) - MIN(${call.args[0]}) AS DOUBLE)`, NEGATIVE_INFINITY);
  },
  sumprecision: (call) => {
    arity(call, 1, 2);
    return withSentinel(call, `SUM(CAST(${call.args[0]} AS DECIMAL(38,9)))`, '0');
  },
  distinctcount: (call) => {
    arity(call, 1);
    return `CAST(COUNT(DISTINCT ${call.args[0]}) AS INTEGER)`;
  },
  distinctcounthll: distinctCountHll,
  distinctcounthllplus: distinctCountHll,
  distinctcountsmarthll: distinctCountHll,
  distinctcountthetasketch: distinctCountHll,
  distinctcountcpcsketch: distinctCountHll,
  distinctcountull: distinctCountHll,
  percentile: percentile('exact'),
  percentileest: percentile('est'),
  percentiletdigest: percentile('tdigest'),
  percentilesmarttdigest: percentile('tdigest'),
  lastwithtime: withTime('arg_max'),
  firstwithtime: withTime('arg_min'),
  datetrunc: dateTrunc,
  now: (call) => {
    arity(call, 0);
    return `CAST(${call.nowMs} AS BIGINT)`;
  },
  ago: (call) => {
    arity(call, 1);
    const text = stringLiteral(call, 0, 'duration');
    const ms = parseIsoDurationMs(text);
    if (ms === undefined) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `ago: invalid ISO-8601 duration '${text}'`);
    return `CAST(${call.nowMs - ms} AS BIGINT)`;
  },
  year: datePart('year'),
  yearofweek: datePart('isoyear'),
  quarter: datePart('quarter'),
  month: datePart('month'),
  monthofyear: datePart('month'),
  week: datePart('weekofyear'),
  weekofyear: datePart('weekofyear'),
  dayofweek: datePart('isodow'),
  dow: datePart('isodow'),
  dayofyear: datePart('dayofyear'),
  doy: datePart('dayofyear'),
  dayofmonth: datePart('day'),
  day: datePart('day'),
  hour: datePart('hour'),
  minute: datePart('minute'),
  second: datePart('second'),
  millisecond: (call) => {
    arity(call, 1, 2);
    return `CAST(millisecond(${zonedTimestamp(call.args[0]!, zoneArg(call, 1))}) % 1000 AS INTEGER)`;
  },
  todatetime: (call) => {
    arity(call, 2, 3);
    const pattern = stringLiteral(call, 1, 'pattern');
    const format = javaPatternToStrftime(pattern);
    if (format === undefined) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `ToDateTime: unsupported pattern '${pattern}'`);
    return `strftime(${zonedTimestamp(call.args[0]!, zoneArg(call, 2))}, '${format.replace(/'/g, "''")}')`;
  },
  fromdatetime: (call) => {
    arity(call, 2, 3);
    const pattern = stringLiteral(call, 1, 'pattern');
    const format = javaPatternToStrftime(pattern);
    if (format === undefined) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `FromDateTime: unsupported pattern '${pattern}'`);
    const zone = zoneArg(call, 2);
    const local = `strptime(${call.args[0]}, '${format.replace(/'/g, "''")}')`;
    return zone ? `epoch_ms(timezone('${zone}', ${local}))` : `epoch_ms(${local})`;
  },
  regexplike: (call) => {
    arity(call, 2, 3);
    return `regexp_matches(${call.args.join(', ')})`;
  },
  jsonextractscalar: (call) => {
    arity(call, 3, 4);
    const typeName = stringLiteral(call, 2, 'result type').toUpperCase();
    const duck = duckTypeForPinotName(typeName);
    if (!duck) throw new PinotSqlError(PinotErrorCode.SQL_PARSING, `JSONEXTRACTSCALAR: unsupported type ${typeName}`);
    const value = `TRY_CAST(json_extract_string(${call.args[0]}, ${call.args[1]}) AS ${duck})`;
    return call.args[3] === undefined ? value : `COALESCE(${value}, CAST(${call.args[3]} AS ${duck}))`;
  },
};

const EPOCH_UNITS: Record<string, number> = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
for (const [unit, ms] of Object.entries(EPOCH_UNITS)) {
  REWRITES[`toepoch${unit}`] = toEpoch(ms, '');
  REWRITES[`toepoch${unit}rounded`] = toEpoch(ms, 'rounded');
  REWRITES[`toepoch${unit}bucket`] = toEpoch(ms, 'bucket');
  REWRITES[`fromepoch${unit}`] = fromEpoch(ms, false);
  REWRITES[`fromepoch${unit}bucket`] = fromEpoch(ms, true);
}

/** The rewrite for a canonical function name, including the legacy PERCENTILE95(col) spellings. */
export function rewriteFor(canonical: string): Rewrite | undefined {
  const direct = REWRITES[canonical];
  if (direct) return direct;
  const legacy = /^(percentile|percentileest|percentiletdigest)(\d+)$/.exec(canonical);
  if (legacy) return percentile(legacy[1] === 'percentile' ? 'exact' : legacy[1] === 'percentileest' ? 'est' : 'tdigest', Number(legacy[2]));
  return undefined;
}

export function isAggregate(canonical: string): boolean {
  return AGGREGATE_FUNCTIONS.has(canonical) || /^(percentile|percentileest|percentiletdigest)\d+$/.test(canonical);
}
