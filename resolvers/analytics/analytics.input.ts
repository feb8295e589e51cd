import { Field, Float, InputType, Int, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from '../common/scalars';

export enum MeasureFunction {
  COUNT = 'COUNT',
  SUM = 'SUM',
  AVG = 'AVG',
  MIN = 'MIN',
  MAX = 'MAX',
  DISTINCTCOUNT = 'DISTINCTCOUNT',
  DISTINCTCOUNTHLL = 'DISTINCTCOUNTHLL',
  PERCENTILETDIGEST = 'PERCENTILETDIGEST',
  LASTWITHTIME = 'LASTWITHTIME',
}
registerEnumType(MeasureFunction, {
  name: 'MeasureFunction',
  description: 'Pinot aggregation functions. DISTINCTCOUNTHLL and PERCENTILETDIGEST are estimates; LASTWITHTIME takes the value at the newest time.',
});

export enum TimeBucketUnit {
  SECOND = 'SECOND',
  MINUTE = 'MINUTE',
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(TimeBucketUnit, { name: 'TimeBucketUnit', description: 'Width of a time bucket (DATETRUNC); weeks start on Monday.' });

export enum AnalyticsSortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(AnalyticsSortDirection, { name: 'AnalyticsSortDirection' });

export enum TrafficDimension {
  URL_CATEGORY = 'URL_CATEGORY',
  DEVICE_TYPE = 'DEVICE_TYPE',
  URL = 'URL',
}
registerEnumType(TrafficDimension, { name: 'TrafficDimension', description: 'A clickstream dimension to split traffic by.' });

@InputType({ description: 'One aggregate: fn over column (COUNT needs none), named by alias (default <fn>_<column>).' })
export class MeasureInput {
  @Field(() => MeasureFunction)
  fn: MeasureFunction;

  @Field(() => String, { nullable: true })
  column?: string | null;

  @Field(() => String, { nullable: true, description: 'Result column name: a letter or underscore, then letters, digits, underscores.' })
  alias?: string | null;

  @Field(() => Float, { nullable: true, description: 'PERCENTILETDIGEST only: 0–100.' })
  percentile?: number | null;
}

@InputType({ description: 'Bounds on a column; values are literals of the column type.' })
export class AnalyticsRangeInput {
  @Field(() => JSONScalar, { nullable: true }) gt?: unknown;
  @Field(() => JSONScalar, { nullable: true }) gte?: unknown;
  @Field(() => JSONScalar, { nullable: true }) lt?: unknown;
  @Field(() => JSONScalar, { nullable: true }) lte?: unknown;
}

@InputType({
  description:
    'A filter node: exactly one of and / or / not, or a predicate on `column` (several operators on one column are ANDed). ' +
    'Values are JSON literals checked against the column type (64-bit integers as strings).',
})
export class AnalyticsFilterInput {
  @Field(() => [AnalyticsFilterInput], { nullable: true }) and?: AnalyticsFilterInput[] | null;
  @Field(() => [AnalyticsFilterInput], { nullable: true }) or?: AnalyticsFilterInput[] | null;
  @Field(() => AnalyticsFilterInput, { nullable: true }) not?: AnalyticsFilterInput | null;
  @Field(() => String, { nullable: true }) column?: string | null;
  @Field(() => JSONScalar, { nullable: true }) eq?: unknown;
  @Field(() => JSONScalar, { nullable: true }) neq?: unknown;
  @Field(() => [JSONScalar], { nullable: true }) in?: unknown[] | null;
  @Field(() => [JSONScalar], { nullable: true }) notIn?: unknown[] | null;
  @Field(() => AnalyticsRangeInput, { nullable: true }) range?: AnalyticsRangeInput | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring match; string columns only.' }) contains?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: IS NULL, false: IS NOT NULL.' }) isNull?: boolean | null;
}

@InputType({ description: 'A half-open window [from, to) on the table time column, or a sliding one: `last` as an ISO-8601 duration (PT15M, PT1H, P7D).' })
export class TimeRangeInput {
  @Field(() => DateTimeScalar, { nullable: true }) from?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) to?: Date | null;
  @Field(() => String, { nullable: true }) last?: string | null;
}

@InputType()
export class TimeBucketInput {
  @Field(() => TimeBucketUnit)
  unit: TimeBucketUnit;

  @Field(() => String, { nullable: true, description: 'IANA time zone for bucket boundaries, e.g. Europe/Paris. Default UTC.' })
  timeZone?: string | null;
}

@InputType()
export class AggregateOrderInput {
  @Field(() => String, { description: 'A measure alias, a groupBy column, or `bucket`.' })
  field: string;

  @Field(() => AnalyticsSortDirection, { defaultValue: AnalyticsSortDirection.ASC })
  direction: AnalyticsSortDirection;
}

@InputType({ description: 'Filters on the enriched clickstream; lists match any of their values, all given filters must hold.' })
export class ClickstreamFilterInput {
  @Field(() => [String], { nullable: true }) urlCategories?: string[] | null;
  @Field(() => [String], { nullable: true }) deviceTypes?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the URL.' }) urlContains?: string | null;
  @Field(() => [Int], { nullable: true }) userIds?: number[] | null;
}
