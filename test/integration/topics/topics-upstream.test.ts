import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp, UNREACHABLE } from '../../helpers/test-app';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ kafkaBrokers: [UNREACHABLE], env: { ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0' } });
  leftovers.add(() => app.stop());
});

describe('topics with Kafka unreachable', () => {
  it.each([
    ['topics', `{ topics { totalCount } }`],
    ['topic', `{ topic(name: "orders") { name } }`],
    ['consumerGroups', `{ consumerGroups { totalCount } }`],
    ['consumerGroup', `{ consumerGroup(id: "g") { state } }`],
    ['createTopic', `mutation { createTopic(input: { name: "orders" }) { name } }`],
    ['deleteTopic', `mutation { deleteTopic(name: "orders") { deleted } }`],
    ['addTopicPartitions', `mutation { addTopicPartitions(name: "orders", count: 3) { name } }`],
    ['updateTopicConfigs', `mutation { updateTopicConfigs(name: "orders", configs: [{ name: "retention.ms", value: "1" }]) { name } }`],
    ['resetConsumerGroupOffsets', `mutation { resetConsumerGroupOffsets(input: { groupId: "g", topic: "orders", to: LATEST }) { groupId } }`],
    ['deleteConsumerGroup', `mutation { deleteConsumerGroup(id: "g") { deleted } }`],
    ['produceMessage', `mutation { produceMessage(input: { topic: "orders", value: "x" }) { offset } }`],
  ])('answers %s with a retriable UPSTREAM_UNAVAILABLE', async (_name, query) => {
    const { body } = await app.request(query);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
  });

  it('still validates input before calling Kafka', async () => {
    const { body } = await app.request(`mutation { createTopic(input: { name: "bad name" }) { name } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('reports Kafka as not ready, with the reason, while the server keeps serving', async () => {
    const response = await fetch(app.url.replace('/graphql', '/readyz'));
    const body = (await response.json()) as { backends: Record<string, { ok: boolean; detail?: string }> };
    expect(response.status).toBe(503);
    expect(body.backends.kafka).toMatchObject({ ok: false, detail: expect.stringMatching(/unreachable/i) });
    const health = await fetch(app.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
  });
});
