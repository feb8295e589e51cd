import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONScalar, LongScalar } from '../common/scalars';

export enum AnalyticsValueType {
  INT = 'INT',
  LONG = 'LONG',
  FLOAT = 'FLOAT',
  DOUBLE = 'DOUBLE',
  BIG_DECIMAL = 'BIG_DECIMAL',
  BOOLEAN = 'BOOLEAN',
  TIMESTAMP = 'TIMESTAMP',
  STRING = 'STRING',
  JSON = 'JSON',
  BYTES = 'BYTES',
}
registerEnumType(AnalyticsValueType, {
  name: 'AnalyticsValueType',
  description: 'Pinot data types. In aggregate rows LONG and BIG_DECIMAL are decimal strings (exact beyond 2^53), TIMESTAMP is ISO-8601, BYTES hex.',
});

export enum AnalyticsColumnRole {
  DIMENSION = 'DIMENSION',
  MEASURE = 'MEASURE',
  BUCKET = 'BUCKET',
}
registerEnumType(AnalyticsColumnRole, { name: 'AnalyticsColumnRole' });

@ObjectType({ description: 'A column of a Pinot table schema.' })
export class AnalyticsColumn {
  @Field(() => String) name: string;
  @Field(() => AnalyticsValueType) type: AnalyticsValueType;
  @Field(() => Boolean, { description: 'false for multi-value columns.' }) singleValue: boolean;
  @Field(() => String, { nullable: true, description: 'Time columns: Pinot format, e.g. 1:MILLISECONDS:EPOCH.' }) format?: string | null;
}

@ObjectType({ description: 'A Pinot table: what it can be grouped by (dimensions), aggregated (metrics) and filtered or bucketed in time.' })
export class AnalyticsTable {
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true, description: 'The column timeRange and bucket use.' }) timeColumn: string | null;
  @Field(() => [AnalyticsColumn]) dimensions: AnalyticsColumn[];
  @Field(() => [AnalyticsColumn]) metrics: AnalyticsColumn[];
  @Field(() => [AnalyticsColumn]) timeColumns: AnalyticsColumn[];
  @Field(() => LongScalar, { nullable: true, description: 'Size Pinot reports, in bytes; null when unknown.' }) sizeBytes: number | null;
}

@ObjectType({ description: 'Pinot statistics for a result. Partial results and trimmed groups are reported, never hidden.' })
export class AggregateStats {
  @Field(() => LongScalar) docsScanned: number;
  @Field(() => LongScalar) totalDocs: number;
  @Field(() => Int) timeUsedMs: number;
  @Field(() => Boolean, { description: 'Some Pinot servers did not answer: rows may be missing.' }) partial: boolean;
  @Field(() => Boolean, { description: 'Pinot hit numGroupsLimit: group-by results may be incomplete or approximate.' }) groupsLimitReached: boolean;
  @Field(() => Float, { nullable: true, description: 'How far behind real time the data is, in ms (grows while a cached result is served).' }) freshnessMs: number | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The data is complete up to this instant.' }) freshAsOf: Date | null;
  @Field(() => Boolean, { description: 'Served from the short-lived result cache (ANALYTICS_CACHE_TTL_MS).' }) cached: boolean;
}

@ObjectType()
export class AggregateColumn {
  @Field(() => String) name: string;
  @Field(() => AnalyticsColumnRole) role: AnalyticsColumnRole;
  @Field(() => AnalyticsValueType) type: AnalyticsValueType;
}

@ObjectType()
export class AggregateResult {
  @Field(() => [AggregateColumn]) columns: AggregateColumn[];
  @Field(() => [[JSONScalar]], { description: 'One array per row, in column order; null for missing values and Pinot null sentinels.' }) rows: unknown[][];
  @Field(() => AggregateStats) stats: AggregateStats;
  @Field(() => String, { description: 'The Pinot SQL that was run.' }) sql: string;
}

@ObjectType()
export class StockLeaderboardRow {
  @Field(() => String, { nullable: true }) symbol: string | null;
  @Field(() => Float, { nullable: true, description: 'SUM(shares); Pinot sums as DOUBLE.' }) totalShares: number | null;
}

@ObjectType({ description: 'Symbols by total shares traded, top first.' })
export class StockLeaderboard {
  @Field(() => [StockLeaderboardRow]) rows: StockLeaderboardRow[];
  @Field(() => AggregateStats) stats: AggregateStats;
  @Field(() => String) sql: string;
}

@ObjectType()
export class StockVolumePoint {
  @Field(() => DateTimeScalar, { nullable: true }) bucket: Date | null;
  @Field(() => Float, { nullable: true }) totalShares: number | null;
  @Field(() => LongScalar, { nullable: true }) trades: string | null;
}

@ObjectType({ description: 'Shares and trades of one symbol per time bucket, oldest first.' })
export class StockVolume {
  @Field(() => [StockVolumePoint]) rows: StockVolumePoint[];
  @Field(() => AggregateStats) stats: AggregateStats;
  @Field(() => String) sql: string;
}

@ObjectType()
export class ClickstreamTrafficPoint {
  @Field(() => DateTimeScalar, { nullable: true }) bucket: Date | null;
  @Field(() => String, { nullable: true, description: 'The value of the groupBy dimension; null when not grouped.' }) key: string | null;
  @Field(() => LongScalar, { nullable: true }) views: string | null;
  @Field(() => LongScalar, { nullable: true, description: 'Distinct users, a HyperLogLog estimate.' }) uniqueUsers: string | null;
}

@ObjectType({ description: 'Page views and unique users per time bucket, oldest first; within a bucket the busiest group first.' })
export class ClickstreamTraffic {
  @Field(() => [ClickstreamTrafficPoint]) rows: ClickstreamTrafficPoint[];
  @Field(() => AggregateStats) stats: AggregateStats;
  @Field(() => String) sql: string;
}

@ObjectType()
export class TopUrl {
  @Field(() => String, { nullable: true }) url: string | null;
  @Field(() => String, { nullable: true }) urlCategory: string | null;
  @Field(() => LongScalar, { nullable: true }) views: string | null;
  @Field(() => LongScalar, { nullable: true, description: 'Distinct users, a HyperLogLog estimate.' }) uniqueUsers: string | null;
}

@ObjectType({ description: 'The most viewed URLs, busiest first.' })
export class TopUrls {
  @Field(() => [TopUrl]) rows: TopUrl[];
  @Field(() => AggregateStats) stats: AggregateStats;
  @Field(() => String) sql: string;
}
