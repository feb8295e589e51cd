import { createLogger } from '../../../src/logging/logger';
import { type FeedEvent, LiveHub, LiveSubscription, type LiveDelivery } from '../../../src/services/live';
import { decodeLiveCursor, topicScope } from '../../../src/services/live/cursor';
import { createFakeTopic } from './fake-kafka';

const logger = createLogger({ level: 'silent' });

function setup({ partitions = 2, replayEvents = 100 } = {}) {
  const topic = createFakeTopic('t', partitions);
  const hub = new LiveHub({ admin: topic.admin, openReader: topic.openReader, groupPrefix: 'g', replayEvents, consumerLingerMs: 0, outageGraceMs: 1_000, logger });
  const subscribe = async (start: 'LATEST' | Map<number, number>, capacity = 1_000, filter: (e: FeedEvent) => boolean = () => true) => {
    const sub = new LiveSubscription<LiveDelivery>({ capacity, policy: 'SLOW_CONSUMER' });
    await hub.join('t', sub, filter, start);
    return sub;
  };
  return { topic, hub, subscribe };
}

async function drain(sub: LiveSubscription<LiveDelivery>): Promise<LiveDelivery[]> {
  const out: LiveDelivery[] = [];
  while (sub.buffered > 0) out.push((await sub.next()).value as LiveDelivery);
  return out;
}

const ids = (deliveries: LiveDelivery[]) => deliveries.map((d) => `${d.event.partition}:${d.event.offset}`);

describe('topic feed', () => {
  it('fans each record out to every member and lets synced members share one delivery', async () => {
    const { topic, subscribe } = setup();
    const a = await subscribe('LATEST');
    const b = await subscribe('LATEST');
    topic.produce(0, { n: 1 });
    topic.produce(1, { n: 2 });
    await topic.pumpLive();
    const [da, db] = [await drain(a), await drain(b)];
    expect(ids(da)).toEqual(['0:0', '1:0']);
    expect(da[0]).toBe(db[0]); // same object: executed and serialized once downstream
  });

  it('encodes positions after each event in its cursor', async () => {
    const { topic, subscribe } = setup();
    const sub = await subscribe('LATEST');
    topic.produce(1, { n: 1 });
    topic.produce(0, { n: 2 });
    await topic.pumpLive();
    const [first, second] = await drain(sub);
    expect(first!.event.partition).toBe(0);
    expect([...decodeLiveCursor(first!.cursor, topicScope('t'), 'c')]).toEqual([[0, 1], [1, 0]]);
    expect([...decodeLiveCursor(second!.cursor, topicScope('t'), 'c')]).toEqual([[0, 1], [1, 1]]);
  });

  it('resumes from the replay ring exactly after the cursor', async () => {
    const { topic, subscribe } = setup();
    const first = await subscribe('LATEST');
    for (let i = 0; i < 10; i++) topic.produce(i % 2, { i });
    await topic.pumpLive();
    const got = await drain(first);
    const cursor = decodeLiveCursor(got[3]!.cursor, topicScope('t'), 'c');
    const resumed = await subscribe(cursor);
    expect(topic.catchUpReaders()).toBe(0);
    const replay = await drain(resumed);
    expect(ids(replay)).toEqual(ids(got.slice(4)));
  });

  it('catches up from Kafka when the ring no longer covers the cursor, then hands over to live without gaps or duplicates', async () => {
    const { topic, subscribe } = setup({ replayEvents: 3 });
    await subscribe('LATEST');
    for (let i = 0; i < 10; i++) topic.produce(0, { i });
    await topic.pumpLive();
    const resumed = await subscribe(new Map([[0, 2], [1, 0]]));
    expect(topic.catchUpReaders()).toBe(1);
    // Live records arriving during the catch-up are not delivered twice.
    for (let i = 10; i < 13; i++) topic.produce(0, { i });
    await topic.pumpLive();
    await topic.pumpCatchUp();
    for (let i = 13; i < 15; i++) topic.produce(0, { i });
    await topic.pumpLive();
    const got = await drain(resumed);
    expect(got.map((d) => d.event.offset)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(topic.catchUpReaders()).toBe(0);
  });

  it('hands a partition over mid catch-up when the live stream reaches exactly the next record', async () => {
    const { topic, subscribe } = setup({ partitions: 1, replayEvents: 0 });
    await subscribe('LATEST');
    for (let i = 0; i < 4; i++) topic.produce(0, { i });
    await topic.pumpLive();
    const resumed = await subscribe(new Map([[0, 0]]));
    await topic.pumpCatchUp(); // 0..3: now at the feed's position → handed over
    expect(topic.catchUpReaders()).toBe(0);
    topic.produce(0, { i: 4 });
    await topic.pumpLive();
    expect((await drain(resumed)).map((d) => d.event.offset)).toEqual([0, 1, 2, 3, 4]);
  });

  it('applies backpressure to a catch-up instead of overflowing the subscriber', async () => {
    const { topic, subscribe } = setup({ partitions: 1, replayEvents: 0 });
    await subscribe('LATEST');
    for (let i = 0; i < 50; i++) topic.produce(0, { i });
    await topic.pumpLive();
    const resumed = await subscribe(new Map([[0, 0]]), 10);
    const pumping = topic.pumpCatchUp();
    const seen: number[] = [];
    while (seen.length < 50) {
      const next = await resumed.next();
      seen.push((next.value as LiveDelivery).event.offset);
    }
    await pumping;
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(resumed.isClosed).toBe(false);
  });

  it('filters per member but still advances its cursor past filtered records', async () => {
    const { topic, subscribe } = setup({ partitions: 1 });
    const sub = await subscribe('LATEST', 100, (e) => (e.json() as { i: number }).i % 2 === 0);
    for (let i = 0; i < 5; i++) topic.produce(0, { i });
    await topic.pumpLive();
    const got = await drain(sub);
    expect(got.map((d) => d.event.offset)).toEqual([0, 2, 4]);
    expect([...decodeLiveCursor(got[2]!.cursor, topicScope('t'), 'c')]).toEqual([[0, 5]]);
  });

  it('stops the topic reader once the last member left', async () => {
    const { topic, hub, subscribe } = setup();
    const sub = await subscribe('LATEST');
    expect(hub.feeds()).toEqual([{ topic: 't', members: 1, down: false }]);
    await sub.return();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(hub.feeds()).toEqual([]);
    expect(topic.readers.size).toBe(0);
  });
});
