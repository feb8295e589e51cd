import { Arg, Authorized, Ctx, Extensions, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '../../src/auth/roles';
import type { Context } from '../common/context.type';
import { CreateTopicInput, ProduceMessageInput, TopicConfigInput } from './topic.input';
import { ProducedMessage, Topic, TopicConfigEntry, TopicConnection, TopicDeletion, TopicPartition } from './topic.type';
import { pageByName } from '../../src/services/topics';
import { BACKEND_CALL } from '../common/backend-call';

@Resolver(() => Topic)
export class TopicResolver {
  @Query(() => TopicConnection, { description: 'Topics sorted by name, Relay-paginated.' })
  async topics(
    @Arg('includeInternal', () => Boolean, { defaultValue: false }) includeInternal: boolean,
    @Arg('nameContains', () => String, { nullable: true }) nameContains: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 100, at most 1000.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<TopicConnection> {
    const page = pageByName(await ctx.services.topics.listTopics({ includeInternal, nameContains }), (t) => t.name, first, after);
    return { ...page, nodes: page.edges.map((e) => e.node) };
  }

  @Query(() => Topic, { nullable: true, description: 'One topic; null when it does not exist.' })
  topic(@Arg('name', () => String) name: string, @Ctx() ctx: Context): Promise<Topic | null> {
    return ctx.services.topics.getTopic(name);
  }

  @Extensions(BACKEND_CALL)

  @FieldResolver(() => [TopicPartition], { description: 'Leader, replicas, ISR, earliest/latest offsets and message count per partition.' })
  partitions(@Root() topic: Topic, @Ctx() ctx: Context): Promise<TopicPartition[]> {
    return ctx.services.topics.topicPartitions(topic.name);
  }

  @Extensions(BACKEND_CALL)

  @FieldResolver(() => [TopicConfigEntry], { description: 'Effective configs; overridesOnly drops the ones at their default.' })
  configs(
    @Root() topic: Topic,
    @Arg('overridesOnly', () => Boolean, { defaultValue: false }) overridesOnly: boolean,
    @Ctx() ctx: Context,
  ): Promise<TopicConfigEntry[]> {
    return ctx.services.topics.topicConfigs(topic.name, { overridesOnly });
  }

  @Extensions(BACKEND_CALL)

  @FieldResolver(() => [String], { description: 'Ids of the consumer groups assigned this topic or holding offsets for it.' })
  consumerGroups(@Root() topic: Topic, @Ctx() ctx: Context): Promise<string[]> {
    return ctx.services.topics.topicConsumerGroups(topic.name);
  }

  @Authorized<Role>('operator')
  @Mutation(() => Topic, { description: 'Creates a topic. ALREADY_EXISTS when the name is taken. Operator role.' })
  createTopic(@Arg('input', () => CreateTopicInput) input: CreateTopicInput, @Ctx() ctx: Context): Promise<Topic> {
    return ctx.services.topics.createTopic(input, ctx.caller);
  }

  @Authorized<Role>('admin')
  @Mutation(() => TopicDeletion, { description: 'Deletes a topic and its data. Admin role.' })
  async deleteTopic(@Arg('name', () => String) name: string, @Ctx() ctx: Context): Promise<TopicDeletion> {
    await ctx.services.topics.deleteTopic(name, ctx.caller);
    return { name, deleted: true };
  }

  @Authorized<Role>('operator')
  @Mutation(() => Topic, { description: 'Grows the topic to `count` partitions in total (Kafka cannot shrink). Operator role.' })
  addTopicPartitions(@Arg('name', () => String) name: string, @Arg('count', () => Int) count: number, @Ctx() ctx: Context): Promise<Topic> {
    return ctx.services.topics.addPartitions(name, count, ctx.caller);
  }

  @Authorized<Role>('operator')
  @Mutation(() => Topic, { description: 'Sets (or with a null value removes) config overrides; other overrides stay. Operator role.' })
  updateTopicConfigs(
    @Arg('name', () => String) name: string,
    @Arg('configs', () => [TopicConfigInput]) configs: TopicConfigInput[],
    @Ctx() ctx: Context,
  ): Promise<Topic> {
    return ctx.services.topics.updateConfigs(name, configs, ctx.caller);
  }

  @Authorized<Role>('operator')
  @Mutation(() => ProducedMessage, { description: 'Produces one record (acks=all), for trying pipelines by hand. Operator role.' })
  produceMessage(@Arg('input', () => ProduceMessageInput) input: ProduceMessageInput, @Ctx() ctx: Context): Promise<ProducedMessage> {
    const valueSchema = input.valueSchemaSubject === null || input.valueSchemaSubject === undefined ? null : { subject: input.valueSchemaSubject, version: input.valueSchemaVersion };
    return ctx.services.topics.produceMessage({ ...input, valueSchema }, ctx.caller);
  }
}
