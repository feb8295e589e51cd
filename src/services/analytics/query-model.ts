/**
 * The analytics query model: what a caller may ask of a Pinot table, independent of GraphQL. The compiler turns it
 * into Pinot SQL after checking every name against the table's schema.
 */
export const MEASURE_FUNCTIONS = [
  'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'DISTINCTCOUNT', 'DISTINCTCOUNTHLL', 'PERCENTILETDIGEST', 'LASTWITHTIME',
] as const;
export type MeasureFunction = (typeof MEASURE_FUNCTIONS)[number];

export const BUCKET_UNITS = ['SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type BucketUnit = (typeof BUCKET_UNITS)[number];

export type SortDirection = 'ASC' | 'DESC';

/** A filter value as it arrives from the caller; converted to a literal of the column's type. */
export type FilterValue = string | number | boolean | bigint;

export interface MeasureSpec {
  fn: MeasureFunction;
  /** Required except for COUNT (COUNT(*)). */
  column?: string;
  /** Result column name; default `<fn>_<column>` in lower case, or `count`. */
  alias?: string;
  /** PERCENTILETDIGEST only: 0–100. */
  percentile?: number;
}

export interface RangeSpec {
  gt?: FilterValue;
  gte?: FilterValue;
  lt?: FilterValue;
  lte?: FilterValue;
}

/**
 * One node of a filter tree: exactly one of `and`, `or`, `not`, or a column predicate. A predicate may combine
 * several operators on its column; they are ANDed.
 */
export interface FilterSpec {
  and?: FilterSpec[];
  or?: FilterSpec[];
  not?: FilterSpec;
  column?: string;
  eq?: FilterValue;
  neq?: FilterValue;
  in?: FilterValue[];
  notIn?: FilterValue[];
  range?: RangeSpec;
  /** Case-insensitive substring match (LOWER(col) LIKE LOWER('%…%')); string columns only. */
  contains?: string;
  /** true: IS NULL; false: IS NOT NULL. */
  isNull?: boolean;
}

/** A half-open time window [from, to) on the table's time column, or a sliding one (`last`, ISO-8601 like PT1H). */
export interface TimeRangeSpec {
  from?: Date;
  to?: Date;
  last?: string;
}

export interface BucketSpec {
  unit: BucketUnit;
  /** IANA zone for day/week/month boundaries; default UTC. */
  timeZone?: string;
}

export interface OrderSpec {
  /** A measure alias, a group-by column, or `bucket`. */
  field: string;
  direction?: SortDirection;
}

export interface AggregateQuery {
  table: string;
  measures: MeasureSpec[];
  groupBy?: string[];
  where?: FilterSpec;
  timeRange?: TimeRangeSpec;
  bucket?: BucketSpec;
  orderBy?: OrderSpec[];
  limit?: number;
  offset?: number;
}

export type ColumnRole = 'DIMENSION' | 'MEASURE' | 'BUCKET';

/** Value types of result columns (Pinot's, plus TIMESTAMP for buckets rendered as ISO-8601). */
export type ValueType = 'INT' | 'LONG' | 'FLOAT' | 'DOUBLE' | 'BIG_DECIMAL' | 'BOOLEAN' | 'TIMESTAMP' | 'STRING' | 'JSON' | 'BYTES';

export interface ResultColumn {
  name: string;
  role: ColumnRole;
  type: ValueType;
}

export interface AggregateStats {
  docsScanned: number;
  totalDocs: number;
  timeUsedMs: number;
  /** Some Pinot servers did not answer: rows may be missing. */
  partial: boolean;
  /** Pinot trimmed groups (numGroupsLimitReached): group-by results may be incomplete. */
  groupsLimitReached: boolean;
  /** How far behind real time the data is (now − Pinot's minConsumingFreshnessTimeMs); null when Pinot gives none. */
  freshnessMs: number | null;
  /** The instant up to which the data is complete; null when Pinot gives none. */
  freshAsOf: Date | null;
  /** Served from the short-lived result cache. */
  cached: boolean;
}

/**
 * Rows hold exact values: INT/FLOAT/DOUBLE as numbers, LONG as decimal strings (exact beyond 2^53), BIG_DECIMAL as
 * strings, TIMESTAMP as ISO-8601 strings, booleans, and null for SQL NULL and Pinot's null sentinels.
 */
export interface AggregateResult {
  sql: string;
  columns: ResultColumn[];
  rows: unknown[][];
  stats: AggregateStats;
}
