import type { KafkaAdminPort } from '../../adapters/kafka/types';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import type { LiveDelivery } from './feed-event';
import type { LiveSubscription } from './live-subscription';
import type { ReaderFactory } from './reader-port';
import { type EventFilter, type MemberStart, TopicFeed } from './topic-feed';
import type { PayloadDecoderPort } from './payload-port';

export interface LiveHubOptions {
  admin: KafkaAdminPort;
  openReader: ReaderFactory;
  groupPrefix: string;
  replayEvents: number;
  /** A feed with no members stops after this long (LIVE_CONSUMER_LINGER_MS). */
  consumerLingerMs: number;
  /** Members of a feed whose reader is down this long end with UPSTREAM_UNAVAILABLE (LIVE_OUTAGE_GRACE_MS). */
  outageGraceMs: number;
  /** See TopicFeedOptions.dispatchChunk. @default 256 */
  dispatchChunk?: number;
  /** Decodes record values once per event for all subscribers (schema registry). */
  decoder?: PayloadDecoderPort;
  logger: Logger;
}

interface FeedSlot {
  feed: TopicFeed;
  ready: Promise<TopicFeed>;
  linger?: NodeJS.Timeout;
  outage?: NodeJS.Timeout;
}

/**
 * The in-memory fan-out hub: at most one feed (one Kafka reader) per topic, started by the first subscriber and stopped
 * a little after the last one leaves. Broker outages pause feeds; one that outlasts the grace period ends their
 * subscribers with UPSTREAM_UNAVAILABLE (clients resume with their last cursor).
 */
export class LiveHub {
  private readonly slots = new Map<string, FeedSlot>();
  private stopped = false;

  constructor(private readonly options: LiveHubOptions) {}

  /**
   * Joins `subscription` to the topic's feed at `start`. The start positions must already be resolved; joining itself
   * is synchronous once the feed runs. Rejects (mapped) when the feed cannot start.
   */
  async join(topic: string, subscription: LiveSubscription<LiveDelivery>, filter: EventFilter, start: MemberStart): Promise<void> {
    if (this.stopped) throw new AppError('UPSTREAM_UNAVAILABLE', 'the server is shutting down');
    const slot = this.slotFor(topic);
    const feed = await slot.ready;
    if (subscription.isClosed) return;
    if (this.slots.get(topic) !== slot) return this.join(topic, subscription, filter, start); // stopped meanwhile
    clearTimeout(slot.linger);
    slot.linger = undefined;
    const member = feed.join(subscription, filter, start);
    subscription.onClosed(() => feed.leave(member));
  }

  /** Describes feeds that currently cannot read (for /readyz); undefined when all is well. */
  problem(): string | undefined {
    const down = [...this.slots.values()].filter((s) => s.feed.downSince !== undefined);
    if (down.length === 0) return undefined;
    return down
      .map((s) => `live reader for topic "${s.feed.topic}" cannot read since ${new Date(s.feed.downSince!).toISOString()}: ${s.feed.lastError?.message ?? 'broker unreachable'}`)
      .join('; ');
  }

  /** Topics with a running feed and their member counts (metrics, tests). */
  feeds(): Array<{ topic: string; members: number; down: boolean }> {
    return [...this.slots.values()].map((s) => ({ topic: s.feed.topic, members: s.feed.memberCount, down: s.feed.downSince !== undefined }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const slots = [...this.slots.values()];
    this.slots.clear();
    await Promise.all(
      slots.map(async (slot) => {
        clearTimeout(slot.linger);
        clearTimeout(slot.outage);
        await slot.feed.stop(new AppError('UPSTREAM_UNAVAILABLE', 'the server is shutting down; reconnect and resume with your last cursor'));
      }),
    );
  }

  private slotFor(topic: string): FeedSlot {
    const existing = this.slots.get(topic);
    if (existing) return existing;
    const feed = new TopicFeed({
      topic,
      admin: this.options.admin,
      openReader: this.options.openReader,
      groupPrefix: this.options.groupPrefix,
      replayEvents: this.options.replayEvents,
      dispatchChunk: this.options.dispatchChunk,
      decoder: this.options.decoder,
      logger: this.options.logger,
      onIdle: () => this.scheduleStop(topic, feed),
      onStatus: (_feed, status, error) => this.onStatus(topic, feed, status, error),
    });
    const slot: FeedSlot = { feed, ready: feed.start().then(() => feed) };
    this.slots.set(topic, slot);
    slot.ready.catch(async () => {
      if (this.slots.get(topic) === slot) this.slots.delete(topic);
      await feed.stop().catch(() => undefined);
    });
    return slot;
  }

  private scheduleStop(topic: string, feed: TopicFeed): void {
    const slot = this.slots.get(topic);
    if (!slot || slot.feed !== feed) return;
    clearTimeout(slot.linger);
    slot.linger = setTimeout(() => {
      if (this.slots.get(topic) !== slot || feed.memberCount > 0) return;
      this.slots.delete(topic);
      clearTimeout(slot.outage);
      this.options.logger.debug({ topic }, 'live feed stopped after its last subscriber left');
      void feed.stop();
    }, this.options.consumerLingerMs);
    slot.linger.unref?.();
  }

  private onStatus(topic: string, feed: TopicFeed, status: 'up' | 'down', error?: AppError): void {
    const slot = this.slots.get(topic);
    if (!slot || slot.feed !== feed) return;
    if (status === 'up') {
      if (slot.outage) this.options.logger.info({ topic }, 'live reader reconnected; subscriptions continue');
      clearTimeout(slot.outage);
      slot.outage = undefined;
      return;
    }
    if (slot.outage) return;
    this.options.logger.warn({ topic, err: error?.message }, 'live reader lost Kafka; subscriptions are paused');
    slot.outage = setTimeout(() => {
      if (this.slots.get(topic) !== slot || feed.downSince === undefined) return;
      // Ending the members lets clients back off and resume by cursor; the feed then lingers out like any idle feed.
      const seconds = Math.round(this.options.outageGraceMs / 1000);
      this.slots.delete(topic);
      void feed.stop(
        new AppError('UPSTREAM_UNAVAILABLE', `Kafka has been unreachable for ${seconds} s; resubscribe with your last cursor to resume without loss`, {
          details: { upstream: 'kafka', topic },
        }),
      );
    }, this.options.outageGraceMs);
    slot.outage.unref?.();
  }
}
