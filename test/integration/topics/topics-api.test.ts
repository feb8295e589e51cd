import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaProducer } from '../../../src/adapters/kafka';
import { createLogger } from '../../../src/logging/logger';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

const KEYS = { viewer: 'viewer-key-0123456789', operator: 'operator-key-0123456789', admin: 'admin-key-0123456789' };
const API_KEYS = Object.entries(KEYS)
  .map(([role, key]) => `${role}:${role}:${key}`)
  .join(',');

let broker: EmbeddedKafka;
let app: TestApp;
let kafka: KafkaClient;

const as = (role: keyof typeof KEYS) => (query: string, variables?: Record<string, unknown>) => app.request(query, variables, { apiKey: KEYS[role] });
const admin = as('admin');
const code = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => body.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  kafka = new KafkaClient({ brokers: [broker.brokers], logger: createLogger({ level: 'silent' }) });
  leftovers.add(() => kafka.close());
  app = await startTestApp({ kafkaBrokers: [broker.brokers], env: { API_KEYS, ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0' } });
  leftovers.add(() => app.stop());
});

const CREATE = `mutation($input: CreateTopicInput!) { createTopic(input: $input) { name partitionCount replicationFactor internal } }`;

describe('topic queries and mutations', () => {
  it('creates a topic and shows its partitions, offsets, configs and message count', async () => {
    const created = await as('operator')(CREATE, { input: { name: 'orders', partitions: 3, configs: [{ name: 'retention.ms', value: '86400000' }] } });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createTopic).toEqual({ name: 'orders', partitionCount: 3, replicationFactor: 1, internal: false });
    await createKafkaProducer(kafka).send('orders', [0, 0, 1].map((partition, i) => ({ value: `o${i}`, partition })));

    const { body } = await as('viewer')(
      `{ topic(name: "orders") { name partitions { partition leader replicas inSyncReplicas earliestOffset latestOffset messageCount }
           configs(overridesOnly: true) { name value isDefault source } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.topic.partitions).toEqual([
      { partition: 0, leader: 0, replicas: [0], inSyncReplicas: [0], earliestOffset: '0', latestOffset: '2', messageCount: '2' },
      { partition: 1, leader: 0, replicas: [0], inSyncReplicas: [0], earliestOffset: '0', latestOffset: '1', messageCount: '1' },
      { partition: 2, leader: 0, replicas: [0], inSyncReplicas: [0], earliestOffset: '0', latestOffset: '0', messageCount: '0' },
    ]);
    expect(body.data.topic.configs).toContainEqual({ name: 'retention.ms', value: '86400000', isDefault: false, source: 'TOPIC_OVERRIDE' });
  });

  it('lists topics as a Relay connection, internal topics only on request', async () => {
    await admin(CREATE, { input: { name: 'alpha' } });
    const first = await as('viewer')(`{ topics(first: 1) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`);
    expect(first.body.data.topics.nodes).toEqual([{ name: 'alpha' }]);
    expect(first.body.data.topics.pageInfo.hasNextPage).toBe(true);
    const next = await as('viewer')(`query($after: String) { topics(first: 100, after: $after) { nodes { name internal } } }`, {
      after: first.body.data.topics.pageInfo.endCursor,
    });
    expect(next.body.data.topics.nodes.map((t: { name: string }) => t.name)).toContain('orders');
    expect(next.body.data.topics.nodes.every((t: { internal: boolean }) => !t.internal)).toBe(true);
  });

  it('answers null for an unknown topic', async () => {
    const { body } = await as('viewer')(`{ topic(name: "nope") { name } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.topic).toBeNull();
  });

  it('refuses an existing topic name with ALREADY_EXISTS', async () => {
    await admin(CREATE, { input: { name: 'twice' } });
    const again = await admin(CREATE, { input: { name: 'twice' } });
    expect(code(again.body)).toBe('ALREADY_EXISTS');
  });

  it('records topic mutations, successful or not, in the audit log', async () => {
    const { body } = await admin(`{ auditLog(target: "twice") { nodes { callerId callerRole operation target outcome errorCode input } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.auditLog.nodes).toEqual([
      { callerId: 'admin', callerRole: 'admin', operation: 'createTopic', target: 'twice', outcome: 'error', errorCode: 'ALREADY_EXISTS', input: expect.objectContaining({ partitions: 1 }) },
      { callerId: 'admin', callerRole: 'admin', operation: 'createTopic', target: 'twice', outcome: 'ok', errorCode: null, input: expect.objectContaining({ partitions: 1 }) },
    ]);
  });

  it.each([
    [{ name: 'a/b' }, 'name'],
    [{ name: '' }, 'name'],
    [{ name: '..' }, 'name'],
    [{ name: 'x'.repeat(250) }, 'name'],
    [{ name: '__mine' }, 'name'],
    [{ name: 'ok', partitions: 0 }, 'partitions'],
    [{ name: 'ok', replicationFactor: 0 }, 'replicationFactor'],
    [{ name: 'ok', configs: [{ name: 'retention.mss', value: '1' }] }, 'configs[0].name'],
    [{ name: 'ok', configs: [{ name: 'retention.ms', value: 'soon' }] }, 'configs[0].value'],
    [{ name: 'ok', configs: [{ name: 'cleanup.policy', value: 'forever' }] }, 'configs[0].value'],
  ])('refuses createTopic %j with BAD_USER_INPUT naming %s', async (input, field) => {
    const { body } = await admin(CREATE, { input });
    expect(code(body)).toBe('BAD_USER_INPUT');
    expect(body.errors![0].extensions.details.field).toBe(field);
  });

  it('grows a topic, and refuses shrinking with BAD_USER_INPUT', async () => {
    await admin(CREATE, { input: { name: 'growing', partitions: 1 } });
    const grown = await as('operator')(`mutation { addTopicPartitions(name: "growing", count: 4) { partitionCount } }`);
    expect(grown.body.data.addTopicPartitions.partitionCount).toBe(4);
    const shrink = await admin(`mutation { addTopicPartitions(name: "growing", count: 2) { partitionCount } }`);
    expect(code(shrink.body)).toBe('BAD_USER_INPUT');
    const missing = await admin(`mutation { addTopicPartitions(name: "ghost", count: 2) { partitionCount } }`);
    expect(code(missing.body)).toBe('NOT_FOUND');
  });

  it('merges config updates and removes an override with a null value', async () => {
    await admin(CREATE, { input: { name: 'configured', configs: [{ name: 'retention.ms', value: '1000' }] } });
    const query = `mutation($c: [TopicConfigInput!]!) { updateTopicConfigs(name: "configured", configs: $c) { configs(overridesOnly: true) { name value } } }`;
    const set = await as('operator')(query, { c: [{ name: 'max.message.bytes', value: '2048' }] });
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data.updateTopicConfigs.configs).toEqual(
      expect.arrayContaining([{ name: 'retention.ms', value: '1000' }, { name: 'max.message.bytes', value: '2048' }]),
    );
    const removed = await as('operator')(query, { c: [{ name: 'retention.ms', value: null }] });
    expect(removed.body.data.updateTopicConfigs.configs).toEqual([{ name: 'max.message.bytes', value: '2048' }]);
    const bad = await as('operator')(query, { c: [{ name: 'segment.bytes', value: '3' }] });
    expect(code(bad.body)).toBe('BAD_USER_INPUT');
    expect(bad.body.errors![0].extensions.details.field).toBe('configs[0].value');
  });

  it("passes well-typed values the broker rejects on as UPSTREAM_REJECTED with the broker's reason", async () => {
    const configs = [{ name: 'min.compaction.lag.ms', value: '10' }, { name: 'max.compaction.lag.ms', value: '5' }];
    const { body } = await admin(CREATE, { input: { name: 'lagging', configs } });
    expect(code(body)).toBe('UPSTREAM_REJECTED');
    expect(body.errors![0].message).toContain('conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (5)');
  });

  it('creates a compacted topic', async () => {
    const { body } = await admin(CREATE, { input: { name: 'compacted', configs: [{ name: 'cleanup.policy', value: 'compact' }] } });
    expect(body.errors).toBeUndefined();
  });

  it('produces a message by hand and deletes a topic', async () => {
    await admin(CREATE, { input: { name: 'scratch', partitions: 2 } });
    const produced = await as('operator')(
      `mutation($i: ProduceMessageInput!) { produceMessage(input: $i) { topic partition offset } }`,
      { i: { topic: 'scratch', key: 'k', value: '{"a":1}', headers: [{ key: 'source', value: 'test' }], partition: 1 } },
    );
    expect(produced.body.data.produceMessage).toEqual({ topic: 'scratch', partition: 1, offset: '0' });
    const badPartition = await as('operator')(`mutation { produceMessage(input: { topic: "scratch", value: "x", partition: 7 }) { offset } }`);
    expect(code(badPartition.body)).toBe('BAD_USER_INPUT');
    const unknown = await as('operator')(`mutation { produceMessage(input: { topic: "ghost", value: "x" }) { offset } }`);
    expect(code(unknown.body)).toBe('NOT_FOUND');

    const deleted = await admin(`mutation { deleteTopic(name: "scratch") { name deleted } }`);
    expect(deleted.body.data.deleteTopic).toEqual({ name: 'scratch', deleted: true });
    const again = await admin(`mutation { deleteTopic(name: "scratch") { deleted } }`);
    expect(code(again.body)).toBe('NOT_FOUND');
  });

  it.each([
    ['createTopic', 'viewer', `mutation { createTopic(input: { name: "r1" }) { name } }`],
    ['addTopicPartitions', 'viewer', `mutation { addTopicPartitions(name: "orders", count: 9) { name } }`],
    ['updateTopicConfigs', 'viewer', `mutation { updateTopicConfigs(name: "orders", configs: [{ name: "retention.ms", value: "1" }]) { name } }`],
    ['produceMessage', 'viewer', `mutation { produceMessage(input: { topic: "orders", value: "x" }) { offset } }`],
    ['deleteTopic', 'operator', `mutation { deleteTopic(name: "orders") { deleted } }`],
    ['resetConsumerGroupOffsets', 'operator', `mutation { resetConsumerGroupOffsets(input: { groupId: "g", topic: "orders", to: EARLIEST }) { groupId } }`],
    ['deleteConsumerGroup', 'operator', `mutation { deleteConsumerGroup(id: "g") { deleted } }`],
  ] as const)('refuses %s for the %s role with FORBIDDEN', async (_name, role, query) => {
    const { body } = await as(role)(query);
    expect(code(body)).toBe('FORBIDDEN');
  });
});

describe('consumer groups', () => {
  it('shows members, assignments and lag, refuses a reset while members are active, and resets once they left', async () => {
    await admin(CREATE, { input: { name: 'lagging', partitions: 2 } });
    const producer = createKafkaProducer(kafka);
    await producer.send('lagging', Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, partition: i % 2 })));
    const consumer = (kafka as unknown as { kafka: import('kafkajs').Kafka }).kafka.consumer({ groupId: 'billing', allowAutoTopicCreation: false });
    leftovers.add(() => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topic: 'lagging', fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void seen++ });
    await waitFor(() => seen >= 10, { what: 'consumer caught up' });
    await producer.send('lagging', [{ value: 'late', partition: 0 }]);

    const group = await waitFor(async () => {
      const { body } = await as('viewer')(
        `{ consumerGroup(id: "billing") { groupId state protocolType members { clientId assignments { topic partitions } } offsets { topic partition committedOffset endOffset lag } totalLag } }`,
      );
      const g = body.data?.consumerGroup;
      return g?.state === 'Stable' && g.offsets.length === 2 && g.offsets[1].committedOffset === '5' ? g : undefined;
    }, { what: 'group with committed offsets' });
    expect(group.members).toEqual([{ clientId: expect.any(String), assignments: [{ topic: 'lagging', partitions: [0, 1] }] }]);
    expect(group.protocolType).toBe('consumer');
    const topic = await as('viewer')(`{ topic(name: "lagging") { consumerGroups } }`);
    expect(topic.body.data.topic.consumerGroups).toContain('billing');
    const list = await as('viewer')(`{ consumerGroups { nodes { groupId state memberCount } } }`);
    expect(list.body.data.consumerGroups.nodes).toContainEqual({ groupId: 'billing', state: 'Stable', memberCount: 1 });

    const reset = `mutation($i: ResetConsumerGroupOffsetsInput!) { resetConsumerGroupOffsets(input: $i) { state offsets { partition committedOffset lag } totalLag } }`;
    const busy = await admin(reset, { i: { groupId: 'billing', topic: 'lagging', to: 'EARLIEST' } });
    expect(code(busy.body)).toBe('CONFLICT');
    const busyDelete = await admin(`mutation { deleteConsumerGroup(id: "billing") { deleted } }`);
    expect(code(busyDelete.body)).toBe('CONFLICT');

    await consumer.disconnect();
    await waitFor(async () => (await as('viewer')(`{ consumerGroup(id: "billing") { state } }`)).body.data.consumerGroup.state === 'Empty', {
      what: 'group empty',
    });
    const earliest = await admin(reset, { i: { groupId: 'billing', topic: 'lagging', to: 'EARLIEST' } });
    expect(earliest.body.errors).toBeUndefined();
    expect(earliest.body.data.resetConsumerGroupOffsets.offsets).toEqual([
      { partition: 0, committedOffset: '0', lag: '6' },
      { partition: 1, committedOffset: '0', lag: '5' },
    ]);
    const explicit = await admin(reset, { i: { groupId: 'billing', topic: 'lagging', to: 'OFFSET', offsets: [{ partition: 1, offset: '4' }] } });
    expect(explicit.body.data.resetConsumerGroupOffsets.offsets[1]).toEqual({ partition: 1, committedOffset: '4', lag: '1' });
    const outOfRange = await admin(reset, { i: { groupId: 'billing', topic: 'lagging', to: 'OFFSET', offsets: [{ partition: 1, offset: '99' }] } });
    expect(code(outOfRange.body)).toBe('BAD_USER_INPUT');
    expect(outOfRange.body.errors![0].extensions.details.field).toBe('offsets[0].offset');
    const latest = await admin(reset, { i: { groupId: 'billing', topic: 'lagging', to: 'LATEST' } });
    expect(latest.body.data.resetConsumerGroupOffsets.totalLag).toBe('0');
    const byTime = await admin(reset, { i: { groupId: 'billing', topic: 'lagging', to: 'TIMESTAMP', timestamp: '2000-01-01T00:00:00Z' } });
    expect(byTime.body.data.resetConsumerGroupOffsets.totalLag).toBe('11');

    const deleted = await admin(`mutation { deleteConsumerGroup(id: "billing") { groupId deleted } }`);
    expect(deleted.body.data.deleteConsumerGroup).toEqual({ groupId: 'billing', deleted: true });
    const gone = await as('viewer')(`{ consumerGroup(id: "billing") { state } }`);
    expect(gone.body.data.consumerGroup).toBeNull();
  });

  it.each([
    [{ groupId: 'g', topic: 'lagging', to: 'TIMESTAMP' }, 'timestamp'],
    [{ groupId: 'g', topic: 'lagging', to: 'OFFSET' }, 'offsets'],
    [{ groupId: 'g', topic: 'lagging', to: 'EARLIEST', timestamp: '2020-01-01T00:00:00Z' }, 'timestamp'],
    [{ groupId: ' ', topic: 'lagging', to: 'EARLIEST' }, 'groupId'],
    [{ groupId: 'g', topic: 'bad topic', to: 'EARLIEST' }, 'topic'],
    [{ groupId: 'g', topic: 'lagging', to: 'OFFSET', offsets: [{ partition: 0, offset: '1' }, { partition: 0, offset: '2' }] }, 'offsets[1].partition'],
  ])('refuses reset input %j with BAD_USER_INPUT naming %s', async (input, field) => {
    const { body } = await admin(`mutation($i: ResetConsumerGroupOffsetsInput!) { resetConsumerGroupOffsets(input: $i) { groupId } }`, { i: input });
    expect(code(body)).toBe('BAD_USER_INPUT');
    expect(body.errors![0].extensions.details.field).toBe(field);
  });

  it('answers NOT_FOUND when resetting a group Kafka does not know', async () => {
    const { body } = await admin(`mutation { resetConsumerGroupOffsets(input: { groupId: "nobody", topic: "lagging", to: LATEST }) { groupId } }`);
    expect(code(body)).toBe('NOT_FOUND');
  });
});
