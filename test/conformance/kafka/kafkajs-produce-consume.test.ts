import { CompressionTypes, type EachBatchPayload } from 'kafkajs';
import { waitFor } from '../../helpers/wait-for';
import { FAST_CONSUMER, kafkaTestKit, recordingConsumer, type Received, itWithStandIn } from './kafka-test-kit';

const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

const messages = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => ({ key: `${prefix}-${i}`, value: `${prefix}-value-${i}` }));

describe('embedded Kafka produce and consume through kafkajs', () => {
  it.each([
    ['uncompressed', CompressionTypes.None, 1],
    ['gzip', CompressionTypes.GZIP, -1],
  ])('round-trips %s batches in order with headers and timestamps', async (_label, compression, acks) => {
    const broker = await kit.broker();
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'events' }] });
    const producer = await kit.connected(kafka.producer());
    const sent = messages(50, 'e').map((m, i) => ({ ...m, headers: { index: String(i) }, timestamp: String(1_700_000_000_000 + i) }));
    const [ack] = await producer.send({ topic: 'events', acks, compression, messages: sent.slice(0, 25) });
    expect(ack).toMatchObject({ errorCode: 0, baseOffset: '0' });
    const [second] = await producer.send({ topic: 'events', acks, compression, messages: sent.slice(25) });
    expect(second).toMatchObject({ errorCode: 0, baseOffset: '25' });

    const received: Array<{ offset: string; key: string; value: string; header: string; timestamp: string }> = [];
    const consumer = await kit.connected(kafka.consumer({ groupId: `round-trip-${compression}`, ...FAST_CONSUMER }));
    await consumer.subscribe({ topic: 'events', fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({
          offset: message.offset,
          key: message.key!.toString(),
          value: message.value!.toString(),
          header: message.headers!.index!.toString(),
          timestamp: message.timestamp,
        });
      },
    });
    await waitFor(() => received.length >= 50, { what: '50 messages' });
    expect(received).toEqual(sent.map((m, i) => ({ offset: String(i), key: m.key, value: m.value, header: String(i), timestamp: m.timestamp })));
  });

  it('delivers to eachBatch and commits resolved offsets', async () => {
    const broker = await kit.broker();
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'batches', numPartitions: 3 }] });
    const producer = await kit.connected(kafka.producer());
    await producer.send({ topic: 'batches', messages: messages(300, 'b') });
    const consumer = await kit.connected(kafka.consumer({ groupId: 'batcher', ...FAST_CONSUMER }));
    await consumer.subscribe({ topic: 'batches', fromBeginning: true });
    let count = 0;
    await consumer.run({
      eachBatch: async ({ batch, resolveOffset, heartbeat }: EachBatchPayload) => {
        for (const message of batch.messages) {
          count++;
          resolveOffset(message.offset);
        }
        await heartbeat();
      },
    });
    await waitFor(() => count >= 300, { what: '300 messages' });
    const committed = await waitFor(
      async () => {
        const [topic] = await admin.fetchOffsets({ groupId: 'batcher', topics: ['batches'] });
        const total = topic!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
        return total === 300 ? topic : false;
      },
      { what: 'commits covering all 300 messages' },
    );
    expect(committed!.partitions).toHaveLength(3);
    expect(count).toBe(300);
  });

  it('seeks back, pauses and resumes a partition', async () => {
    const broker = await kit.broker();
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'seekable' }] });
    const producer = await kit.connected(kafka.producer());
    await producer.send({ topic: 'seekable', messages: messages(10, 's') });

    const seen: number[] = [];
    const consumer = await kit.connected(kafka.consumer({ groupId: 'seeker', ...FAST_CONSUMER }));
    await consumer.subscribe({ topic: 'seekable', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(Number(message.offset)) });
    await waitFor(() => seen.length >= 10, { what: 'first pass' });
    consumer.seek({ topic: 'seekable', partition: 0, offset: '7' });
    await waitFor(() => seen.length >= 13, { what: 'replay after seek' });
    expect(seen.slice(10, 13)).toEqual([7, 8, 9]);

    consumer.pause([{ topic: 'seekable' }]);
    expect(consumer.paused()).toEqual([{ topic: 'seekable', partitions: [0] }]);
    await producer.send({ topic: 'seekable', messages: messages(2, 'paused') });
    // While paused nothing arrives; the high watermark proves the messages are there.
    await waitFor(async () => (await admin.fetchTopicOffsets('seekable'))[0]!.high === '12', { what: 'high watermark 12' });
    expect(seen).toHaveLength(13);
    consumer.resume([{ topic: 'seekable' }]);
    await waitFor(() => seen.length >= 15, { what: 'messages after resume' });
    expect(seen.slice(13)).toEqual([10, 11]);
  });

  it('resets and sets group offsets through the admin client while the group is empty', async () => {
    const broker = await kit.broker();
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'resettable' }] });
    const producer = await kit.connected(kafka.producer());
    await producer.send({ topic: 'resettable', messages: messages(5, 'r') });

    await admin.setOffsets({ groupId: 'resetter', topic: 'resettable', partitions: [{ partition: 0, offset: '3' }] });
    expect((await admin.fetchOffsets({ groupId: 'resetter', topics: ['resettable'] }))[0]!.partitions).toEqual([{ partition: 0, offset: '3', metadata: null }]);
    const received: Received[] = [];
    const consumer = await recordingConsumer(kafka, 'resetter', 'resettable', received, 'c');
    kit.leftovers.add(() => consumer.disconnect());
    await waitFor(() => received.length >= 2, { what: 'messages from offset 3' });
    expect(received.map((r) => r.offset)).toEqual([3, 4]);
    await consumer.disconnect();

    // kafkajs commits the pseudo offset -2 (earliest); a consumer of the group then starts from the log start.
    // (Each kafkajs setOffsets/resetOffsets costs one consumer maxWaitTime, 5 s, by kafkajs's design.)
    await admin.resetOffsets({ groupId: 'resetter', topic: 'resettable', earliest: true });
    expect((await admin.fetchOffsets({ groupId: 'resetter', topics: ['resettable'] }))[0]!.partitions[0]!.offset).toBe('-2');
    const replayed: Received[] = [];
    const again = await recordingConsumer(kafka, 'resetter', 'resettable', replayed, 'c2');
    kit.leftovers.add(() => again.disconnect());
    await waitFor(() => replayed.length >= 5, { what: 'replay from the beginning' });
    expect(replayed.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4]);
  });

  it('lists, describes and deletes consumer groups', async () => {
    const broker = await kit.broker();
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'grouped' }] });
    const producer = await kit.connected(kafka.producer());
    await producer.send({ topic: 'grouped', messages: messages(3, 'g') });
    const received: Received[] = [];
    const consumer = await recordingConsumer(kafka, 'listed', 'grouped', received, 'c');
    kit.leftovers.add(() => consumer.disconnect());
    const stable = await waitFor(async () => {
      const { groups } = await admin.describeGroups(['listed']);
      return groups[0]!.state === 'Stable' ? groups[0] : false;
    }, { what: 'a stable group' });
    expect(stable).toMatchObject({ groupId: 'listed', protocolType: 'consumer', protocol: 'RoundRobinAssigner' });
    expect(stable!.members).toHaveLength(1);
    // A real cluster may hold groups of other clients; the fresh stand-in holds exactly this one.
    const listed = (await admin.listGroups()).groups.filter((group) => !kit.external || group.groupId === 'listed');
    expect(listed).toEqual([{ groupId: 'listed', protocolType: 'consumer' }]);
    await expect(admin.deleteGroups(['listed'])).rejects.toMatchObject({ groups: [expect.objectContaining({ errorCode: 68 })] });

    await waitFor(async () => (await admin.fetchOffsets({ groupId: 'listed', topics: ['grouped'] }))[0]!.partitions[0]!.offset === '3', { what: 'commit' });
    await consumer.disconnect();
    await expect(admin.deleteGroups(['listed'])).resolves.toEqual([{ groupId: 'listed', errorCode: 0 }]);
    expect((await admin.listGroups()).groups).toEqual([]);
    expect((await admin.describeGroups(['listed'])).groups[0]!.state).toBe('Dead');
  });

  it('accepts an idempotent producer and does not duplicate a retried batch', async () => {
    const broker = await kit.broker();
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'exactly-once', numPartitions: 2 }] });
    const producer = await kit.connected(kafka.producer({ idempotent: true, maxInFlightRequests: 1 }));
    for (let round = 0; round < 5; round++) await producer.send({ topic: 'exactly-once', acks: -1, messages: messages(20, `i${round}`) });
    const offsets = await admin.fetchTopicOffsets('exactly-once');
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(100);
  });

  itWithStandIn('keeps topics, messages and committed offsets across a restart on the same data dir and port', async () => {
    const dataDir = kit.tempDir();
    const first = await kit.broker({ dataDir });
    const kafka = kit.client(first);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'durable', numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '86400000' }] }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'durable', acks: -1, messages: messages(40, 'd') });
    const consumed: Received[] = [];
    const survivor = await recordingConsumer(kafka, 'survivor', 'durable', consumed, 'c');
    await waitFor(async () => {
      const [topic] = await admin.fetchOffsets({ groupId: 'survivor', topics: ['durable'] });
      return topic!.partitions.reduce((sum, p) => sum + Number(p.offset), 0) === 40;
    }, { what: 'the group committing all 40' });
    await survivor.disconnect();
    await producer.disconnect();
    await admin.disconnect();
    await first.stop();

    const second = await kit.broker({ dataDir, port: first.port });
    expect(second.port).toBe(first.port);
    const again = kit.client(second);
    const admin2 = await kit.connected(again.admin());
    const offsets = await admin2.fetchTopicOffsets('durable');
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(40);
    const committed = (await admin2.fetchOffsets({ groupId: 'survivor', topics: ['durable'] }))[0]!.partitions;
    expect(committed.map((p) => p.offset).sort()).toEqual(offsets.map((p) => p.high).sort());
    const configs = await admin2.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: 'durable', configNames: ['retention.ms'] }] });
    expect(configs.resources[0]!.configEntries[0]!.configValue).toBe('86400000');

    const received: Received[] = [];
    const consumer = await recordingConsumer(again, 'fresh', 'durable', received, 'c');
    kit.leftovers.add(() => consumer.disconnect());
    await waitFor(() => received.length >= 40, { what: 'all 40 messages after restart' });
    expect(new Set(received.map((r) => r.key)).size).toBe(40);
    // Appends continue after the recovered end.
    const producer2 = await kit.connected(again.producer());
    const acks = await producer2.send({ topic: 'durable', messages: [{ key: 'late', value: 'late', partition: 0 }] });
    expect(Number(acks[0]!.baseOffset)).toBe(Number(offsets.find((p) => p.partition === 0)!.high));
  });
});
