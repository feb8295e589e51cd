import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../common/context.type';
import {
  ClickstreamEvent,
  ClickstreamEventConnection,
  ClickstreamEventsAggregate,
  Device,
  UrlInfo,
  User,
} from './clickstream-event.type';
import { ClickstreamEventsOrderBy, ClickstreamEventsWhereInput, ClickstreamGroupBy, ClickstreamTimeBucket } from './clickstream-event.input';
import { pageComplexity } from './page-complexity';
import { selectsField } from './selection';

@Resolver(() => ClickstreamEvent)
export class ClickstreamEventResolver {
  @Query(() => ClickstreamEventConnection, {
    complexity: pageComplexity(50),
    description: 'Clickstream events the JDBC sink wrote, newest first by default, keyset-paginated: pages stay consistent while rows arrive.',
  })
  async clickstreamEvents(
    @Arg('where', () => ClickstreamEventsWhereInput, { nullable: true }) where: ClickstreamEventsWhereInput | null,
    @Arg('orderBy', () => ClickstreamEventsOrderBy, { nullable: true, defaultValue: ClickstreamEventsOrderBy.TIMESTAMP_DESC })
    orderBy: ClickstreamEventsOrderBy,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 50, at most SINK_MAX_PAGE_SIZE (1000).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ClickstreamEventConnection> {
    const page = await ctx.services.sinks.clickstreamEvents({
      where,
      direction: orderBy,
      first,
      after,
      withTotalCount: selectsField(info, 'totalCount'),
    });
    return { ...page, nodes: page.edges.map((edge) => edge.node) };
  }

  @Query(() => ClickstreamEventsAggregate, {
    complexity: pageComplexity(100),
    description: 'Event count and distinct users per group of dimensions and, optionally, per UTC time bucket.',
  })
  async clickstreamEventsAggregate(
    @Arg('where', () => ClickstreamEventsWhereInput, { nullable: true }) where: ClickstreamEventsWhereInput | null,
    @Arg('groupBy', () => [ClickstreamGroupBy], { nullable: true, description: 'No groupBy and no bucket: one group with the totals.' })
    groupBy: ClickstreamGroupBy[] | null,
    @Arg('bucket', () => ClickstreamTimeBucket, { nullable: true }) bucket: ClickstreamTimeBucket | null,
    @Arg('first', () => Int, { nullable: true, description: 'Most groups returned: default 100, at most SINK_MAX_PAGE_SIZE.' }) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<ClickstreamEventsAggregate> {
    return ctx.services.sinks.clickstreamEventsAggregate({ where, groupBy, bucket, first });
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user from the `users` table (batched per request); null if unknown.' })
  user(@Root() event: ClickstreamEvent, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.users.load(event.userId);
  }

  @FieldResolver(() => Device, { nullable: true, description: 'The device from the `devices` table (batched per request).' })
  device(@Root() event: ClickstreamEvent, @Ctx() ctx: Context): Promise<Device | null> {
    return ctx.loaders.devices.load(event.deviceId);
  }

  @FieldResolver(() => UrlInfo, { nullable: true, description: 'The URL from the `urls` table (batched per request).' })
  urlInfo(@Root() event: ClickstreamEvent, @Ctx() ctx: Context): Promise<UrlInfo | null> {
    return ctx.loaders.urls.load(event.url);
  }
}
