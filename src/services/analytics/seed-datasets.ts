/**
 * The seed pipeline's Pinot tables and the typed queries over them, expressed in the generic query model so they go
 * through the same compiler, checks, cache and live machinery as `aggregate`.
 */
import type { AggregateQuery, BucketSpec, FilterSpec, TimeRangeSpec } from './query-model';

export const STOCK_TABLE = 'stock_transactions';
export const CLICKSTREAM_TABLE = 'clickstream_enriched';

export type TrafficDimension = 'URL_CATEGORY' | 'DEVICE_TYPE' | 'URL';

export const TRAFFIC_COLUMNS: Record<TrafficDimension, string> = {
  URL_CATEGORY: 'url_category',
  DEVICE_TYPE: 'device_type',
  URL: 'url',
};

export interface StockLeaderboardArgs {
  timeRange?: TimeRangeSpec;
  limit?: number;
}

/** The seeds' canonical query: SUM(shares) by symbol, top first. */
export function stockLeaderboardQuery(args: StockLeaderboardArgs): AggregateQuery {
  return {
    table: STOCK_TABLE,
    measures: [{ fn: 'SUM', column: 'shares', alias: 'total_shares' }],
    groupBy: ['symbol'],
    timeRange: args.timeRange,
    orderBy: [{ field: 'total_shares', direction: 'DESC' }],
    limit: args.limit ?? 10,
  };
}

export interface StockVolumeArgs {
  symbol: string;
  bucket: BucketSpec;
  timeRange?: TimeRangeSpec;
  limit?: number;
}

export function stockVolumeQuery(args: StockVolumeArgs): AggregateQuery {
  return {
    table: STOCK_TABLE,
    measures: [
      { fn: 'SUM', column: 'shares', alias: 'total_shares' },
      { fn: 'COUNT', alias: 'trades' },
    ],
    where: { column: 'symbol', eq: args.symbol },
    timeRange: args.timeRange,
    bucket: args.bucket,
    limit: args.limit,
  };
}

export interface ClickstreamFilter {
  urlCategories?: string[];
  deviceTypes?: string[];
  urlContains?: string;
  userIds?: number[];
}

export interface ClickstreamTrafficArgs {
  bucket: BucketSpec;
  groupBy?: TrafficDimension;
  where?: ClickstreamFilter;
  timeRange?: TimeRangeSpec;
  limit?: number;
}

/** Views and (HyperLogLog-estimated) unique users per time bucket, optionally split by one dimension. */
export function clickstreamTrafficQuery(args: ClickstreamTrafficArgs): AggregateQuery {
  const groupBy = args.groupBy ? [TRAFFIC_COLUMNS[args.groupBy]] : [];
  return {
    table: CLICKSTREAM_TABLE,
    measures: [
      { fn: 'COUNT', alias: 'views' },
      { fn: 'DISTINCTCOUNTHLL', column: 'user_id', alias: 'unique_users' },
    ],
    groupBy,
    where: clickstreamWhere(args.where),
    timeRange: args.timeRange,
    bucket: args.bucket,
    orderBy: [{ field: 'bucket', direction: 'ASC' }, ...(groupBy.length > 0 ? [{ field: 'views', direction: 'DESC' as const }] : [])],
    limit: args.limit,
  };
}

export interface TopUrlsArgs {
  timeRange?: TimeRangeSpec;
  where?: ClickstreamFilter;
  limit?: number;
}

export function topUrlsQuery(args: TopUrlsArgs): AggregateQuery {
  return {
    table: CLICKSTREAM_TABLE,
    measures: [
      { fn: 'COUNT', alias: 'views' },
      { fn: 'DISTINCTCOUNTHLL', column: 'user_id', alias: 'unique_users' },
    ],
    groupBy: ['url', 'url_category'],
    where: clickstreamWhere(args.where),
    timeRange: args.timeRange,
    orderBy: [{ field: 'views', direction: 'DESC' }],
    limit: args.limit ?? 10,
  };
}

function clickstreamWhere(filter: ClickstreamFilter | undefined): FilterSpec | undefined {
  if (!filter) return undefined;
  const parts: FilterSpec[] = [];
  if (filter.urlCategories) parts.push({ column: 'url_category', in: filter.urlCategories });
  if (filter.deviceTypes) parts.push({ column: 'device_type', in: filter.deviceTypes });
  if (filter.urlContains !== undefined) parts.push({ column: 'url', contains: filter.urlContains });
  if (filter.userIds) parts.push({ column: 'user_id', in: filter.userIds });
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { and: parts };
}
