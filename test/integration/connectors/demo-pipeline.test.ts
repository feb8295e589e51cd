import pg from 'pg';
import { DEMO_DATAGEN_CONNECTOR, DEMO_JDBC_SINK_CONNECTOR, DEMO_S3_SINK_CONNECTOR } from '../../../src/pipeline/demo/connectors';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

let app: TestApp;
let db: pg.Client;
let since: Date;

beforeAll(async () => {
  // The zero-setup default: embedded Kafka and Connect, seeded dimensions, the enricher on, the demo connectors provisioned.
  app = await startTestApp({ backends: ['connect', 's3'], seed: true, env: { ENRICHER_ENABLED: 'true', CONNECT_DEMO_CONNECTORS: 'true', DEMO_GENERATOR_RATE: '0' } });
  since = new Date();
  db = new pg.Client({ connectionString: app.endpoints.databaseUrl });
  await db.connect();
}, 60_000);

afterAll(async () => {
  await db?.end().catch(() => undefined);
  await app?.stop();
});

test('provisions datagen → clickstream and enriched-clickstream → JDBC sink, so fresh rows reach clickstreamEvents within seconds', async () => {
  const connectors = await waitFor(async () => {
    const { body } = await app.request('{ connectors { name state tasks { state } lineage { sourceTopics targetTopics targetTables { name } targetObjects { bucket prefix } } } }');
    const list = body.data?.connectors ?? [];
    return list.length === 3 && list.every((c: any) => c.state === 'RUNNING' && c.tasks[0]?.state === 'RUNNING') && list;
  }, { what: 'demo connectors running', timeoutMs: 20_000 });
  expect(connectors).toEqual([
    { name: DEMO_DATAGEN_CONNECTOR, state: 'RUNNING', tasks: [{ state: 'RUNNING' }], lineage: { sourceTopics: [], targetTopics: ['clickstream'], targetTables: [], targetObjects: [] } },
    { name: DEMO_JDBC_SINK_CONNECTOR, state: 'RUNNING', tasks: [{ state: 'RUNNING' }], lineage: { sourceTopics: ['enriched-clickstream'], targetTopics: [], targetTables: [{ name: 'clickstream_events' }], targetObjects: [] } },
    {
      name: DEMO_S3_SINK_CONNECTOR,
      state: 'RUNNING',
      tasks: [{ state: 'RUNNING' }],
      lineage: { sourceTopics: ['enriched-clickstream'], targetTopics: [], targetTables: [], targetObjects: [{ bucket: 'lake', prefix: 'topics/enriched-clickstream/' }] },
    },
  ]);

  // The demo connectors restart themselves after a failure (auto-restart on, no limit).
  const policies = await waitFor(async () => {
    const { body } = await app.request('{ connectors { name autoRestart { enabled maxRestarts } } }');
    const list = body.data?.connectors ?? [];
    return list.every((c: any) => c.autoRestart) && list;
  }, { what: 'demo auto-restart policies', timeoutMs: 20_000 });
  expect(policies.map((c: any) => [c.name, c.autoRestart])).toEqual([
    ['demo-clickstream-datagen', { enabled: true, maxRestarts: null }],
    ['demo-clickstream-jdbc-sink', { enabled: true, maxRestarts: null }],
    ['demo-clickstream-s3-sink', { enabled: true, maxRestarts: null }],
  ]);

  const fresh = await waitFor(async () => {
    const { rows } = await db.query('SELECT user_id, device_id, url, user_name, device_type, url_category FROM clickstream_events WHERE "timestamp" >= $1', [since]);
    return rows.length >= 2 && rows;
  }, { what: 'rows from the live pipeline', timeoutMs: 25_000 });
  for (const row of fresh) {
    expect(row).toEqual({ user_id: expect.any(Number), device_id: expect.any(Number), url: expect.stringMatching(/^https:\/\/example\.com\//), user_name: expect.any(String), device_type: expect.any(String), url_category: expect.any(String) });
  }
  const { body } = await app.request('{ clickstreamEvents(first: 1) { nodes { timestamp userName urlCategory } } }');
  expect(new Date(body.data.clickstreamEvents.nodes[0].timestamp).getTime()).toBeGreaterThanOrEqual(since.getTime());
}, 60_000);
