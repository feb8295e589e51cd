import { waitFor } from '../../helpers/wait-for';
import { kafkaTestKit, itWithStandIn } from './kafka-test-kit';
import { Body, Cursor, RawClient } from './raw-client';

const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

async function rawClient(port: number): Promise<RawClient> {
  const client = await RawClient.connect(port);
  kit.leftovers.add(() => client.close());
  return client;
}

function joinBody(groupId: string, memberId: string, sessionMs: number, rebalanceMs: number): Buffer {
  return new Body().string(groupId).int32(sessionMs).int32(rebalanceMs).string(memberId).string(null).string('consumer').int32(1).string('range').bytes(Buffer.from('meta')).build();
}

function parseJoin(body: Buffer) {
  const c = new Cursor(body);
  c.int32();
  const errorCode = c.int16();
  const generationId = c.int32();
  const protocolName = c.string();
  const leader = c.string();
  const memberId = c.string()!;
  const members = Array.from({ length: c.int32() }, () => ({ memberId: c.string(), instance: c.string(), metadata: c.bytes() }));
  return { errorCode, generationId, protocolName, leader, memberId, members };
}

const heartbeatBody = (groupId: string, generation: number, memberId: string) => new Body().string(groupId).int32(generation).string(memberId).string(null).build();
const errorOf = (body: Buffer) => body.readInt16BE(4); // after throttle_time_ms

describe('embedded Kafka wire protocol edge cases', () => {
  itWithStandIn('answers ApiVersions at an unsupported version with UNSUPPORTED_VERSION in the v0 layout, listing its ranges', async () => {
    const broker = await kit.broker();
    const client = await rawClient(broker.port);
    const c = new Cursor(await client.request(18, 3, Buffer.from([0, 0, 0])));
    expect(c.int16()).toBe(35);
    const ranges = new Map(Array.from({ length: c.int32() }, () => [c.int16(), [c.int16(), c.int16()]]));
    expect(c.remaining).toBe(0); // v0 layout: no throttle_time_ms
    expect(ranges.get(18)).toEqual([0, 2]);
    expect(ranges.get(3)).toEqual([0, 6]);
    expect(ranges.get(0)).toEqual([3, 7]);
    expect(ranges.get(1)).toEqual([4, 11]);

    const ok = new Cursor(await client.request(18, 2));
    expect(ok.int16()).toBe(0);
  });

  it.each([
    ['an unknown API key', 99, 0],
    ['an unsupported version', 3, 42],
  ])('closes the connection on %s, as Kafka does, and serves the next one', async (_what, apiKey, apiVersion) => {
    const broker = await kit.broker();
    const client = await rawClient(broker.port);
    await expect(client.request(apiKey, apiVersion)).rejects.toThrow('connection closed');
    await client.closed;
    const next = await rawClient(broker.port);
    const metadata = new Cursor(await next.request(3, 0, new Body().int32(0).build()));
    expect(metadata.int32()).toBe(1); // one broker
    expect(metadata.int32()).toBe(0); // node id
    expect(metadata.string()).toBe('127.0.0.1');
    expect(metadata.int32()).toBe(broker.port);
  });

  itWithStandIn('creates __consumer_offsets on the first FindCoordinator and lists it as internal, refusing produce to it', async () => {
    const broker = await kit.broker({ offsetsTopicPartitions: 3 });
    const admin = await kit.connected(kit.client(broker).admin());
    expect(await admin.listTopics()).not.toContain('__consumer_offsets');
    const client = await rawClient(broker.port);
    expect((await client.request(10, 0, new Body().string('some-group').build())).readInt16BE(0)).toBe(0);
    const metadata = new Cursor(await client.request(3, 1, new Body().int32(1).string('__consumer_offsets').build()));
    metadata.int32(); // one broker
    metadata.int32();
    metadata.string();
    metadata.int32();
    metadata.string(); // rack
    metadata.int32(); // controller
    expect(metadata.int32()).toBe(1);
    expect(metadata.int16()).toBe(0);
    expect(metadata.string()).toBe('__consumer_offsets');
    expect(metadata.int8()).toBe(1); // is_internal
    expect(metadata.int32()).toBe(3); // partitions
    const producer = await kit.connected(kit.client(broker).producer({ retry: { retries: 0 } }));
    await expect(producer.send({ topic: '__consumer_offsets', messages: [{ value: 'x' }] })).rejects.toMatchObject({ type: 'INVALID_TOPIC_EXCEPTION' });
  });

  it('holds a fetch for maxWaitMs when there is less than minBytes, and wakes it on produce', async () => {
    const broker = await kit.broker();
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'polled' }] });
    const client = await rawClient(broker.port);
    const fetch = (maxWait: number, minBytes: number) =>
      client.request(1, 11, new Body().int32(-1).int32(maxWait).int32(minBytes).int32(1 << 20).int8(0).int32(0).int32(-1)
        .int32(1).string('polled').int32(1).int32(0).int32(-1).int64(0).int64(-1).int32(1 << 20).int32(0).string('').build());

    let started = Date.now();
    await fetch(300, 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);

    started = Date.now();
    const pending = fetch(5000, 1);
    const producer = await kit.connected(kafka.producer());
    await producer.send({ topic: 'polled', messages: [{ value: 'wake up' }] });
    const body = await pending;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(body.length).toBeGreaterThan(80); // carries the record batch

    // minBytes above what is there: waits the full maxWait despite available data.
    started = Date.now();
    await fetch(300, 1_000_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  itWithStandIn('drops a member whose session expires without heartbeats, then answers it UNKNOWN_MEMBER_ID', async () => {
    const broker = await kit.broker();
    const client = await rawClient(broker.port);
    const joined = parseJoin(await client.request(11, 5, joinBody('silent', '', 1000, 1000)));
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range', leader: joined.memberId });
    expect(joined.members).toHaveLength(1);
    const sync = await client.request(14, 3, new Body().string('silent').int32(1).string(joined.memberId).string(null).int32(1).string(joined.memberId).bytes(Buffer.from('mine')).build());
    expect(new Cursor(sync, 4).int16()).toBe(0);
    expect(errorOf(await client.request(12, 3, heartbeatBody('silent', 1, joined.memberId)))).toBe(0);
    expect(errorOf(await client.request(12, 3, heartbeatBody('silent', 7, joined.memberId)))).toBe(22); // ILLEGAL_GENERATION

    expect(errorOf(await client.request(12, 3, heartbeatBody('silent', 1, 'nobody')))).toBe(25); // UNKNOWN_MEMBER_ID
    // Heartbeats stop now; the session (1 s) runs out.
    const started = Date.now();
    await waitFor(
      async () => {
        const c = new Cursor(await client.request(15, 2, new Body().int32(1).string('silent').build()));
        c.int32();
        c.int32();
        c.int16();
        c.string();
        const state = c.string();
        return state === 'Empty';
      },
      { what: 'the group to empty', timeoutMs: 4000 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(errorOf(await client.request(12, 3, heartbeatBody('silent', 1, joined.memberId)))).toBe(25);
  });

  itWithStandIn('drops a member that does not rejoin within the rebalance timeout and completes the join for the rest', async () => {
    const broker = await kit.broker();
    const a = await rawClient(broker.port);
    const b = await rawClient(broker.port);
    const first = parseJoin(await a.request(11, 5, joinBody('slow', '', 10_000, 600)));
    await a.request(14, 3, new Body().string('slow').int32(1).string(first.memberId).string(null).int32(0).build());
    const started = Date.now();
    const second = parseJoin(await b.request(11, 5, joinBody('slow', '', 10_000, 600)));
    // a never rejoined: after its 600 ms rebalance timeout it is removed and b leads generation 2 alone.
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(second).toMatchObject({ errorCode: 0, generationId: 2, leader: second.memberId });
    expect(second.members.map((m) => m.memberId)).toEqual([second.memberId]);
    expect(errorOf(await a.request(12, 3, heartbeatBody('slow', 1, first.memberId)))).toBe(25);
  });

  itWithStandIn('rejects a session timeout outside the accepted range with INVALID_SESSION_TIMEOUT', async () => {
    const broker = await kit.broker();
    const client = await rawClient(broker.port);
    expect(parseJoin(await client.request(11, 5, joinBody('g', '', 10, 1000))).errorCode).toBe(26);
  });

  it('answers a fetch below the log start or beyond the end with OFFSET_OUT_OF_RANGE', async () => {
    const broker = await kit.broker();
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'ranged' }] });
    const client = await rawClient(broker.port);
    const body = new Body().int32(-1).int32(0).int32(1).int32(1 << 20).int8(0).int32(0).int32(-1)
      .int32(1).string('ranged').int32(1).int32(0).int32(-1).int64(5).int64(-1).int32(1 << 20).int32(0).string('').build();
    const c = new Cursor(await client.request(1, 11, body));
    c.int32(); // throttle
    expect(c.int16()).toBe(0);
    c.int32(); // session
    c.int32(); // topics
    c.string();
    c.int32(); // partitions
    expect(c.int32()).toBe(0);
    expect(c.int16()).toBe(1);
  });
});
