import { Arg, Ctx, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { AggregateResult as ServiceAggregateResult, Typed } from '../../src/services/analytics';
import type { Context } from '../common/context.type';
import { DateTimeScalar } from '../common/scalars';
import {
  AggregateOrderInput, AnalyticsFilterInput, ClickstreamFilterInput, MeasureInput, TimeBucketInput, TimeRangeInput, TrafficDimension,
} from './analytics.input';
import { type AggregateArgs, toAggregateQuery, toAggregateResult, toBucket, toClickstreamFilter, toStats, toTimeRange, withDates } from './analytics-mapping';
import { AggregateResult, AnalyticsTable, ClickstreamTraffic, StockLeaderboard, StockVolume, TopUrls } from './analytics.type';

type Sub<T> = { args: T; context: Context };

interface LeaderboardArgs { since?: Date | null; until?: Date | null; last?: string | null; limit?: number | null }
interface VolumeArgs { symbol: string; bucket: TimeBucketInput; timeRange?: TimeRangeInput | null; limit?: number | null }
interface TrafficArgs { bucket: TimeBucketInput; groupBy?: TrafficDimension | null; where?: ClickstreamFilterInput | null; timeRange?: TimeRangeInput | null; limit?: number | null }
interface TopUrlsArgs { timeRange?: TimeRangeInput | null; where?: ClickstreamFilterInput | null; limit?: number | null }

const leaderboardArgs = (args: LeaderboardArgs) => ({
  timeRange: toTimeRange({ from: args.since, to: args.until, last: args.last }),
  limit: args.limit ?? undefined,
});
const volumeArgs = (args: VolumeArgs) => ({ symbol: args.symbol, bucket: toBucket(args.bucket)!, timeRange: toTimeRange(args.timeRange), limit: args.limit ?? undefined });
const trafficArgs = (args: TrafficArgs) => ({
  bucket: toBucket(args.bucket)!,
  groupBy: args.groupBy ?? undefined,
  where: toClickstreamFilter(args.where),
  timeRange: toTimeRange(args.timeRange),
  limit: args.limit ?? undefined,
});
const topUrlsArgs = (args: TopUrlsArgs) => ({ timeRange: toTimeRange(args.timeRange), where: toClickstreamFilter(args.where), limit: args.limit ?? undefined });

const LIMIT_HELP = 'Rows to return: default ANALYTICS_DEFAULT_LIMIT (100), at most ANALYTICS_MAX_LIMIT (1000).';
const LIVE_HELP = 'Re-run every ANALYTICS_LIVE_INTERVAL_MS and pushed only when the rows change; identical subscriptions share one Pinot query.';

@Resolver()
export class AnalyticsResolver {
  @Query(() => [AnalyticsTable], { description: 'Pinot tables with their dimensions, metrics, time columns and size.' })
  async analyticsTables(@Ctx() ctx: Context): Promise<AnalyticsTable[]> {
    return (await ctx.services.analytics.listTables()) as AnalyticsTable[];
  }

  @Query(() => AggregateResult, {
    description: 'Any aggregate over a Pinot table. Names are checked against the table schema, values become escaped literals, and the limit is always explicit.',
  })
  async aggregate(
    @Arg('table', () => String) table: string,
    @Arg('measures', () => [MeasureInput]) measures: MeasureInput[],
    @Arg('groupBy', () => [String], { nullable: true }) groupBy: string[] | null,
    @Arg('where', () => AnalyticsFilterInput, { nullable: true }) where: AnalyticsFilterInput | null,
    @Arg('timeRange', () => TimeRangeInput, { nullable: true }) timeRange: TimeRangeInput | null,
    @Arg('bucket', () => TimeBucketInput, { nullable: true }) bucket: TimeBucketInput | null,
    @Arg('orderBy', () => [AggregateOrderInput], { nullable: true, description: 'Default: bucket ascending, then the first measure descending.' }) orderBy: AggregateOrderInput[] | null,
    @Arg('limit', () => Int, { nullable: true, description: LIMIT_HELP }) limit: number | null,
    @Arg('offset', () => Int, { nullable: true }) offset: number | null,
    @Ctx() ctx: Context,
  ): Promise<AggregateResult> {
    const query = toAggregateQuery({ table, measures, groupBy, where, timeRange, bucket, orderBy, limit, offset });
    return toAggregateResult(await ctx.services.analytics.aggregate(query));
  }

  @Query(() => StockLeaderboard, { description: "The seeds' canonical query: SUM(shares) by symbol, top first." })
  async stockLeaderboard(
    @Arg('since', () => DateTimeScalar, { nullable: true }) since: Date | null,
    @Arg('until', () => DateTimeScalar, { nullable: true }) until: Date | null,
    @Arg('last', () => String, { nullable: true, description: 'A sliding window instead of since: ISO-8601 duration such as PT1H.' }) last: string | null,
    @Arg('limit', () => Int, { nullable: true, description: 'Default 10.' }) limit: number | null,
    @Ctx() ctx: Context,
  ): Promise<StockLeaderboard> {
    return withStats(await ctx.services.analytics.stockLeaderboard(leaderboardArgs({ since, until, last, limit })));
  }

  @Query(() => StockVolume, { description: 'Shares and trades of one symbol per time bucket.' })
  async stockVolume(
    @Arg('symbol', () => String) symbol: string,
    @Arg('bucket', () => TimeBucketInput) bucket: TimeBucketInput,
    @Arg('timeRange', () => TimeRangeInput, { nullable: true }) timeRange: TimeRangeInput | null,
    @Arg('limit', () => Int, { nullable: true, description: LIMIT_HELP }) limit: number | null,
    @Ctx() ctx: Context,
  ): Promise<StockVolume> {
    return withDates(await ctx.services.analytics.stockVolume(volumeArgs({ symbol, bucket, timeRange, limit })));
  }

  @Query(() => ClickstreamTraffic, { description: 'Views and unique users of the enriched clickstream per time bucket, optionally split by one dimension.' })
  async clickstreamTraffic(
    @Arg('bucket', () => TimeBucketInput) bucket: TimeBucketInput,
    @Arg('groupBy', () => TrafficDimension, { nullable: true }) groupBy: TrafficDimension | null,
    @Arg('where', () => ClickstreamFilterInput, { nullable: true }) where: ClickstreamFilterInput | null,
    @Arg('timeRange', () => TimeRangeInput, { nullable: true }) timeRange: TimeRangeInput | null,
    @Arg('limit', () => Int, { nullable: true, description: LIMIT_HELP }) limit: number | null,
    @Ctx() ctx: Context,
  ): Promise<ClickstreamTraffic> {
    return withDates(await ctx.services.analytics.clickstreamTraffic(trafficArgs({ bucket, groupBy, where, timeRange, limit })));
  }

  @Query(() => TopUrls, { description: 'The most viewed URLs with their category and unique users.' })
  async topUrls(
    @Arg('timeRange', () => TimeRangeInput, { nullable: true }) timeRange: TimeRangeInput | null,
    @Arg('where', () => ClickstreamFilterInput, { nullable: true }) where: ClickstreamFilterInput | null,
    @Arg('limit', () => Int, { nullable: true, description: 'Default 10.' }) limit: number | null,
    @Ctx() ctx: Context,
  ): Promise<TopUrls> {
    return withStats(await ctx.services.analytics.topUrls(topUrlsArgs({ timeRange, where, limit })));
  }

  @Subscription(() => AggregateResult, {
    description: `A live aggregate. ${LIVE_HELP}`,
    subscribe: ({ args, context }: Sub<AggregateArgs>) => context.services.analytics.liveAggregate(toAggregateQuery(args)),
  })
  liveAggregate(
    @Root() result: ServiceAggregateResult,
    @Arg('table', () => String) _table: string,
    @Arg('measures', () => [MeasureInput]) _measures: MeasureInput[],
    @Arg('groupBy', () => [String], { nullable: true }) _groupBy: string[] | null,
    @Arg('where', () => AnalyticsFilterInput, { nullable: true }) _where: AnalyticsFilterInput | null,
    @Arg('timeRange', () => TimeRangeInput, { nullable: true }) _timeRange: TimeRangeInput | null,
    @Arg('bucket', () => TimeBucketInput, { nullable: true }) _bucket: TimeBucketInput | null,
    @Arg('orderBy', () => [AggregateOrderInput], { nullable: true }) _orderBy: AggregateOrderInput[] | null,
    @Arg('limit', () => Int, { nullable: true }) _limit: number | null,
    @Arg('offset', () => Int, { nullable: true }) _offset: number | null,
  ): AggregateResult {
    return toAggregateResult(result);
  }

  @Subscription(() => StockLeaderboard, {
    description: `The stock leaderboard, live. ${LIVE_HELP}`,
    subscribe: ({ args, context }: Sub<LeaderboardArgs>) => context.services.analytics.liveStockLeaderboard(leaderboardArgs(args)),
  })
  liveStockLeaderboard(
    @Root() result: Typed<{ symbol: string | null; totalShares: number | null }>,
    @Arg('since', () => DateTimeScalar, { nullable: true }) _since: Date | null,
    @Arg('until', () => DateTimeScalar, { nullable: true }) _until: Date | null,
    @Arg('last', () => String, { nullable: true }) _last: string | null,
    @Arg('limit', () => Int, { nullable: true }) _limit: number | null,
  ): StockLeaderboard {
    return withStats(result);
  }

  @Subscription(() => StockVolume, {
    description: `Stock volume per bucket, live. ${LIVE_HELP}`,
    subscribe: ({ args, context }: Sub<VolumeArgs>) => context.services.analytics.liveStockVolume(volumeArgs(args)),
  })
  liveStockVolume(
    @Root() result: Typed<{ bucket: string | null; totalShares: number | null; trades: string | null }>,
    @Arg('symbol', () => String) _symbol: string,
    @Arg('bucket', () => TimeBucketInput) _bucket: TimeBucketInput,
    @Arg('timeRange', () => TimeRangeInput, { nullable: true }) _timeRange: TimeRangeInput | null,
    @Arg('limit', () => Int, { nullable: true }) _limit: number | null,
  ): StockVolume {
    return withDates(result);
  }

  @Subscription(() => ClickstreamTraffic, {
    description: `Clickstream traffic, live. ${LIVE_HELP}`,
    subscribe: ({ args, context }: Sub<TrafficArgs>) => context.services.analytics.liveClickstreamTraffic(trafficArgs(args)),
  })
  liveClickstreamTraffic(
    @Root() result: Typed<{ bucket: string | null; key: string | null; views: string | null; uniqueUsers: string | null }>,
    @Arg('bucket', () => TimeBucketInput) _bucket: TimeBucketInput,
    @Arg('groupBy', () => TrafficDimension, { nullable: true }) _groupBy: TrafficDimension | null,
    @Arg('where', () => ClickstreamFilterInput, { nullable: true }) _where: ClickstreamFilterInput | null,
    @Arg('timeRange', () => TimeRangeInput, { nullable: true }) _timeRange: TimeRangeInput | null,
    @Arg('limit', () => Int, { nullable: true }) _limit: number | null,
  ): ClickstreamTraffic {
    return withDates(result);
  }

  @Subscription(() => TopUrls, {
    description: `Top URLs, live. ${LIVE_HELP}`,
    subscribe: ({ args, context }: Sub<TopUrlsArgs>) => context.services.analytics.liveTopUrls(topUrlsArgs(args)),
  })
  liveTopUrls(
    @Root() result: Typed<{ url: string | null; urlCategory: string | null; views: string | null; uniqueUsers: string | null }>,
    @Arg('timeRange', () => TimeRangeInput, { nullable: true }) _timeRange: TimeRangeInput | null,
    @Arg('where', () => ClickstreamFilterInput, { nullable: true }) _where: ClickstreamFilterInput | null,
    @Arg('limit', () => Int, { nullable: true }) _limit: number | null,
  ): TopUrls {
    return withStats(result);
  }
}

function withStats<R>(typed: Typed<R>) {
  return { ...typed, stats: toStats(typed.stats) };
}
