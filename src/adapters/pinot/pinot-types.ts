/** Pinot's documents and responses, as far as pipegraph reads them (controller schema/table/size, broker response). */
export type PinotDataType =
  | 'INT' | 'LONG' | 'FLOAT' | 'DOUBLE' | 'BIG_DECIMAL' | 'BOOLEAN' | 'TIMESTAMP' | 'STRING' | 'JSON' | 'BYTES'
  | 'INT_ARRAY' | 'LONG_ARRAY' | 'FLOAT_ARRAY' | 'DOUBLE_ARRAY' | 'STRING_ARRAY' | 'BOOLEAN_ARRAY' | 'TIMESTAMP_ARRAY'
  | 'BYTES_ARRAY' | 'OBJECT' | 'UNKNOWN';

export interface PinotFieldSpec {
  name: string;
  dataType: string;
  singleValueField?: boolean;
  format?: string;
  granularity?: string;
  defaultNullValue?: unknown;
}

export interface PinotSchema {
  schemaName: string;
  dimensionFieldSpecs?: PinotFieldSpec[];
  metricFieldSpecs?: PinotFieldSpec[];
  dateTimeFieldSpecs?: PinotFieldSpec[];
  primaryKeyColumns?: string[];
  [extra: string]: unknown;
}

export interface PinotTableConfig {
  tableName: string;
  tableType: 'REALTIME' | 'OFFLINE';
  segmentsConfig?: { timeColumnName?: string; schemaName?: string; retentionTimeUnit?: string; retentionTimeValue?: string | number; [extra: string]: unknown };
  [extra: string]: unknown;
}

export interface PinotTableConfigs {
  REALTIME?: PinotTableConfig;
  OFFLINE?: PinotTableConfig;
}

export interface PinotTableSize {
  tableName: string;
  reportedSizeInBytes: number;
  estimatedSizeInBytes: number;
}

export interface PinotColumn {
  name: string;
  type: PinotDataType;
}

/** Broker statistics pipegraph reports with every result. */
export interface PinotQueryStats {
  docsScanned: number;
  totalDocs: number;
  timeUsedMs: number;
  serversQueried: number;
  serversResponded: number;
  /** numServersResponded < numServersQueried: some servers' data is missing from the result. */
  partial: boolean;
  /** Group trimming hit numGroupsLimit: group-by results may be incomplete or approximate. */
  groupsLimitReached: boolean;
  /** minConsumingFreshnessTimeMs: data is complete up to this epoch millis; undefined when Pinot reports none. */
  freshAsOfMs?: number;
}

export interface PinotQueryResult {
  columns: PinotColumn[];
  /**
   * Rows as Pinot sent them: numbers, strings, booleans, null; LONG values beyond 2^53 arrive as decimal strings and
   * non-finite doubles as "NaN"/"Infinity"/"-Infinity" (Pinot's JSON).
   */
  rows: unknown[][];
  stats: PinotQueryStats;
}

export interface PinotQueryOptions {
  /** Broker-side timeout in milliseconds (Pinot's timeoutMs; never seconds). Default: the client's query timeout. */
  timeoutMs?: number;
  /** Further Pinot query options (numGroupsLimit, enableNullHandling, …), sent as `k=v;k=v`. */
  options?: Record<string, string | number | boolean>;
}
