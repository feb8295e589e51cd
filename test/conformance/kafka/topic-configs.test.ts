import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { ensureInternalTopics } from '../../../embedded/connect/storage/key-value-log';
import { silentLogger } from '../../../embedded/logger';
import { waitFor } from '../../helpers/wait-for';
import { FAST_CONSUMER, kafkaTestKit, itWithStandIn } from './kafka-test-kit';
import { RawClient } from './raw-client';

const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

async function adminFor(kafkaVersion?: string): Promise<Admin> {
  const broker = await kit.broker({ kafkaVersion });
  return kit.connected(kit.client(broker).admin());
}

async function describeTopic(admin: Admin, topic: string) {
  const result = await admin.describeConfigs({ includeSynonyms: true, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
  return Object.fromEntries(result.resources[0]!.configEntries.map((entry) => [entry.configName, entry]));
}

/** Every config a real topic accepts (values Kafka's docs use), none of which the broker may refuse. */
const ACCEPTED = [
  ['compression.type', 'lz4'],
  ['min.insync.replicas', '1'],
  ['segment.ms', '3600000'],
  ['message.timestamp.type', 'LogAppendTime'],
  ['unclean.leader.election.enable', 'true'],
  ['delete.retention.ms', '1000'],
  ['max.compaction.lag.ms', '60000'],
  ['preallocate', 'true'],
  ['cleanup.policy', 'compact'],
] as const;

describe('embedded Kafka topic configs, as strict as Kafka 2.4+', () => {
  it.each(ACCEPTED)('accepts %s=%s on create and describes it as a topic override', async (name, value) => {
    const admin = await adminFor();
    await admin.createTopics({ topics: [{ topic: 'accepting', configEntries: [{ name, value }] }] });
    const described = await describeTopic(admin, 'accepting');
    expect(described[name]).toMatchObject({ configValue: value, isDefault: false, configSource: 1 });
  });

  itWithStandIn('describes every topic config with its default, DEFAULT_CONFIG source and the broker key as synonym', async () => {
    const admin = await adminFor();
    await admin.createTopics({ topics: [{ topic: 'described', configEntries: [{ name: 'retention.ms', value: '60000' }] }] });
    const described = await describeTopic(admin, 'described');
    expect(Object.keys(described).length).toBeGreaterThanOrEqual(30);
    expect(described['max.message.bytes']).toMatchObject({ configValue: '1048588', isDefault: true, configSource: 5 });
    expect(described['max.message.bytes']!.configSynonyms).toEqual([{ configName: 'message.max.bytes', configValue: '1048588', configSource: 5 }]);
    expect(described['min.cleanable.dirty.ratio']).toMatchObject({ configValue: '0.5' });
    expect(described['retention.ms']!.configSynonyms).toEqual([
      { configName: 'retention.ms', configValue: '60000', configSource: 1 },
      { configName: 'log.retention.ms', configValue: '604800000', configSource: 5 },
    ]);
    expect(described['local.retention.ms']).toMatchObject({ configValue: '-2', configSynonyms: [] });
  });

  itWithStandIn('acts as Kafka 2.4: max.message.bytes defaults to 1000012 and the 3.x-only keys are unknown', async () => {
    const admin = await adminFor('2.4');
    await admin.createTopics({ topics: [{ topic: 'old' }] });
    const described = await describeTopic(admin, 'old');
    expect(described['max.message.bytes']).toMatchObject({ configValue: '1000012' });
    expect(described['local.retention.ms']).toBeUndefined();
    for (const name of ['local.retention.ms', 'local.retention.bytes', 'remote.storage.enable', 'message.timestamp.after.max.ms', 'message.timestamp.before.max.ms']) {
      await expect(admin.createTopics({ topics: [{ topic: 'refused', configEntries: [{ name, value: '1' }] }] })).rejects.toMatchObject({
        errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })],
      });
    }
    const broker = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '0' }] });
    expect(broker.resources[0]!.configEntries.find((e) => e.configName === 'inter.broker.protocol.version')?.configValue).toBe('2.4-IV1');
  });

  it('answers cleanup.policy=nope with INVALID_CONFIG and Kafka message, on create and (3.x) on alter', async () => {
    const broker = await kit.broker();
    const raw = await RawClient.connect(broker.port);
    kit.leftovers.add(() => raw.close());
    const admin = await kit.connected(kit.client(broker).admin());
    await admin.createTopics({ topics: [{ topic: 'policy' }] });
    const created = await raw.createTopic('policy-bad', [['cleanup.policy', 'nope']]);
    expect(created).toEqual({ errorCode: 40, errorMessage: 'Invalid value nope for configuration cleanup.policy: String must be one of: compact, delete' });
    const altered = await raw.alterTopicConfigs('policy', [['cleanup.policy', 'nope']]);
    expect(altered).toEqual({ errorCode: 40, errorMessage: 'Invalid value nope for configuration cleanup.policy: String must be one of: compact, delete' });
  });

  itWithStandIn('answers AlterConfigs on an unknown topic with UNKNOWN_TOPIC_OR_PARTITION (3.x) and UNKNOWN_SERVER_ERROR (2.4, as ZooKeeper-era Kafka did)', async () => {
    for (const [kafkaVersion, expected] of [
      ['3.9', { errorCode: 3, errorMessage: "The topic 'ghost' does not exist." }],
      ['2.4', { errorCode: -1, errorMessage: 'Topic "ghost" does not exist.' }],
    ] as const) {
      const broker = await kit.broker({ kafkaVersion });
      const raw = await RawClient.connect(broker.port);
      kit.leftovers.add(() => raw.close());
      expect(await raw.alterTopicConfigs('ghost', [['retention.ms', '1000']])).toEqual(expected);
    }
  });

  itWithStandIn('compacts a cleanup.policy=compact topic in the background: consumers see the latest value per key at its offset', async () => {
    const broker = await kit.broker({ logCleanerIntervalMs: 50 });
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'compacted', configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '300' }] }] });
    const producer = await kit.connected(kafka.producer());
    for (let round = 0; round < 5; round++) {
      await producer.send({ topic: 'compacted', messages: ['a', 'b', 'c'].map((key) => ({ key, value: `${key}${round}` })) });
    }
    await producer.send({ topic: 'compacted', messages: [{ key: 'tail', value: 'last' }] });
    await expect(producer.send({ topic: 'compacted', messages: [{ value: 'no key' }] })).rejects.toMatchObject({ type: 'INVALID_RECORD' });

    const readAll = async () => {
      const seen: string[] = [];
      const consumer = kafka.consumer({ groupId: `compaction-reader-${Math.random()}`, ...FAST_CONSUMER });
      await kit.connected(consumer);
      await consumer.subscribe({ topic: 'compacted', fromBeginning: true });
      let done = false;
      await consumer.run({ eachMessage: async ({ message }) => void (seen.push(`${message.offset}:${message.key}=${message.value}`), message.key?.toString() === 'tail' && (done = true)) });
      await waitFor(() => done, { what: 'the tail record' });
      await consumer.disconnect();
      return seen;
    };
    await waitFor(async () => (await readAll()).length < 16, { what: 'compaction', timeoutMs: 20_000 });
    const after = await readAll();
    expect(after).toEqual(expect.arrayContaining(['12:a=a4', '13:b=b4', '14:c=c4', '15:tail=last']));
    const keys = after.map((entry) => entry.split(':')[1]!.split('=')[0]);
    expect(keys.filter((key) => key === 'a').length).toBeLessThan(5);
    const offsets = after.map((entry) => Number(entry.split(':')[0]));
    expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
    const ends = await admin.fetchTopicOffsets('compacted');
    expect(ends[0]).toMatchObject({ low: '0', high: '16' });
  });

  it('stamps batches with the broker time on a message.timestamp.type=LogAppendTime topic, keeping the producer time elsewhere', async () => {
    const broker = await kit.broker();
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'appended', configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] }, { topic: 'created' }] });
    const producer = await kit.connected(kafka.producer());
    const before = Date.now();
    for (const topic of ['appended', 'created']) await producer.send({ topic, messages: [{ key: 'k', value: 'v', timestamp: '1000' }] });
    const timestamps = new Map<string, number>();
    const consumer = await kit.connected(kafka.consumer({ groupId: 'timestamps', ...FAST_CONSUMER }));
    await consumer.subscribe({ topics: ['appended', 'created'], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ topic, message }) => void timestamps.set(topic, Number(message.timestamp)) });
    await waitFor(() => timestamps.size === 2, { what: 'both records' });
    expect(timestamps.get('created')).toBe(1000);
    expect(timestamps.get('appended')).toBeGreaterThanOrEqual(before);
    const offsets = await admin.fetchTopicOffsetsByTimestamp('appended', before);
    expect(offsets).toEqual([{ partition: 0, offset: '0' }]);
  });

  it("creates embedded Connect's config, offset and status topics compacted, as a real deployment has them", async () => {
    const admin = await adminFor();
    await ensureInternalTopics(admin, ['connect-configs', 'connect-offsets', 'connect-status'], silentLogger);
    for (const topic of ['connect-configs', 'connect-offsets', 'connect-status']) {
      expect((await describeTopic(admin, topic))['cleanup.policy']).toMatchObject({ configValue: 'compact', isDefault: false });
    }
  });

  itWithStandIn('refuses an unknown version with a startup error', async () => {
    await expect(kit.broker({ kafkaVersion: '1.1' })).rejects.toThrow(/unsupported Kafka version/);
  });
});
