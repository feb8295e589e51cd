import type { KafkaAdminPort } from '../../adapters/kafka/types';
import type { SlowConsumerPolicy } from '../../config/live';
import type { Caller } from '../../auth/roles';
import { AppError, badInput } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import type { GroupDetail } from '../topics/topics-service';
import type { WorkerHost } from '../worker-host';
import { validateGroupId, validateTopicName } from '../topics/topic-name';
import { decodeLiveCursor, topicScope } from './cursor';
import { type EnrichedClickWhere, enrichedFilter } from './enriched-event';
import type { LiveDelivery } from './feed-event';
import { type LagSnapshot, LagPollers } from './lag-poller';
import type { LiveHub } from './live-hub';
import { LiveSubscription } from './live-subscription';
import { type MessageFormat, type TopicMessageWhere, messageFilter } from './topic-message';
import type { EventFilter, MemberStart } from './topic-feed';

/** `from` of a live subscription: exactly one of a named position, a point in time, or a cursor. */
export interface LiveStart {
  position?: 'LATEST' | 'EARLIEST' | null;
  /** Epoch ms: the first record at or after it, per partition. */
  timestamp?: number | null;
  /** A cursor received earlier on the same stream: everything after it, exactly once. */
  cursor?: string | null;
}

export interface LiveServiceOptions {
  hub: LiveHub;
  admin: KafkaAdminPort;
  loadGroup(groupId: string): Promise<GroupDetail | null>;
  enrichedTopic: string;
  subscriberBuffer: number;
  slowConsumerPolicy: SlowConsumerPolicy;
  /** topicMessages on these (exact names, or prefixes ending in "*") needs the admin role. */
  restrictedTopics: readonly string[];
  outageGraceMs: number;
  /** Runs the lag pollers' loops under the process's supervisor. */
  workers: WorkerHost;
  logger: Logger;
}

export const MIN_LAG_INTERVAL_MS = 500;
export const MAX_LAG_INTERVAL_MS = 300_000;

/** The live plane's entry points: validates, resolves start positions, and joins the topic's feed. */
export function createLiveService(options: LiveServiceOptions) {
  const { hub, admin } = options;
  const lagPollers = new LagPollers({ loadGroup: options.loadGroup, outageGraceMs: options.outageGraceMs, workers: options.workers, logger: options.logger });

  const restricted = (topic: string) =>
    options.restrictedTopics.some((pattern) => (pattern.endsWith('*') ? topic.startsWith(pattern.slice(0, -1)) : topic === pattern));

  async function resolveStart(topic: string, from: LiveStart | null | undefined): Promise<MemberStart> {
    const given = [from?.position, from?.timestamp, from?.cursor].filter((v) => v !== null && v !== undefined);
    if (given.length > 1) throw badInput('from', 'from takes exactly one of position, timestamp or cursor');
    if (from?.cursor !== null && from?.cursor !== undefined) {
      const positions = decodeLiveCursor(from.cursor, topicScope(topic), 'from.cursor');
      // Partitions the cursor does not know (added since) start at their beginning.
      const ends = await admin.topicOffsets(topic);
      const start = new Map<number, number>();
      for (const { partition, low } of ends) start.set(partition, Math.max(positions.get(partition) ?? Number(low), Number(low)));
      return start;
    }
    if (from?.timestamp !== null && from?.timestamp !== undefined) {
      if (!Number.isFinite(from.timestamp) || from.timestamp < 0) throw badInput('from.timestamp', 'from.timestamp must be a non-negative time');
      const offsets = await admin.offsetsForTimestamp(topic, from.timestamp);
      return new Map(offsets.map(({ partition, offset }) => [partition, Number(offset)]));
    }
    if (from?.position === 'EARLIEST') {
      const ends = await admin.topicOffsets(topic);
      return new Map(ends.map(({ partition, low }) => [partition, Number(low)]));
    }
    return 'LATEST';
  }

  async function open(topic: string, filter: EventFilter, from: LiveStart | null | undefined): Promise<LiveSubscription<LiveDelivery>> {
    const start = await resolveStart(topic, from);
    const subscription = new LiveSubscription<LiveDelivery>({ capacity: options.subscriberBuffer, policy: options.slowConsumerPolicy });
    await hub.join(topic, subscription, filter, start);
    return subscription;
  }

  return {
    /** Typed enriched clickstream events, filtered server-side. */
    enrichedClickstream(args: { where?: EnrichedClickWhere | null; from?: LiveStart | null }): Promise<LiveSubscription<LiveDelivery>> {
      const where = args.where ?? {};
      if (where.urlPrefix === '') throw badInput('where.urlPrefix', 'where.urlPrefix must not be empty');
      return open(options.enrichedTopic, enrichedFilter(where), args.from);
    },

    /** A tail of any topic; restricted topics need the admin role. */
    async topicMessages(
      args: { topic: string; from?: LiveStart | null; where?: TopicMessageWhere | null; format?: MessageFormat | null },
      caller: Caller,
    ): Promise<LiveSubscription<LiveDelivery>> {
      const topic = validateTopicName(args.topic, 'topic');
      if (restricted(topic) && caller.role !== 'admin') {
        throw new AppError('FORBIDDEN', `topic "${topic}" is restricted (LIVE_RESTRICTED_TOPICS); tailing it needs the admin role`, {
          details: { requiredRole: 'admin' },
        });
      }
      if (args.where?.header && !args.where.header.key) throw badInput('where.header.key', 'where.header.key must not be empty');
      return open(topic, messageFilter(args.where), args.from);
    },

    /** Lag of a consumer group, pushed when it changes, polled every intervalMs. */
    consumerGroupLag(args: { groupId: string; intervalMs?: number | null }): Promise<LiveSubscription<LagSnapshot>> {
      const groupId = validateGroupId(args.groupId);
      const intervalMs = args.intervalMs ?? 5_000;
      if (!Number.isInteger(intervalMs) || intervalMs < MIN_LAG_INTERVAL_MS || intervalMs > MAX_LAG_INTERVAL_MS) {
        throw badInput('intervalMs', `intervalMs must be between ${MIN_LAG_INTERVAL_MS} and ${MAX_LAG_INTERVAL_MS}`);
      }
      return lagPollers.subscribe(groupId, intervalMs);
    },

    /** Why live reading is impaired, for /readyz; undefined when it is not. */
    problem: () => hub.problem(),
    feeds: () => hub.feeds(),

    async stop(): Promise<void> {
      lagPollers.stop();
      await hub.stop();
    },
  };
}

export type LiveService = ReturnType<typeof createLiveService>;
