import { ConfigResourceTypes } from 'kafkajs';
import { waitFor } from '../../helpers/wait-for';
import { kafkaTestKit, itWithStandIn } from './kafka-test-kit';

const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

async function setup() {
  const broker = await kit.broker();
  const kafka = kit.client(broker);
  const admin = await kit.connected(kafka.admin());
  return { broker, kafka, admin };
}

describe('embedded Kafka admin operations through kafkajs', () => {
  itWithStandIn('creates a topic, lists it and describes its partitions on node 0 at the bound port', async () => {
    const { broker, admin } = await setup();
    expect(broker.port).toBeGreaterThan(0);
    expect(broker.brokers).toBe(`127.0.0.1:${broker.port}`);
    await expect(admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] })).resolves.toBe(true);
    expect(await admin.listTopics()).toContain('orders');
    const metadata = await admin.fetchTopicMetadata({ topics: ['orders'] });
    expect(metadata.topics[0]!.partitions.map((p) => [p.partitionId, p.leader, p.replicas, p.isr])).toEqual([
      [0, 0, [0], [0]],
      [1, 0, [0], [0]],
      [2, 0, [0], [0]],
    ]);
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toEqual([{ nodeId: 0, host: '127.0.0.1', port: broker.port }]);
    expect(cluster.controller).toBe(0);
  });

  it('answers createTopics for an existing topic with TOPIC_ALREADY_EXISTS (kafkajs resolves false)', async () => {
    const { admin } = await setup();
    await admin.createTopics({ topics: [{ topic: 'twice' }] });
    await expect(admin.createTopics({ topics: [{ topic: 'twice' }] })).resolves.toBe(false);
  });

  it('rejects replication factor 3 with INVALID_REPLICATION_FACTOR and illegal names with INVALID_TOPIC_EXCEPTION', async () => {
    const { admin } = await setup();
    await expect(admin.createTopics({ topics: [{ topic: 'rf3', replicationFactor: 3 }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_REPLICATION_FACTOR' })],
    });
    await expect(admin.createTopics({ topics: [{ topic: 'bad/name' }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_TOPIC_EXCEPTION' })],
    });
  });

  it('validates without creating when validateOnly is set', async () => {
    const { admin } = await setup();
    await admin.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic: 'dry-run', numPartitions: 2 }] });
    expect(await admin.listTopics()).not.toContain('dry-run');
  });

  it('rejects an unknown topic config and a bad value with INVALID_CONFIG', async () => {
    const { admin } = await setup();
    await expect(admin.createTopics({ topics: [{ topic: 'cfg', configEntries: [{ name: 'no.such.config', value: '1' }] }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })],
    });
    await expect(admin.createTopics({ topics: [{ topic: 'cfg', configEntries: [{ name: 'retention.ms', value: 'soon' }] }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })],
    });
    await expect(admin.createTopics({ topics: [{ topic: 'cfg', configEntries: [{ name: 'cleanup.policy', value: 'nope' }] }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })],
    });
  });

  it('describes topic configs with defaults and overrides, and alters them', async () => {
    const { admin } = await setup();
    await admin.createTopics({ topics: [{ topic: 'configured', configEntries: [{ name: 'retention.ms', value: '60000' }] }] });
    const describe = async () => {
      const result = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'configured' }] });
      return Object.fromEntries(result.resources[0]!.configEntries.map((entry) => [entry.configName, { value: entry.configValue, isDefault: entry.isDefault }]));
    };
    const before = await describe();
    expect(before['retention.ms']).toEqual({ value: '60000', isDefault: false });
    expect(before['segment.bytes']).toEqual({ value: '1073741824', isDefault: true });
    expect(before['cleanup.policy']).toEqual({ value: 'delete', isDefault: true });

    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'configured', configEntries: [{ name: 'max.message.bytes', value: '2048' }] }],
    });
    const after = await describe();
    expect(after['max.message.bytes']).toEqual({ value: '2048', isDefault: false });
    // AlterConfigs replaces the whole override set, as Kafka's non-incremental API does.
    expect(after['retention.ms']).toEqual({ value: '604800000', isDefault: true });

    await expect(
      admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'configured', configEntries: [{ name: 'bogus', value: '1' }] }] }),
    ).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
  });

  it('refuses a produce batch larger than max.message.bytes with MESSAGE_TOO_LARGE', async () => {
    const { kafka, admin } = await setup();
    await admin.createTopics({ topics: [{ topic: 'small', configEntries: [{ name: 'max.message.bytes', value: '200' }] }] });
    const producer = await kit.connected(kafka.producer({ retry: { retries: 0 } }));
    await expect(producer.send({ topic: 'small', messages: [{ value: 'x'.repeat(500) }] })).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    await expect(producer.send({ topic: 'small', messages: [{ value: 'ok' }] })).resolves.toHaveLength(1);
  });

  it('adds partitions and refuses to shrink with INVALID_PARTITIONS', async () => {
    const { admin } = await setup();
    await admin.createTopics({ topics: [{ topic: 'growing', numPartitions: 1 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: 'growing', count: 4 }] });
    const metadata = await admin.fetchTopicMetadata({ topics: ['growing'] });
    expect(metadata.topics[0]!.partitions).toHaveLength(4);
    await expect(admin.createPartitions({ topicPartitions: [{ topic: 'growing', count: 2 }] })).rejects.toMatchObject({ type: 'INVALID_PARTITIONS' });
  });

  it('deletes topics and then reports them unknown', async () => {
    const { admin } = await setup();
    await admin.createTopics({ topics: [{ topic: 'doomed' }, { topic: 'kept' }] });
    await admin.deleteTopics({ topics: ['doomed'] });
    const topics = await admin.listTopics();
    expect(topics).toContain('kept');
    expect(topics).not.toContain('doomed');
    await expect(admin.fetchTopicMetadata({ topics: ['doomed'] })).rejects.toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION' });
  });

  it('reports earliest, latest and by-timestamp offsets, and moves the start with deleteTopicRecords', async () => {
    const { kafka, admin } = await setup();
    await admin.createTopics({ topics: [{ topic: 'timeline' }] });
    const producer = await kit.connected(kafka.producer());
    const base = Date.now() - 100_000;
    await producer.send({ topic: 'timeline', messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, timestamp: String(base + i * 1000) })) });
    expect(await admin.fetchTopicOffsets('timeline')).toEqual([{ partition: 0, offset: '10', high: '10', low: '0' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp('timeline', base + 3500)).toEqual([{ partition: 0, offset: '4' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp('timeline', base + 999_999)).toEqual([{ partition: 0, offset: '10' }]);
    await admin.deleteTopicRecords({ topic: 'timeline', partitions: [{ partition: 0, offset: '6' }] });
    expect(await admin.fetchTopicOffsets('timeline')).toEqual([{ partition: 0, offset: '10', high: '10', low: '6' }]);
  });

  itWithStandIn('creates topics on first use only when autoCreateTopics is on', async () => {
    const off = await setup();
    const producerOff = await kit.connected(off.kafka.producer({ retry: { retries: 1, initialRetryTime: 20 } }));
    await expect(producerOff.send({ topic: 'implicit', messages: [{ value: 'x' }] })).rejects.toThrow();

    const broker = await kit.broker({ autoCreateTopics: true, defaultPartitions: 2 });
    const kafka = kit.client(broker);
    const producer = await kit.connected(kafka.producer());
    await producer.send({ topic: 'implicit', messages: [{ value: 'x' }] });
    const admin = await kit.connected(kafka.admin());
    const metadata = await admin.fetchTopicMetadata({ topics: ['implicit'] });
    expect(metadata.topics[0]!.partitions).toHaveLength(2);
  });

  itWithStandIn('deletes segments past retention.ms in the background and moves the low watermark', async () => {
    const broker = await kit.broker({ retentionCheckIntervalMs: 50 });
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'expiring', configEntries: [{ name: 'retention.ms', value: '60000' }, { name: 'segment.bytes', value: '1024' }] }] });
    const producer = await kit.connected(kafka.producer());
    const old = String(Date.now() - 3_600_000);
    for (let i = 0; i < 5; i++) await producer.send({ topic: 'expiring', messages: Array.from({ length: 10 }, () => ({ value: 'x'.repeat(50), timestamp: old })) });
    const low = await waitFor(async () => {
      const [partition] = await admin.fetchTopicOffsets('expiring');
      return partition!.low === '50' ? partition : false;
    }, { what: 'retention to remove the hour-old records' });
    expect(low).toEqual({ partition: 0, offset: '50', high: '50', low: '50' });
    // Fresh records stay.
    await producer.send({ topic: 'expiring', messages: [{ value: 'new' }] });
    expect((await admin.fetchTopicOffsets('expiring'))[0]).toMatchObject({ low: '50', high: '51' });
  });
});
