import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

/** Connector lineage names the registry subjects a connector's converters read or write, resolved against the registry. */
describe('connector lineage schema subjects', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      backends: ['connect', 'schema-registry'],
      env: { CONNECT_DEMO_CONNECTORS: 'false', CONNECT_STATUS_POLL_MS: '150', ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0' },
    });
  }, 60_000);
  afterAll(() => app?.stop());

  const LINEAGE = '{ connector(name: $name) { lineage { schemaSubjects { subject topic part access converter latestSchema { subject version schemaType } } } } }';
  const lineage = async (name: string) => {
    const { body } = await app.request<any>(`query ($name: String!) ${LINEAGE}`, { name });
    expect(body.errors).toBeUndefined();
    return body.data.connector.lineage.schemaSubjects;
  };
  const create = async (name: string, config: Record<string, string>) => {
    const { body } = await app.request<any>('mutation ($name: String!, $config: JSONObject!) { createConnector(name: $name, config: $config) { name } }', { name, config });
    expect(body.errors).toBeUndefined();
  };

  test('shows the subject an Avro source writes once registered, and the subject a sink reads as not registered yet', async () => {
    const avro = { 'value.converter': 'io.confluent.connect.avro.AvroConverter', 'value.converter.schema.registry.url': app.endpoints.schemaRegistryUrl! };
    await create('gen', { 'connector.class': 'DatagenConnector', 'kafka.topic': 'lineage-clicks', quickstart: 'clickstream', iterations: '1', 'max.interval': '0', ...avro });
    await create('reader', { 'connector.class': 'FileStreamSinkConnector', topics: 'lineage-other', file: '/dev/null', ...avro });

    const written = await waitFor(async () => {
      const [subject] = await lineage('gen');
      return subject?.latestSchema ? subject : undefined;
    }, { what: 'the datagen subject registered' });
    expect(written).toEqual({
      subject: 'lineage-clicks-value',
      topic: 'lineage-clicks',
      part: 'VALUE',
      access: 'WRITE',
      converter: 'io.confluent.connect.avro.AvroConverter',
      latestSchema: { subject: 'lineage-clicks-value', version: 1, schemaType: 'AVRO' },
    });
    expect(await lineage('reader')).toEqual([
      { subject: 'lineage-other-value', topic: 'lineage-other', part: 'VALUE', access: 'READ', converter: 'io.confluent.connect.avro.AvroConverter', latestSchema: null },
    ]);
  });
});

describe('connector lineage schema subjects with the registry down', () => {
  let down: TestApp;

  beforeAll(async () => {
    down = await startTestApp({
      backends: ['connect'],
      env: { CONNECT_DEMO_CONNECTORS: 'false', ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0', SCHEMA_REGISTRY_TIMEOUT_MS: '1000' },
    });
  }, 60_000);
  afterAll(() => down?.stop());

  test('still lists the subjects; latestSchema alone is null with a retriable UPSTREAM_UNAVAILABLE', async () => {
    const config = { 'connector.class': 'FileStreamSinkConnector', topics: 'lineage-down', file: '/dev/null', 'value.converter': 'io.confluent.connect.avro.AvroConverter', 'value.converter.schema.registry.url': 'http://127.0.0.1:9' };
    const created = await down.request<any>('mutation ($config: JSONObject!) { createConnector(name: "down-reader", config: $config) { name } }', { config });
    expect(created.body.errors).toBeUndefined();
    const { body } = await down.request<any>('{ connector(name: "down-reader") { name lineage { sourceTopics schemaSubjects { subject access latestSchema { version } } } } }');
    expect(body.data.connector).toEqual({
      name: 'down-reader',
      lineage: { sourceTopics: ['lineage-down'], schemaSubjects: [{ subject: 'lineage-down-value', access: 'READ', latestSchema: null }] },
    });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ path: ['connector', 'lineage', 'schemaSubjects', 0, 'latestSchema'], extensions: { code: 'UPSTREAM_UNAVAILABLE', retriable: true } });
  });
});
