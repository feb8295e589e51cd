/**
 * Pinot's JSON values → exact, typed values. LONG stays exact (decimal strings, also beyond 2^53); Pinot's null
 * sentinels become null: non-finite doubles (MIN/MAX/AVG/percentiles over no rows), LASTWITHTIME's type minimum,
 * and the default null values Pinot stores for missing dimensions (Integer/Long.MIN_VALUE, "null").
 */
import { AppError } from '../../errors/app-error';
import type { PinotQueryResult } from '../../adapters/pinot';
import type { CompiledColumn, CompiledQuery } from './compile-aggregate';
import type { ResultColumn, ValueType } from './query-model';

const INT_MIN = -2_147_483_648;
const LONG_MIN = '-9223372036854775808';
const VALUE_TYPES = new Set<ValueType>(['INT', 'LONG', 'FLOAT', 'DOUBLE', 'BIG_DECIMAL', 'BOOLEAN', 'TIMESTAMP', 'STRING', 'JSON', 'BYTES']);

export function typeResult(compiled: CompiledQuery, result: PinotQueryResult): { columns: ResultColumn[]; rows: unknown[][] } {
  if (result.columns.length !== compiled.columns.length) {
    throw new AppError('UPSTREAM_REJECTED', `Pinot returned ${result.columns.length} columns for a query of ${compiled.columns.length}`, { details: { upstream: 'pinot' } });
  }
  const columns = compiled.columns.map((column, index) => {
    const pinotType = result.columns[index]!.type as ValueType;
    const type: ValueType = column.role === 'BUCKET' ? 'TIMESTAMP' : VALUE_TYPES.has(pinotType) ? pinotType : 'STRING';
    return { name: column.name, role: column.role, type };
  });
  const converters = compiled.columns.map((column, index) => converterFor(column, columns[index]!.type));
  const rows = result.rows.map((row) => converters.map((convert, index) => convert(row[index])));
  return { columns, rows };
}

type Converter = (raw: unknown) => unknown;

function converterFor(column: CompiledColumn, type: ValueType): Converter {
  const dimension = column.role === 'DIMENSION';
  const fn = column.measure?.fn;
  const sentinelMin = dimension || fn === 'LASTWITHTIME';
  if (column.role === 'BUCKET') return (raw) => (raw === null || raw === undefined ? null : epochToIso(raw));
  switch (type) {
    case 'LONG':
      return (raw) => {
        const text = toIntegerText(raw);
        return text === null || (sentinelMin && text === LONG_MIN) ? null : text;
      };
    case 'INT':
      return (raw) => {
        const number = toFiniteNumber(raw);
        return number === null || (sentinelMin && number === INT_MIN) ? null : number;
      };
    case 'FLOAT':
    case 'DOUBLE':
      // JSON has no NaN/Infinity; in Pinot they only ever mean "no value" (empty MIN/MAX/AVG/percentile, default nulls).
      return toFiniteNumber;
    case 'BOOLEAN':
      return (raw) => (raw === null || raw === undefined ? null : raw === true || raw === 'true' || raw === 1);
    case 'TIMESTAMP':
      return (raw) => {
        if (raw === null || raw === undefined || (dimension && (raw === 0 || raw === '1970-01-01 00:00:00.0'))) return null;
        return typeof raw === 'number' || /^-?\d+$/.test(String(raw)) ? epochToIso(raw) : pinotTimestampToIso(String(raw));
      };
    case 'STRING':
      return (raw) => (raw === null || raw === undefined || (dimension && raw === 'null') ? null : String(raw));
    default:
      return (raw) => (raw === null || raw === undefined ? null : typeof raw === 'string' ? raw : String(raw));
  }
}

function toIntegerText(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? Math.trunc(raw).toFixed(0) : null;
  if (typeof raw === 'bigint') return raw.toString();
  const text = String(raw);
  return /^-?\d+$/.test(text) ? text : null;
}

function toFiniteNumber(raw: unknown): number | null {
  if (raw === null || raw === undefined) return null;
  const number = typeof raw === 'number' ? raw : Number(raw);
  return Number.isFinite(number) ? number : null;
}

function epochToIso(raw: unknown): string | null {
  const ms = Number(raw);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** `2024-01-05 10:00:00.0` (java.sql.Timestamp, UTC) → ISO-8601. */
function pinotTimestampToIso(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(text);
  if (!match) return text;
  const millis = (match[3] ?? '.0').slice(1).padEnd(3, '0').slice(0, 3);
  return `${match[1]}T${match[2]}.${millis}Z`;
}
