/**
 * Pinot's schema and table-config documents (the subset the embedded controller understands), their validation, and
 * how each Pinot data type is stored in DuckDB. Unknown properties are kept and echoed back, as Pinot does.
 */
import { decoderProblem } from './record-decoder';

export type PinotDataType =
  | 'INT' | 'LONG' | 'FLOAT' | 'DOUBLE' | 'BIG_DECIMAL' | 'BOOLEAN' | 'TIMESTAMP' | 'STRING' | 'JSON' | 'BYTES';

export const PINOT_DATA_TYPES: readonly PinotDataType[] = [
  'INT', 'LONG', 'FLOAT', 'DOUBLE', 'BIG_DECIMAL', 'BOOLEAN', 'TIMESTAMP', 'STRING', 'JSON', 'BYTES',
];

export type FieldRole = 'dimension' | 'metric' | 'dateTime';

export interface FieldSpec {
  name: string;
  dataType: PinotDataType;
  singleValueField?: boolean;
  defaultNullValue?: unknown;
  /** dateTime fields only: '1:MILLISECONDS:EPOCH', 'EPOCH|SECONDS|1', '1:MILLISECONDS:TIMESTAMP', 'TIMESTAMP', … */
  format?: string;
  granularity?: string;
  [extra: string]: unknown;
}

export interface PinotSchema {
  schemaName: string;
  dimensionFieldSpecs?: FieldSpec[];
  metricFieldSpecs?: FieldSpec[];
  dateTimeFieldSpecs?: FieldSpec[];
  primaryKeyColumns?: string[];
  [extra: string]: unknown;
}

export interface TableConfig {
  tableName: string;
  tableType: 'REALTIME' | 'OFFLINE';
  segmentsConfig?: {
    timeColumnName?: string;
    schemaName?: string;
    retentionTimeUnit?: string;
    retentionTimeValue?: string | number;
    [extra: string]: unknown;
  };
  tableIndexConfig?: { streamConfigs?: Record<string, string>; [extra: string]: unknown };
  ingestionConfig?: { streamIngestionConfig?: { streamConfigMaps?: Array<Record<string, string>> }; [extra: string]: unknown };
  upsertConfig?: { mode?: string; [extra: string]: unknown };
  [extra: string]: unknown;
}

export interface ColumnSpec extends FieldSpec {
  role: FieldRole;
}

export class InvalidDocumentError extends Error {}

export function validateSchema(body: unknown): PinotSchema {
  if (!isObject(body)) throw new InvalidDocumentError('schema must be a JSON object');
  const schema = body as PinotSchema;
  if (typeof schema.schemaName !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema.schemaName)) {
    throw new InvalidDocumentError('schemaName must be a name of letters, digits and underscores');
  }
  const seen = new Set<string>();
  for (const spec of columnsOf(schema)) {
    if (typeof spec.name !== 'string' || spec.name.length === 0) throw new InvalidDocumentError('every field spec needs a name');
    if (seen.has(spec.name)) throw new InvalidDocumentError(`duplicate column ${spec.name}`);
    seen.add(spec.name);
    if (!PINOT_DATA_TYPES.includes(spec.dataType)) {
      throw new InvalidDocumentError(`column ${spec.name} has unsupported dataType ${String(spec.dataType)}`);
    }
    if (spec.role === 'dateTime' && typeof spec.format !== 'string') {
      throw new InvalidDocumentError(`dateTime column ${spec.name} needs a format`);
    }
  }
  for (const key of schema.primaryKeyColumns ?? []) {
    if (!seen.has(key)) throw new InvalidDocumentError(`primary key column ${key} is not in the schema`);
  }
  return schema;
}

export function validateTableConfig(body: unknown): TableConfig {
  if (!isObject(body)) throw new InvalidDocumentError('table config must be a JSON object');
  const config = body as TableConfig;
  if (typeof config.tableName !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(rawTableName(config.tableName))) {
    throw new InvalidDocumentError('tableName must be a name of letters, digits and underscores');
  }
  if (config.tableType !== 'REALTIME' && config.tableType !== 'OFFLINE') {
    throw new InvalidDocumentError('tableType must be REALTIME or OFFLINE');
  }
  if (config.tableType === 'REALTIME') {
    const stream = streamConfigsOf(config);
    if (!stream) throw new InvalidDocumentError('a REALTIME table needs streamConfigs');
    if (stream.streamType !== 'kafka') throw new InvalidDocumentError('only streamType kafka is supported');
    if (!stream['stream.kafka.topic.name']) throw new InvalidDocumentError('streamConfigs need stream.kafka.topic.name');
    const problem = decoderProblem(stream);
    if (problem) throw new InvalidDocumentError(problem);
  }
  return config;
}

/** streamConfigs live in tableIndexConfig (classic) or ingestionConfig.streamIngestionConfig (newer configs). */
export function streamConfigsOf(config: TableConfig): Record<string, string> | undefined {
  return config.tableIndexConfig?.streamConfigs ?? config.ingestionConfig?.streamIngestionConfig?.streamConfigMaps?.[0];
}

export function columnsOf(schema: PinotSchema): ColumnSpec[] {
  return [
    ...(schema.dimensionFieldSpecs ?? []).map((spec) => ({ ...spec, role: 'dimension' as const })),
    ...(schema.metricFieldSpecs ?? []).map((spec) => ({ ...spec, role: 'metric' as const })),
    ...(schema.dateTimeFieldSpecs ?? []).map((spec) => ({ ...spec, role: 'dateTime' as const })),
  ];
}

/** `stock_transactions_REALTIME` → `stock_transactions`. */
export function rawTableName(name: string): string {
  return name.replace(/_(REALTIME|OFFLINE)$/, '');
}

export function typedTableName(config: Pick<TableConfig, 'tableName' | 'tableType'>): string {
  return `${rawTableName(config.tableName)}_${config.tableType}`;
}

export function duckTypeOf(spec: FieldSpec): string {
  if (spec.singleValueField === false) return 'VARCHAR'; // multi-value columns are kept as their JSON text
  switch (spec.dataType) {
    case 'INT': return 'INTEGER';
    case 'LONG': return 'BIGINT';
    case 'FLOAT': return 'REAL';
    case 'DOUBLE': return 'DOUBLE';
    case 'BIG_DECIMAL': return 'DECIMAL(38,9)';
    case 'BOOLEAN': return 'BOOLEAN';
    case 'TIMESTAMP': return 'BIGINT'; // epoch millis, as Pinot stores it; rendered as text on the way out
    case 'BYTES': return 'BLOB';
    default: return 'VARCHAR';
  }
}

/** Pinot's default null values, used when a record lacks a field and null handling is off for the query. */
export function defaultNullValue(spec: ColumnSpec): unknown {
  if (spec.defaultNullValue !== undefined) return spec.defaultNullValue;
  const metric = spec.role === 'metric';
  switch (spec.dataType) {
    case 'INT': return metric ? 0 : -2147483648;
    case 'LONG': return metric ? 0n : -9223372036854775808n;
    case 'FLOAT':
    case 'DOUBLE': return metric ? 0 : Number.NEGATIVE_INFINITY;
    case 'BIG_DECIMAL': return '0';
    case 'BOOLEAN': return false;
    case 'TIMESTAMP': return 0n;
    case 'BYTES': return '';
    case 'JSON': return 'null';
    default: return 'null';
  }
}

/**
 * How many milliseconds one unit of a dateTime column is worth, or undefined for text formats (retention skips those).
 * Accepts the old `1:MILLISECONDS:EPOCH` and the new `EPOCH|MILLISECONDS|1` / `TIMESTAMP` spellings.
 */
export function epochUnitMs(spec: FieldSpec): number | undefined {
  if (spec.dataType === 'TIMESTAMP') return 1;
  const format = spec.format ?? '';
  const unitMs: Record<string, number> = { MILLISECONDS: 1, SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };
  const old = /^(\d+):([A-Z]+):(EPOCH|TIMESTAMP)$/.exec(format);
  if (old) return (unitMs[old[2]!] ?? NaN) * Number(old[1]) || undefined;
  const modern = /^EPOCH\|([A-Z]+)(?:\|(\d+))?$/.exec(format);
  if (modern) return (unitMs[modern[1]!] ?? NaN) * Number(modern[2] ?? 1) || undefined;
  if (format === 'TIMESTAMP') return 1;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
