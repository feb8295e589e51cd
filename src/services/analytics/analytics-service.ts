/**
 * The analytics plane: typed aggregates over Pinot. Every query is compiled from the query model after checking it
 * against the table's schema, answered through a short-lived cache that coalesces identical requests, and returned
 * with exact types and Pinot's statistics (partial results, trimmed groups and freshness are reported, not hidden).
 */
import type { PinotQueryResult } from '../../adapters/pinot';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { compileAggregate, type CompileLimits, type CompiledQuery } from './compile-aggregate';
import { LiveAggregates } from './live-aggregates';
import type { PinotPort } from './pinot-port';
import type { AggregateQuery, AggregateResult, AggregateStats, ValueType } from './query-model';
import { ResultCache } from './result-cache';
import { typeResult } from './result-typing';
import {
  clickstreamTrafficQuery, stockLeaderboardQuery, stockVolumeQuery, topUrlsQuery, TRAFFIC_COLUMNS,
  type ClickstreamTrafficArgs, type StockLeaderboardArgs, type StockVolumeArgs, type TopUrlsArgs,
} from './seed-datasets';
import { TableCatalog, type TableColumn } from './table-catalog';

export interface AnalyticsServiceOptions {
  pinot: PinotPort;
  logger: Logger;
  limits: CompileLimits;
  /** Result cache lifetime; 0 disables caching and coalescing. */
  cacheTtlMs: number;
  cacheMaxEntries: number;
  /** How long table schemas are trusted before the controller is asked again. */
  schemaCacheMs: number;
  /** Live aggregates re-run each distinct query this often. */
  liveIntervalMs: number;
  now?: () => number;
}

export interface AnalyticsColumnInfo {
  name: string;
  type: ValueType;
  singleValue: boolean;
  format?: string;
}

export interface AnalyticsTable {
  name: string;
  timeColumn: string | null;
  dimensions: AnalyticsColumnInfo[];
  metrics: AnalyticsColumnInfo[];
  timeColumns: AnalyticsColumnInfo[];
  /** Pinot's reported size; null when the controller could not say. */
  sizeBytes: number | null;
}

export interface Typed<R> {
  rows: R[];
  stats: AggregateStats;
  sql: string;
}

export interface LeaderboardRow {
  symbol: string | null;
  totalShares: number | null;
}

export interface VolumeRow {
  bucket: string | null;
  totalShares: number | null;
  trades: string | null;
}

export interface TrafficRow {
  bucket: string | null;
  /** The group-by dimension's value; null when not grouped (or the value is null). */
  key: string | null;
  views: string | null;
  uniqueUsers: string | null;
}

export interface TopUrlRow {
  url: string | null;
  urlCategory: string | null;
  views: string | null;
  uniqueUsers: string | null;
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;

export function createAnalyticsService(options: AnalyticsServiceOptions) {
  const now = options.now ?? Date.now;
  const catalog = new TableCatalog(options.pinot, options.schemaCacheMs, now);
  const cache = new ResultCache<PinotQueryResult>(options.cacheTtlMs, options.cacheMaxEntries, now);
  const live = new LiveAggregates<AggregateResult>({ intervalMs: options.liveIntervalMs, logger: options.logger });

  async function compile(query: AggregateQuery): Promise<CompiledQuery> {
    if (typeof query.table !== 'string' || query.table.length === 0) throw new AppError('BAD_USER_INPUT', 'table is required', { details: { field: 'table' } });
    return compileAggregate(query, await catalog.table(query.table), options.limits);
  }

  function shape(compiled: CompiledQuery, result: PinotQueryResult, fetchedAt: number, cached: boolean): AggregateResult {
    const { columns, rows } = typeResult(compiled, result);
    const freshAsOf = result.stats.freshAsOfMs;
    return {
      sql: compiled.sql,
      columns,
      rows,
      stats: {
        docsScanned: result.stats.docsScanned,
        totalDocs: result.stats.totalDocs,
        timeUsedMs: result.stats.timeUsedMs,
        partial: result.stats.partial,
        groupsLimitReached: result.stats.groupsLimitReached,
        // A cache hit keeps Pinot's as-of instant, so its freshness grows with the entry's age.
        freshnessMs: freshAsOf === undefined ? null : Math.max(0, now() - Math.min(freshAsOf, fetchedAt)),
        freshAsOf: freshAsOf === undefined ? null : new Date(freshAsOf),
        cached,
      },
    };
  }

  async function aggregate(query: AggregateQuery): Promise<AggregateResult> {
    const compiled = await compile(query);
    const hit = await cache.get(compiled.sql, () => options.pinot.query(compiled.sql));
    return shape(compiled, hit.value, hit.fetchedAt, hit.cached);
  }

  async function liveAggregate(query: AggregateQuery): Promise<AsyncIterableIterator<AggregateResult>> {
    const compiled = await compile(query); // bad input fails the subscribe call itself, before any polling
    return live.subscribe(
      compiled.sql,
      async () => shape(compiled, await options.pinot.query(compiled.sql), now(), false),
      (result) => JSON.stringify(result.rows),
    );
  }

  async function typed<R>(query: AggregateQuery, toRow: (get: (name: string) => unknown) => R): Promise<Typed<R>> {
    return project(await aggregate(query), toRow);
  }

  async function liveTyped<R>(query: AggregateQuery, toRow: (get: (name: string) => unknown) => R): Promise<AsyncIterableIterator<Typed<R>>> {
    return mapIterator(await liveAggregate(query), (result) => project(result, toRow));
  }

  const leaderboardRow = (get: (name: string) => unknown): LeaderboardRow => ({ symbol: get('symbol') as string | null, totalShares: get('total_shares') as number | null });
  const volumeRow = (get: (name: string) => unknown): VolumeRow => ({ bucket: get('bucket') as string | null, totalShares: get('total_shares') as number | null, trades: get('trades') as string | null });
  const trafficRow = (dimension: string | undefined) => (get: (name: string) => unknown): TrafficRow => ({
    bucket: get('bucket') as string | null,
    key: dimension ? (get(dimension) as string | null) : null,
    views: get('views') as string | null,
    uniqueUsers: get('unique_users') as string | null,
  });
  const topUrlRow = (get: (name: string) => unknown): TopUrlRow => ({
    url: get('url') as string | null,
    urlCategory: get('url_category') as string | null,
    views: get('views') as string | null,
    uniqueUsers: get('unique_users') as string | null,
  });
  const trafficDimension = (args: ClickstreamTrafficArgs) => (args.groupBy ? TRAFFIC_COLUMNS[args.groupBy] : undefined);

  return {
    async listTables(): Promise<AnalyticsTable[]> {
      const names = await catalog.tableNames();
      return Promise.all(
        names.map(async (name) => {
          const [info, size] = await Promise.all([catalog.table(name), options.pinot.tableSize(name).catch(() => undefined)]);
          const pick = (kind: TableColumn['kind']) =>
            [...info.columns.values()].filter((c) => c.kind === kind).map((c) => ({ name: c.name, type: c.type, singleValue: c.singleValue, format: c.format }));
          return {
            name,
            timeColumn: info.timeColumn?.name ?? null,
            dimensions: pick('DIMENSION'),
            metrics: pick('METRIC'),
            timeColumns: pick('TIME'),
            sizeBytes: size && Number.isFinite(size.reportedSizeInBytes) && size.reportedSizeInBytes >= 0 ? size.reportedSizeInBytes : null,
          };
        }),
      );
    },
    aggregate,
    liveAggregate,
    stockLeaderboard: (args: StockLeaderboardArgs) => typed(stockLeaderboardQuery(args), leaderboardRow),
    liveStockLeaderboard: (args: StockLeaderboardArgs) => liveTyped(stockLeaderboardQuery(args), leaderboardRow),
    stockVolume: (args: StockVolumeArgs) => typed(stockVolumeQuery(args), volumeRow),
    liveStockVolume: (args: StockVolumeArgs) => liveTyped(stockVolumeQuery(args), volumeRow),
    clickstreamTraffic: (args: ClickstreamTrafficArgs) => typed(clickstreamTrafficQuery(args), trafficRow(trafficDimension(args))),
    liveClickstreamTraffic: (args: ClickstreamTrafficArgs) => liveTyped(clickstreamTrafficQuery(args), trafficRow(trafficDimension(args))),
    topUrls: (args: TopUrlsArgs) => typed(topUrlsQuery(args), topUrlRow),
    liveTopUrls: (args: TopUrlsArgs) => liveTyped(topUrlsQuery(args), topUrlRow),
    /** Distinct live queries being polled (for metrics and tests). */
    get liveQueries(): number {
      return live.activeQueries;
    },
    stop(): void {
      live.stop();
    },
  };
}

function project<R>(result: AggregateResult, toRow: (get: (name: string) => unknown) => R): Typed<R> {
  const index = new Map(result.columns.map((column, i) => [column.name, i]));
  const rows = result.rows.map((row) => toRow((name) => {
    const at = index.get(name);
    return at === undefined ? null : row[at];
  }));
  return { rows, stats: result.stats, sql: result.sql };
}

function mapIterator<T, R>(source: AsyncIterableIterator<T>, map: (value: T) => R): AsyncIterableIterator<R> {
  const iterator: AsyncIterableIterator<R> = {
    async next() {
      const result = await source.next();
      return result.done ? { value: undefined, done: true } : { value: map(result.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
