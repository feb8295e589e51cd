import { Arg, Int, Resolver, Root, Subscription } from 'type-graphql';
import type { LagSnapshot, LiveDelivery } from '../../src/services/live';
import type { Context } from '../common/context.type';
import { EnrichedClickstreamWhereInput, LiveStartInput, MessageFormat, TopicMessagesWhereInput } from './live.input';
import { toConsumerGroupLag, toEnrichedClickEvent, toTopicMessage } from './live.mapping';
import { ConsumerGroupLag, EnrichedClickEvent, TopicMessage } from './live.type';

type Args<T> = { args: T; context: Context };
const LIVE_BEHAVIOUR =
  ' A subscriber more than LIVE_SUBSCRIBER_BUFFER events behind ends with SLOW_CONSUMER. A Kafka outage shorter than' +
  ' LIVE_OUTAGE_GRACE_MS pauses the stream, which then continues without loss; a longer one ends it with a retriable' +
  ' UPSTREAM_UNAVAILABLE. Either way, resubscribe with from: { cursor } (the last cursor received) to continue exactly once.';

const start = (from: LiveStartInput | null | undefined) =>
  from ? { position: from.position, timestamp: from.timestamp ? from.timestamp.getTime() : null, cursor: from.cursor } : null;

@Resolver()
export class LiveResolver {
  @Subscription(() => EnrichedClickEvent, {
    description: 'Enriched clickstream events as the enricher produces them. Identical subscriptions share one execution per event.' + LIVE_BEHAVIOUR,
    subscribe: ({ args, context }: Args<{ where?: EnrichedClickstreamWhereInput | null; from?: LiveStartInput | null }>) =>
      context.services.live.enrichedClickstream({ where: args.where, from: start(args.from) }),
  })
  enrichedClickstream(
    @Root() delivery: LiveDelivery,
    @Arg('where', () => EnrichedClickstreamWhereInput, { nullable: true }) _where: EnrichedClickstreamWhereInput | null,
    @Arg('from', () => LiveStartInput, { nullable: true }) _from: LiveStartInput | null,
  ): EnrichedClickEvent {
    return toEnrichedClickEvent(delivery);
  }

  @Subscription(() => TopicMessage, {
    description: 'A live tail of any topic (restricted topics need the admin role), filtered by key or header.' + LIVE_BEHAVIOUR,
    subscribe: ({
      args,
      context,
    }: Args<{ topic: string; from?: LiveStartInput | null; where?: TopicMessagesWhereInput | null; format?: MessageFormat | null }>) =>
      context.services.live.topicMessages({ topic: args.topic, from: start(args.from), where: args.where, format: args.format }, context.caller),
  })
  topicMessages(
    @Root() delivery: LiveDelivery,
    @Arg('topic', () => String) _topic: string,
    @Arg('from', () => LiveStartInput, { nullable: true }) _from: LiveStartInput | null,
    @Arg('where', () => TopicMessagesWhereInput, { nullable: true }) _where: TopicMessagesWhereInput | null,
    @Arg('format', () => MessageFormat, { defaultValue: MessageFormat.JSON }) format: MessageFormat,
  ): TopicMessage {
    return toTopicMessage(delivery, format);
  }

  @Subscription(() => ConsumerGroupLag, {
    description: 'A consumer group’s lag, read every intervalMs (500–300000, default 5000) and pushed when it changes.',
    subscribe: ({ args, context }: Args<{ groupId: string; intervalMs?: number | null }>) =>
      context.services.live.consumerGroupLag({ groupId: args.groupId, intervalMs: args.intervalMs }),
  })
  consumerGroupLag(
    @Root() snapshot: LagSnapshot,
    @Arg('groupId', () => String) _groupId: string,
    @Arg('intervalMs', () => Int, { nullable: true }) _intervalMs: number | null,
  ): ConsumerGroupLag {
    return toConsumerGroupLag(snapshot);
  }
}
