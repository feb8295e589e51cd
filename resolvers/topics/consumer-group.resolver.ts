import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Role } from '../../src/auth/roles';
import { pageByName } from '../../src/services/topics';
import type { Context } from '../common/context.type';
import { ResetConsumerGroupOffsetsInput } from './topic.input';
import { ConsumerGroup, ConsumerGroupConnection, ConsumerGroupDeletion } from './topic.type';

@Resolver(() => ConsumerGroup)
export class ConsumerGroupResolver {
  @Query(() => ConsumerGroupConnection, { description: 'Consumer groups sorted by id, with state and member count.' })
  async consumerGroups(
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 100, at most 1000.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConsumerGroupConnection> {
    const page = pageByName(await ctx.services.topics.listGroups(), (g) => g.groupId, first, after);
    return { ...page, nodes: page.edges.map((e) => e.node) };
  }

  @Query(() => ConsumerGroup, { nullable: true, description: 'State, members with assignments, and per-partition committed offset, end offset and lag.' })
  consumerGroup(@Arg('id', () => String) id: string, @Ctx() ctx: Context): Promise<ConsumerGroup | null> {
    return ctx.services.topics.getGroup(id);
  }

  @Authorized<Role>('admin')
  @Mutation(() => ConsumerGroup, {
    description: 'Moves the committed offsets of one topic for an idle group. CONFLICT while the group has members. Admin role.',
  })
  resetConsumerGroupOffsets(
    @Arg('input', () => ResetConsumerGroupOffsetsInput) input: ResetConsumerGroupOffsetsInput,
    @Ctx() ctx: Context,
  ): Promise<ConsumerGroup> {
    return ctx.services.topics.resetOffsets({ ...input, timestamp: input.timestamp ? input.timestamp.getTime() : null }, ctx.caller);
  }

  @Authorized<Role>('admin')
  @Mutation(() => ConsumerGroupDeletion, { description: 'Deletes an idle group and its offsets. CONFLICT while it has members. Admin role.' })
  async deleteConsumerGroup(@Arg('id', () => String) id: string, @Ctx() ctx: Context): Promise<ConsumerGroupDeletion> {
    await ctx.services.topics.deleteGroup(id, ctx.caller);
    return { groupId: id, deleted: true };
  }
}
