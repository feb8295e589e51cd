import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaAdmin, createKafkaProducer, TopicReader, type KafkaRecord } from '../../../src/adapters/kafka';
import { createLogger } from '../../../src/logging/logger';
import { createLeftovers } from '../../helpers/leftovers';
import { waitFor } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());
const logger = createLogger({ level: 'silent' });

let broker: EmbeddedKafka;
let client: KafkaClient;

beforeAll(async () => {
  broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  client = new KafkaClient({ brokers: [broker.brokers], logger });
  leftovers.add(() => client.close());
});

describe('kafka adapter against the embedded broker', () => {
  it('creates, describes and deletes a topic, mapping an existing name to ALREADY_EXISTS', async () => {
    const admin = createKafkaAdmin(client);
    await admin.createTopic({ name: 'adapter-a', partitions: 3, replicationFactor: 1, configs: [{ name: 'retention.ms', value: '60000' }] });
    await expect(admin.createTopic({ name: 'adapter-a', partitions: 1, replicationFactor: 1, configs: [] })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    const [topic] = await admin.describeTopics(['adapter-a']);
    expect(topic!.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    const configs = await admin.topicConfigs('adapter-a');
    expect(configs.find((c) => c.name === 'retention.ms')).toMatchObject({ value: '60000', isDefault: false });
    await admin.deleteTopic('adapter-a');
    await expect(admin.describeTopics(['adapter-a'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reads every partition from explicit positions with a private group', async () => {
    const admin = createKafkaAdmin(client);
    const producer = createKafkaProducer(client);
    await admin.createTopic({ name: 'adapter-b', partitions: 2, replicationFactor: 1, configs: [] });
    await producer.send('adapter-b', [0, 1, 2, 3].map((i) => ({ value: `v${i}`, partition: i % 2 })));
    const seen: KafkaRecord[] = [];
    const reader = new TopicReader(client, {
      topic: 'adapter-b',
      groupId: 'adapter-b-reader',
      startOffsets: new Map([[0, 1], [1, 0]]),
      onRecords: (records) => void seen.push(...records),
      logger,
    });
    leftovers.add(() => reader.stop());
    await reader.start();
    await waitFor(() => seen.length >= 3, { what: 'records' });
    expect(seen.map((r) => `${r.partition}:${r.offset}:${r.value}`).sort()).toEqual(['0:1:v2', '1:0:v1', '1:1:v3']);
    await producer.send('adapter-b', [{ value: 'v4', partition: 0 }]);
    await waitFor(() => seen.length >= 4, { what: 'live record' });
    await reader.stop();
  });

  it('leaves no consumer group behind once a reader stops', async () => {
    const admin = createKafkaAdmin(client);
    await admin.createTopic({ name: 'adapter-c', partitions: 1, replicationFactor: 1, configs: [] });
    await createKafkaProducer(client).send('adapter-c', [{ value: 'only' }]);
    const seen: KafkaRecord[] = [];
    const reader = new TopicReader(client, { topic: 'adapter-c', groupId: 'pipegraph-live-x-catchup-1', startOffsets: new Map([[0, 0]]), onRecords: (r) => void seen.push(...r), logger });
    leftovers.add(() => reader.stop());
    await reader.start();
    await waitFor(() => seen.length >= 1, { what: 'the record' });
    expect((await admin.listGroups()).map((g) => g.groupId)).toContain('pipegraph-live-x-catchup-1');
    await reader.stop();
    expect((await admin.listGroups()).map((g) => g.groupId)).not.toContain('pipegraph-live-x-catchup-1');
  });
});
