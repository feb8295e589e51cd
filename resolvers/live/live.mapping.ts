import type { GraphQLFieldResolver } from 'graphql';
import { decodeEnriched, type LagSnapshot, type LiveDelivery, type MessageFormat, renderMessage } from '../../src/services/live';
import type { ConsumerGroupLag, EnrichedClickEvent, PayloadFormat, TopicMessage } from './live.type';

export function toEnrichedClickEvent(delivery: LiveDelivery): EnrichedClickEvent {
  const event = delivery.event.view(decodeEnriched)!;
  return {
    ...event,
    timestamp: new Date(event.timestamp),
    partition: delivery.event.partition,
    offset: delivery.event.offset,
    cursor: delivery.cursor,
  };
}

export function toTopicMessage(delivery: LiveDelivery, format: MessageFormat): TopicMessage {
  const { valueFormat, ...message } = renderMessage(delivery.event, format);
  return { ...message, format: valueFormat as PayloadFormat | null, timestamp: new Date(message.timestamp), cursor: delivery.cursor };
}

export function toConsumerGroupLag(snapshot: LagSnapshot): ConsumerGroupLag {
  return snapshot;
}

/**
 * The live subscription fields' per-event mapping as plain synchronous resolvers. type-graphql's own resolvers for
 * these fields return promises (it validates `@Arg`s asynchronously), which would cost a promise per subscriber per
 * event in the shared-execution path; that path executes with these instead. Same mapping, same results.
 */
export const LIVE_ROOT_RESOLVERS: Record<string, GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>> = {
  enrichedClickstream: (root) => toEnrichedClickEvent(root as LiveDelivery),
  topicMessages: (root, args) => toTopicMessage(root as LiveDelivery, (args.format as MessageFormat | undefined) ?? 'JSON'),
  consumerGroupLag: (root) => toConsumerGroupLag(root as LagSnapshot),
};
