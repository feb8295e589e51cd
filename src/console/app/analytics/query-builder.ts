/** The query builder's choices turned into one `aggregate` operation and its variables, exactly as it is sent. */

export interface MeasureChoice {
  fn: string;
  column?: string;
}

export interface BuilderChoice {
  table: string;
  measures: MeasureChoice[];
  groupBy: string[];
  /** A TimeBucketUnit, or '' for no time bucket. */
  bucket: string;
  /** ISO-8601 duration for timeRange.last, or '' for all time. */
  last: string;
  limit: number;
}

export const MEASURE_FUNCTIONS = ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'DISTINCTCOUNT', 'DISTINCTCOUNTHLL'] as const;
export const BUCKET_UNITS = ['', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH'] as const;

export const AGGREGATE_OPERATION = `query ConsoleAggregate($table: String!, $measures: [MeasureInput!]!, $groupBy: [String!], $bucket: TimeBucketInput, $timeRange: TimeRangeInput, $limit: Int) {
  aggregate(table: $table, measures: $measures, groupBy: $groupBy, bucket: $bucket, timeRange: $timeRange, limit: $limit) {
    columns { name role type }
    rows
    sql
    stats { docsScanned totalDocs timeUsedMs partial groupsLimitReached freshnessMs cached }
  }
}`;

/** Aliases are the function and column in snake case, so the result columns read well. */
export function buildAggregateVariables(choice: BuilderChoice): Record<string, unknown> {
  const measures = choice.measures.map((measure) => ({
    fn: measure.fn,
    ...(measure.fn !== 'COUNT' && measure.column ? { column: measure.column } : {}),
    alias: measure.fn === 'COUNT' || !measure.column ? measure.fn.toLowerCase() : `${measure.fn.toLowerCase()}_${measure.column.replace(/[^A-Za-z0-9_]/g, '_')}`,
  }));
  return {
    table: choice.table,
    measures,
    ...(choice.groupBy.length > 0 ? { groupBy: choice.groupBy } : {}),
    ...(choice.bucket ? { bucket: { unit: choice.bucket } } : {}),
    ...(choice.last ? { timeRange: { last: choice.last } } : {}),
    limit: choice.limit,
  };
}
