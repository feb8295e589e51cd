import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';

export enum ClickstreamEventsOrderBy {
  TIMESTAMP_DESC = 'DESC',
  TIMESTAMP_ASC = 'ASC',
}
registerEnumType(ClickstreamEventsOrderBy, {
  name: 'ClickstreamEventsOrderBy',
  description: 'Event order; ties on timestamp are broken by userId in the same direction.',
});

export enum ClickstreamGroupBy {
  URL_CATEGORY = 'urlCategory',
  DEVICE_TYPE = 'deviceType',
  URL = 'url',
  USER_ID = 'userId',
  DEVICE_ID = 'deviceId',
}
registerEnumType(ClickstreamGroupBy, { name: 'ClickstreamGroupBy', description: 'A dimension to group clickstream events by.' });

export enum ClickstreamTimeBucket {
  MINUTE = 'minute',
  HOUR = 'hour',
  DAY = 'day',
}
registerEnumType(ClickstreamTimeBucket, { name: 'ClickstreamTimeBucket', description: 'Time bucket width; buckets start on UTC boundaries.' });

@InputType({ description: 'Integer equality: `_eq` one value, `_in` any of a list (at most 1000). Both given: both apply.' })
export class IntEqInFilterInput {
  @Field(() => Int, { nullable: true })
  _eq?: number | null;

  @Field(() => [Int], { nullable: true })
  _in?: number[] | null;
}

@InputType({ description: 'String equality: `_eq` one value, `_in` any of a list (at most 1000). Both given: both apply.' })
export class StringEqInFilterInput {
  @Field(() => String, { nullable: true })
  _eq?: string | null;

  @Field(() => [String], { nullable: true })
  _in?: string[] | null;
}

@InputType({ description: 'URL match: `_eq` exact, `_prefix` starts-with (taken literally: % and _ are not wildcards).' })
export class UrlFilterInput {
  @Field(() => String, { nullable: true })
  _eq?: string | null;

  @Field(() => String, { nullable: true })
  _prefix?: string | null;
}

@InputType({ description: 'Time range; combine bounds, e.g. { _gte: "2025-01-01T00:00:00Z", _lt: "2025-01-02T00:00:00Z" }.' })
export class TimestampRangeInput {
  @Field(() => DateTimeScalar, { nullable: true })
  _gt?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  _gte?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  _lt?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  _lte?: Date | null;
}

@InputType({ description: 'Filter on clickstream events; all given conditions must hold.' })
export class ClickstreamEventsWhereInput {
  @Field(() => IntEqInFilterInput, { nullable: true })
  userId?: IntEqInFilterInput | null;

  @Field(() => StringEqInFilterInput, { nullable: true })
  deviceType?: StringEqInFilterInput | null;

  @Field(() => StringEqInFilterInput, { nullable: true })
  urlCategory?: StringEqInFilterInput | null;

  @Field(() => UrlFilterInput, { nullable: true })
  url?: UrlFilterInput | null;

  @Field(() => TimestampRangeInput, { nullable: true })
  timestamp?: TimestampRangeInput | null;
}
