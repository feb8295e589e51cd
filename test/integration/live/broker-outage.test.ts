import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'graphql-ws';
import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaAdmin, createKafkaProducer } from '../../../src/adapters/kafka';
import { createLogger } from '../../../src/logging/logger';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

let broker: EmbeddedKafka | undefined;
let app: TestApp;
let port: number;
const dataDir = mkdtempSync(path.join(tmpdir(), 'pipegraph-outage-'));
leftovers.add(() => rmSync(dataDir, { recursive: true, force: true }));

const GRACE_MS = 2_000;

async function startBroker(): Promise<void> {
  broker = await startEmbeddedKafka({ port, dataDir });
  port = broker.port;
}

async function produce(values: string[]): Promise<void> {
  const kafka = new KafkaClient({ brokers: [broker!.brokers], logger: createLogger({ level: 'silent' }) });
  try {
    await createKafkaProducer(kafka).send('outage', values.map((value, i) => ({ value, partition: i % 2 })));
  } finally {
    await kafka.close();
  }
}

function subscribe(client: Client, from: unknown) {
  const got: Array<{ value: string; cursor: string }> = [];
  const errors: Array<{ extensions?: { code?: string; retriable?: boolean } }> = [];
  client.subscribe<{ topicMessages: { value: string; cursor: string } }>(
    { query: `subscription($from: LiveStartInput) { topicMessages(topic: "outage", from: $from, format: STRING) { value cursor } }`, variables: { from } },
    {
      next: ({ data, errors: e }) => (e ? errors.push(...(e as never[])) : got.push(data!.topicMessages)),
      error: (e) => errors.push(...((Array.isArray(e) ? e : [e]) as never[])),
      complete: () => undefined,
    },
  );
  return { got, errors };
}

const readyz = async () => {
  const response = await fetch(app.url.replace('/graphql', '/readyz'));
  return { status: response.status, body: (await response.json()) as { backends: Record<string, { ok: boolean; detail?: string }> } };
};

beforeAll(async () => {
  port = 0;
  await startBroker();
  leftovers.add(() => broker?.stop());
  const kafka = new KafkaClient({ brokers: [broker!.brokers], logger: createLogger({ level: 'silent' }) });
  await createKafkaAdmin(kafka).createTopic({ name: 'outage', partitions: 2, replicationFactor: 1, configs: [] });
  await kafka.close();
  app = await startTestApp({
    kafkaBrokers: [broker!.brokers],
    env: { ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0', LIVE_OUTAGE_GRACE_MS: String(GRACE_MS), LIVE_CONSUMER_LINGER_MS: '60000' },
  });
  leftovers.add(() => app.stop());
});

describe('broker outage', () => {
  it('pauses a subscription across a quick broker restart and continues without loss or duplicates', async () => {
    const sub = subscribe(app.wsClient(), { position: 'LATEST' });
    await waitFor(() => app.container.services.live.feeds().some((f) => f.members > 0), { what: 'subscribed' });
    await produce(['a', 'b', 'c', 'd']);
    await waitFor(() => sub.got.length === 4, { what: 'events before the restart' });

    await broker!.stop();
    await startBroker();
    await produce(['e', 'f', 'g', 'h']);
    await waitFor(() => sub.got.length >= 8, { what: 'events after the restart', timeoutMs: 20_000 });
    expect(sub.errors).toEqual([]);
    expect(sub.got.map((m) => m.value).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  }, 40_000);

  it('ends subscriptions with a retriable UPSTREAM_UNAVAILABLE after the grace period, reports why in /readyz, and resumes by cursor once Kafka is back', async () => {
    const sub = subscribe(app.wsClient(), { position: 'LATEST' });
    await waitFor(() => app.container.services.live.feeds().some((f) => f.members > 0), { what: 'subscribed' });
    await produce(['1', '2']);
    await waitFor(() => sub.got.length === 2, { what: 'events before the outage' });
    const cursor = sub.got[1]!.cursor;

    await broker!.stop();
    await waitFor(() => sub.errors.length > 0, { what: 'UPSTREAM_UNAVAILABLE', timeoutMs: GRACE_MS + 15_000 });
    expect(sub.errors[0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body.backends.kafka!.ok).toBe(false);
    expect(down.body.backends.kafka!.detail).toMatch(/unreachable/i);
    const refused = subscribe(app.wsClient(), { cursor });
    await waitFor(() => refused.errors.length > 0, { what: 'subscribe refused while down' });
    expect(refused.errors[0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });

    await startBroker();
    await produce(['3', '4']);
    await waitFor(async () => (await readyz()).body.backends.kafka!.ok, { what: 'kafka ready again', timeoutMs: 15_000 });
    const resumed = subscribe(app.wsClient(), { cursor });
    await waitFor(() => resumed.got.length >= 2, { what: 'resumed events', timeoutMs: 15_000 });
    expect(resumed.errors).toEqual([]);
    expect(resumed.got.map((m) => m.value).sort()).toEqual(['3', '4']);
  }, 60_000);
});
