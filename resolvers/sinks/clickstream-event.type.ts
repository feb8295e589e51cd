import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';
import { DateTimeScalar } from '../common/scalars';

@ObjectType({ simpleResolvers: true, description: 'A row of the `users` dimension table.' })
export class User {
  @Field(() => Int)
  userId: number;

  @Field(() => String)
  userName: string;

  @Field(() => String)
  email: string;

  @Field(() => String, { description: 'ISO 3166 country code' })
  country: string;

  @Field(() => DateTimeScalar)
  signupAt: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A row of the `devices` dimension table.' })
export class Device {
  @Field(() => Int)
  deviceId: number;

  @Field(() => String, { description: 'mobile, desktop, tablet, tv…' })
  deviceType: string;

  @Field(() => String)
  os: string;
}

@ObjectType({ simpleResolvers: true, description: 'A row of the `urls` dimension table.' })
export class UrlInfo {
  @Field(() => String)
  url: string;

  @Field(() => String)
  urlCategory: string;
}

@ObjectType({ simpleResolvers: true, description: 'An enriched clickstream event as the JDBC sink wrote it to `clickstream_events`.' })
export class ClickstreamEvent {
  @Field(() => DateTimeScalar)
  timestamp: Date;

  @Field(() => Int)
  userId: number;

  @Field(() => Int)
  deviceId: number;

  @Field(() => String)
  url: string;

  @Field(() => String, { nullable: true, description: 'Denormalized by the enrichment job; null when the user was unknown then.' })
  userName: string | null;

  @Field(() => String, { nullable: true })
  deviceType: string | null;

  @Field(() => String, { nullable: true })
  urlCategory: string | null;

  // user, device and urlInfo are field resolvers (clickstream-event.resolver.ts), batched per request.
}

@ObjectType({ simpleResolvers: true })
export class ClickstreamEventEdge {
  @Field(() => String, { description: 'Opaque; pass as `after` to continue after this event.' })
  cursor: string;

  @Field(() => ClickstreamEvent)
  node: ClickstreamEvent;
}

@ObjectType({ simpleResolvers: true, description: 'A keyset-paginated page of clickstream events (Relay connection).' })
export class ClickstreamEventConnection {
  @Field(() => [ClickstreamEventEdge])
  edges: ClickstreamEventEdge[];

  @Field(() => [ClickstreamEvent], { description: 'The edges’ nodes, for callers that need no cursors.' })
  nodes: ClickstreamEvent[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'Events matching `where` (all pages). Counted only when selected: it costs a scan.' })
  totalCount?: number;
}

@ObjectType({ simpleResolvers: true, description: 'One group of `clickstreamEventsAggregate`: the grouped keys (null when not grouped by them) and measures.' })
export class ClickstreamEventGroup {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Start of the UTC time bucket, when `bucket` was given.' })
  bucketStart?: Date;

  @Field(() => String, { nullable: true })
  urlCategory?: string | null;

  @Field(() => String, { nullable: true })
  deviceType?: string | null;

  @Field(() => String, { nullable: true })
  url?: string;

  @Field(() => Int, { nullable: true })
  userId?: number;

  @Field(() => Int, { nullable: true })
  deviceId?: number;

  @Field(() => Int, { description: 'Events in the group.' })
  eventCount: number;

  @Field(() => Int, { description: 'Distinct user_id values in the group.' })
  distinctUsers: number;
}

@ObjectType({ simpleResolvers: true })
export class ClickstreamEventsAggregate {
  @Field(() => [ClickstreamEventGroup], { description: 'Ordered by bucket (oldest first), then by eventCount descending.' })
  groups: ClickstreamEventGroup[];

  @Field(() => Boolean, { description: 'More groups matched than `first`; narrow `where` or raise `first`.' })
  truncated: boolean;
}
