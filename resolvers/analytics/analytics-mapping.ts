/** GraphQL inputs → the analytics query model, and typed service results → GraphQL objects. */
import type {
  AggregateQuery, AggregateResult as ServiceAggregateResult, AggregateStats as ServiceStats, BucketSpec, FilterSpec, MeasureSpec,
  OrderSpec, TimeRangeSpec, Typed,
} from '../../src/services/analytics';
import type { AggregateOrderInput, AnalyticsFilterInput, ClickstreamFilterInput, MeasureInput, TimeBucketInput, TimeRangeInput } from './analytics.input';
import type { AggregateResult, AggregateStats } from './analytics.type';

/** GraphQL gives null for omitted nullable fields; the query model uses undefined. */
function defined<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

export function toMeasure(input: MeasureInput): MeasureSpec {
  return { fn: input.fn, column: defined(input.column), alias: defined(input.alias), percentile: defined(input.percentile) };
}

export function toFilter(input: AnalyticsFilterInput | null | undefined): FilterSpec | undefined {
  if (!input) return undefined;
  const range = input.range ? { gt: defined(input.range.gt), gte: defined(input.range.gte), lt: defined(input.range.lt), lte: defined(input.range.lte) } : undefined;
  return {
    and: input.and?.map((child) => toFilter(child)!),
    or: input.or?.map((child) => toFilter(child)!),
    not: toFilter(input.not),
    column: defined(input.column),
    eq: defined(input.eq) as FilterSpec['eq'],
    neq: defined(input.neq) as FilterSpec['neq'],
    in: defined(input.in) as FilterSpec['in'],
    notIn: defined(input.notIn) as FilterSpec['notIn'],
    range: range as FilterSpec['range'],
    contains: defined(input.contains),
    isNull: defined(input.isNull),
  };
}

export function toTimeRange(input: TimeRangeInput | null | undefined): TimeRangeSpec | undefined {
  if (!input) return undefined;
  return { from: defined(input.from), to: defined(input.to), last: defined(input.last) };
}

export function toBucket(input: TimeBucketInput | null | undefined): BucketSpec | undefined {
  return input ? { unit: input.unit, timeZone: defined(input.timeZone) } : undefined;
}

export function toOrder(input: AggregateOrderInput[] | null | undefined): OrderSpec[] | undefined {
  return input?.map((order) => ({ field: order.field, direction: order.direction }));
}

export function toClickstreamFilter(input: ClickstreamFilterInput | null | undefined) {
  if (!input) return undefined;
  return { urlCategories: defined(input.urlCategories), deviceTypes: defined(input.deviceTypes), urlContains: defined(input.urlContains), userIds: defined(input.userIds) };
}

export interface AggregateArgs {
  table: string;
  measures: MeasureInput[];
  groupBy?: string[] | null;
  where?: AnalyticsFilterInput | null;
  timeRange?: TimeRangeInput | null;
  bucket?: TimeBucketInput | null;
  orderBy?: AggregateOrderInput[] | null;
  limit?: number | null;
  offset?: number | null;
}

export function toAggregateQuery(args: AggregateArgs): AggregateQuery {
  return {
    table: args.table,
    measures: args.measures.map(toMeasure),
    groupBy: defined(args.groupBy),
    where: toFilter(args.where),
    timeRange: toTimeRange(args.timeRange),
    bucket: toBucket(args.bucket),
    orderBy: toOrder(args.orderBy),
    limit: defined(args.limit),
    offset: defined(args.offset),
  };
}

export function toStats(stats: ServiceStats): AggregateStats {
  return { ...stats };
}

export function toAggregateResult(result: ServiceAggregateResult): AggregateResult {
  return { ...result, columns: result.columns.map((column) => ({ ...column, role: column.role as never, type: column.type as never })), stats: toStats(result.stats) };
}

/** Typed rows with ISO bucket strings → Date for the DateTime scalar. */
export function withDates<R extends { bucket: string | null }>(typed: Typed<R>): { rows: Array<Omit<R, 'bucket'> & { bucket: Date | null }>; stats: AggregateStats; sql: string } {
  return { ...typed, stats: toStats(typed.stats), rows: typed.rows.map((row) => ({ ...row, bucket: row.bucket ? new Date(row.bucket) : null })) };
}
