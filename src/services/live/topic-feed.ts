import { randomUUID } from 'node:crypto';
import type { KafkaAdminPort, KafkaRecord } from '../../adapters/kafka/types';
import type { ReaderControl } from '../../adapters/kafka/topic-reader';
import { AppError, isAppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { topicScope } from './cursor';
import type { PayloadDecoderPort } from './payload-port';
import { FeedEvent, LiveDelivery } from './feed-event';
import type { LiveSubscription } from './live-subscription';
import type { ReaderFactory, ReaderHandle } from './reader-port';

export type EventFilter = (event: FeedEvent) => boolean;

/** Where a new member starts: LATEST (the feed's current end) or explicit next offsets per partition. */
export type MemberStart = 'LATEST' | ReadonlyMap<number, number>;

export interface TopicFeedOptions {
  topic: string;
  admin: KafkaAdminPort;
  openReader: ReaderFactory;
  /** Private group ids start with this (`<clientId>-live-<instance>`), never shared with another instance. */
  groupPrefix: string;
  /** Events kept for resumes from memory; 0 disables the replay ring. */
  replayEvents: number;
  /**
   * Records dispatched before yielding to I/O. A Kafka batch can hold thousands of records; yielding lets sockets drain
   * between chunks, so only a subscriber that really cannot keep up overflows its buffer. Keep it under half the
   * subscriber buffer. @default 256
   */
  dispatchChunk?: number;
  /** Called when the last member left (the hub decides when to stop). */
  onIdle(feed: TopicFeed): void;
  /** Decodes values (schema registry); without it messages carry no format. */
  decoder?: PayloadDecoderPort;
  /** Called on every reader status change (readiness, outage policy). */
  onStatus(feed: TopicFeed, status: 'up' | 'down', error?: AppError): void;
  logger: Logger;
}

/**
 * One Kafka reader per topic per instance, fanned out in memory to every member. Members that follow the feed exactly
 * ("synced") share one delivery per event; members resuming from older positions catch up from the replay ring or
 * from a private catch-up reader and then hand over to the live stream partition by partition, without loss or
 * duplicates: per partition, a member only ever takes the record at its next position.
 */
export class TopicFeed {
  readonly scope: string;
  /** Next offset the feed will dispatch, per partition. */
  readonly pos: number[] = [];
  private readonly ring: Array<FeedEvent | undefined>;
  private ringHead = 0;
  private ringSize = 0;
  /** Per partition, the lowest offset from which every dispatched record is still in the ring. */
  private readonly ringFrom: number[] = [];
  private readonly members = new Set<FeedMember>();
  private reader?: ReaderHandle;
  private current?: FeedEvent;
  private currentDelivery?: LiveDelivery;
  downSince?: number;
  lastError?: AppError;

  constructor(private readonly options: TopicFeedOptions) {
    this.scope = topicScope(options.topic);
    this.ring = new Array(Math.max(0, options.replayEvents));
  }

  get topic(): string {
    return this.options.topic;
  }

  get memberCount(): number {
    return this.members.size;
  }

  /** Reads the log end of every partition, then starts reading from exactly there. NOT_FOUND for a missing topic. */
  async start(): Promise<void> {
    const ends = await this.options.admin.topicOffsets(this.topic);
    for (const { partition, high } of ends) {
      this.pos[partition] = Number(high);
      this.ringFrom[partition] = Number(high);
    }
    this.reader = this.options.openReader({
      topic: this.topic,
      groupId: `${this.options.groupPrefix}-${this.topic}`,
      startOffsets: new Map(this.pos.map((offset, partition) => [partition, offset])),
      onRecords: (records) => this.dispatch(records),
      onStatus: (status, error) => {
        this.downSince = status === 'down' ? (this.downSince ?? Date.now()) : undefined;
        this.lastError = error;
        this.options.onStatus(this, status, error);
      },
    });
    await this.reader.start();
  }

  async stop(error?: AppError): Promise<void> {
    for (const member of [...this.members]) member.end(error);
    this.members.clear();
    const reader = this.reader;
    this.reader = undefined;
    await reader?.stop();
  }

  /** Adds a subscriber. Synchronous, so no record can slip between computing its start and joining the fan-out. */
  join(subscription: LiveSubscription<LiveDelivery>, filter: EventFilter, start: MemberStart): FeedMember {
    const member = new FeedMember(this, subscription, filter);
    this.members.add(member);
    if (start === 'LATEST') {
      member.synced = true;
      return member;
    }
    const behind: number[] = [];
    const partitions = Math.max(this.pos.length, ...[...start.keys()].map((p) => p + 1));
    for (let p = 0; p < partitions; p++) {
      const from = start.get(p) ?? 0;
      member.positions[p] = from;
      if (this.pos[p] !== undefined && from < this.pos[p]!) behind.push(p);
    }
    if (behind.length === 0) {
      member.maybeSync();
      return member;
    }
    if (behind.every((p) => member.positions[p]! >= (this.ringFrom[p] ?? Number.MAX_SAFE_INTEGER)) && this.replayFromRing(member, new Set(behind))) {
      member.maybeSync();
      return member;
    }
    for (const p of behind) member.catching.add(p);
    void member.catchUp(this.options.openReader, `${this.options.groupPrefix}-catchup-${randomUUID().slice(0, 8)}`);
    return member;
  }

  leave(member: FeedMember): void {
    if (!this.members.delete(member)) return;
    member.stopCatchUp();
    if (this.members.size === 0) this.options.onIdle(this);
  }

  /** The delivery synced members share for the event being dispatched: positions right after it. */
  sharedDelivery(event: FeedEvent): LiveDelivery {
    if (this.current !== event || !this.currentDelivery) {
      this.current = event;
      this.currentDelivery = new LiveDelivery(event, this.pos.slice(), this.scope);
    }
    return this.currentDelivery;
  }

  /** Decodes record values for every view of this topic (schemas fetched before the events go out). */
  get decoder(): PayloadDecoderPort | undefined {
    return this.options.decoder;
  }

  private async dispatch(records: KafkaRecord[]): Promise<void> {
    await this.options.decoder?.prefetch(records.map((r) => r.value), this.options.topic);
    const chunk = Math.max(1, this.options.dispatchChunk ?? 256);
    for (let start = 0; start < records.length; start += chunk) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      this.dispatchChunk(records, start, Math.min(records.length, start + chunk));
    }
  }

  private dispatchChunk(records: KafkaRecord[], from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const record = records[i]!;
      const p = record.partition;
      if (record.offset < (this.pos[p] ?? 0)) continue; // already dispatched (reader reconnected)
      if (this.pos[p] === undefined) this.ringFrom[p] = record.offset; // a partition added after the feed started
      this.pos[p] = record.offset + 1;
      const event = FeedEvent.fromRecord(record, this.options.decoder);
      this.remember(event);
      for (const member of this.members) member.offerLive(event);
    }
    this.current = undefined;
    this.currentDelivery = undefined;
  }

  private remember(event: FeedEvent): void {
    const capacity = this.ring.length;
    if (capacity === 0) {
      this.ringFrom[event.partition] = event.offset + 1;
      return;
    }
    if (this.ringSize === capacity) {
      const evicted = this.ring[this.ringHead]!;
      this.ringFrom[evicted.partition] = evicted.offset + 1;
      this.ring[this.ringHead] = event;
      this.ringHead = (this.ringHead + 1) % capacity;
    } else {
      this.ring[(this.ringHead + this.ringSize) % capacity] = event;
      this.ringSize++;
    }
  }

  /** Replays ring events of the given partitions; false (nothing delivered) when they would not fit the member's buffer. */
  private replayFromRing(member: FeedMember, partitions: Set<number>): boolean {
    const pending: LiveDelivery[] = [];
    const positions = member.positions.slice();
    const room = member.subscription.capacity - member.subscription.buffered;
    for (let i = 0; i < this.ringSize; i++) {
      const event = this.ring[(this.ringHead + i) % this.ring.length]!;
      const p = event.partition;
      if (!partitions.has(p) || event.offset < positions[p]!) continue;
      positions[p] = event.offset + 1;
      if (member.filter(event)) {
        if (pending.length >= room) return false;
        pending.push(new LiveDelivery(event, positions.slice(), this.scope));
      }
    }
    for (let p = 0; p < positions.length; p++) member.positions[p] = positions[p]!;
    for (const delivery of pending) member.subscription.push(delivery);
    return true;
  }
}

/** One subscriber inside a feed: its own positions until it is synced with the feed. */
export class FeedMember {
  readonly positions: number[] = [];
  /** Partitions still served by the catch-up reader; live records of these are ignored until hand-over. */
  readonly catching = new Set<number>();
  synced = false;
  private catchUpReader?: ReaderHandle;

  constructor(
    private readonly feed: TopicFeed,
    readonly subscription: LiveSubscription<LiveDelivery>,
    readonly filter: EventFilter,
  ) {}

  offerLive(event: FeedEvent): void {
    if (this.synced) {
      if (this.filter(event)) this.subscription.push(this.feed.sharedDelivery(event));
      return;
    }
    const p = event.partition;
    const next = this.positions[p] ?? 0;
    if (this.catching.has(p)) {
      // Hand over as soon as the live stream reaches exactly the member's next record.
      if (event.offset !== next) return;
      this.catching.delete(p);
      if (this.catching.size === 0) this.stopCatchUp();
    } else if (event.offset < next) {
      return;
    }
    this.positions[p] = event.offset + 1;
    if (this.filter(event)) this.subscription.push(new LiveDelivery(event, this.positions.slice(), this.feed.scope));
    this.maybeSync();
  }

  /** Synced once nothing is caught up any more and every position equals the feed's. */
  maybeSync(): void {
    if (this.synced || this.catching.size > 0) return;
    const feedPos = this.feed.pos;
    if (this.positions.length > feedPos.length) return;
    for (let p = 0; p < feedPos.length; p++) if ((this.positions[p] ?? feedPos[p]) !== feedPos[p]) return;
    this.synced = true;
  }

  end(error?: AppError): void {
    this.stopCatchUp();
    this.subscription.end(error);
  }

  async catchUp(openReader: ReaderFactory, groupId: string): Promise<void> {
    const startOffsets = new Map<number, number>();
    for (let p = 0; p < Math.max(this.positions.length, this.feed.pos.length); p++) {
      const offset = this.catching.has(p) ? this.positions[p] : this.feed.pos[p];
      if (offset !== undefined) startOffsets.set(p, offset);
    }
    const reader = openReader({
      topic: this.feed.topic,
      groupId,
      startOffsets,
      onRecords: (records, control) => this.takeCaughtUp(records, control),
    });
    this.catchUpReader = reader;
    try {
      await reader.start();
      if (this.catchUpReader !== reader) await reader.stop(); // handed over or left while starting
    } catch (error) {
      this.catchUpReader = undefined;
      await reader.stop().catch(() => undefined);
      this.subscription.end(isAppError(error) ? error : new AppError('UPSTREAM_UNAVAILABLE', 'could not start reading the topic history'));
    }
  }

  stopCatchUp(): void {
    const reader = this.catchUpReader;
    this.catchUpReader = undefined;
    if (reader) void reader.stop().catch(() => undefined);
  }

  private async takeCaughtUp(records: KafkaRecord[], control: ReaderControl): Promise<number | void> {
    const p = records[0]!.partition;
    if (!this.catching.has(p) || this.subscription.isClosed) return;
    await this.feed.decoder?.prefetch(records.map((r) => r.value), this.feed.topic);
    const high = Math.max(1, Math.floor(this.subscription.capacity / 2));
    const low = Math.max(1, Math.floor(this.subscription.capacity / 4));
    for (const record of records) {
      if (!this.catching.has(p)) return; // the live stream took over meanwhile
      if (record.offset < this.positions[p]!) continue;
      if (this.subscription.buffered >= high) {
        // Backpressure: the reader waits (heartbeating) for the subscriber instead of buffering without bound.
        while (this.subscription.buffered >= low && !this.subscription.isClosed) {
          if (!control.isRunning()) return record.offset;
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([this.subscription.whenBelow(low), new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
          clearTimeout(timer);
          await control.heartbeat().catch(() => undefined);
        }
        if (this.subscription.isClosed) return;
        if (!this.catching.has(p)) return;
      }
      this.positions[p] = record.offset + 1;
      const event = FeedEvent.fromRecord(record, this.feed.decoder);
      if (this.filter(event)) this.subscription.push(new LiveDelivery(event, this.positions.slice(), this.feed.scope));
    }
    if (this.positions[p]! >= (this.feed.pos[p] ?? 0)) {
      this.catching.delete(p);
      if (this.catching.size === 0) {
        this.stopCatchUp();
        this.maybeSync();
      }
    }
  }
}
