import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { createKafkaAdmin, KafkaClient } from '../../../src/adapters/kafka';
import { createLogger } from '../../../src/logging/logger';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

const ADMIN_KEY = 'admin-key-0123456789';

let oldBroker: EmbeddedKafka;
let app: TestApp;

beforeAll(async () => {
  oldBroker = await startEmbeddedKafka({ port: 0, kafkaVersion: '2.4' });
  leftovers.add(() => oldBroker.stop());
  app = await startTestApp({ kafkaBrokers: [oldBroker.brokers], env: { API_KEYS: `admin:admin:${ADMIN_KEY}`, ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0' } });
  leftovers.add(() => app.stop());
});

const request = (query: string, variables?: Record<string, unknown>) => app.request(query, variables, { apiKey: ADMIN_KEY });
type Body = { errors?: Array<{ message: string; extensions: { code: string; details?: Record<string, unknown> } }>; data?: Record<string, unknown> | null };

describe('topic config keys checked against the broker release', () => {
  it.each([
    ['local.retention.ms', '3.0'],
    ['local.retention.bytes', '3.0'],
    ['remote.storage.enable', '3.0'],
    ['message.timestamp.after.max.ms', '3.6'],
    ['message.timestamp.before.max.ms', '3.6'],
  ])('refuses %s on a Kafka 2.4 broker with BAD_USER_INPUT naming the key and Kafka %s (variables)', async (name, since) => {
    const value = name === 'remote.storage.enable' ? 'false' : '1000';
    const { body } = (await request(`mutation($input: CreateTopicInput!) { createTopic(input: $input) { name } }`, {
      input: { name: `v-${name.replace(/\./g, '-')}`, configs: [{ name: 'retention.ms', value: '5000' }, { name, value }] },
    })) as { body: Body };
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'configs[1].name', introducedIn: since, brokerVersion: '2.4' } });
    expect(body.errors?.[0]?.message).toContain(`"${name}" was introduced in Kafka ${since}`);
    const topics = (await request(`{ topics { nodes { name } } }`)) as { body: Body };
    expect(JSON.stringify(topics.body.data)).not.toContain('v-');
  });

  it('refuses a 3.x-only key in updateTopicConfigs on a Kafka 2.4 broker (literal), and changes nothing', async () => {
    await request(`mutation { createTopic(input: { name: "kept-configs", configs: [{ name: "retention.ms", value: "5000" }] }) { name } }`);
    const { body } = (await request(`mutation { updateTopicConfigs(name: "kept-configs", configs: [{ name: "local.retention.ms", value: "1000" }]) { name } }`)) as { body: Body };
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'configs[0].name', introducedIn: '3.0' } });
    const read = (await request(`{ topic(name: "kept-configs") { configs(overridesOnly: true) { name value } } }`)) as { body: Body };
    expect(read.body.data).toEqual({ topic: { configs: [{ name: 'retention.ms', value: '5000' }] } });
  });

  it("passes the broker's error message on inside the coded error", async () => {
    const { body } = (await request(`mutation($input: CreateTopicInput!) { createTopic(input: $input) { name } }`, {
      input: { name: 'lagging', configs: [{ name: 'min.compaction.lag.ms', value: '10' }, { name: 'max.compaction.lag.ms', value: '5' }] },
    })) as { body: Body };
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', details: { kafkaError: 'INVALID_CONFIG' } });
    expect(body.errors?.[0]?.message).toContain('conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (5)');
  });
});

describe('the Kafka adapter against a Kafka 3.9 broker', () => {
  it('reads the broker release and keeps the broker message of AlterConfigs and CreateTopics errors', async () => {
    const broker = await startEmbeddedKafka({ port: 0 });
    leftovers.add(() => broker.stop());
    const client = new KafkaClient({ brokers: [broker.brokers], logger: createLogger({ level: 'silent' }) });
    leftovers.add(() => client.close());
    const admin = createKafkaAdmin(client);
    await expect(admin.brokerVersion()).resolves.toBe('3.9');
    await expect(admin.createTopic({ name: 'tiered', partitions: 1, replicationFactor: 1, configs: [{ name: 'remote.storage.enable', value: 'true' }] })).rejects.toMatchObject({
      code: 'UPSTREAM_REJECTED',
      message: expect.stringContaining('Tiered Storage functionality is disabled in the broker'),
      details: { brokerMessage: 'Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.' },
    });
    await admin.createTopic({ name: 'plain', partitions: 1, replicationFactor: 1, configs: [] });
    await expect(admin.replaceTopicConfigs('plain', [{ name: 'cleanup.policy', value: 'nope' }])).rejects.toMatchObject({
      message: expect.stringContaining('Invalid value nope for configuration cleanup.policy: String must be one of: compact, delete'),
    });
  });
});
