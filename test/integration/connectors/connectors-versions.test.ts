import { atLeast, type ConnectVersion } from '../../../embedded/connect/version';
import { startTestApp, type TestApp } from '../../helpers/test-app';

/**
 * What a real Connect 2.4 distributed worker exposed (issue 12), against the embedded worker in each version mode,
 * with a status delay long enough that every read right after a change comes before the worker wrote the status.
 */
const VERSIONS: ConnectVersion[] = ['2.4', '3.2', '3.9'];

const datagen = (topic: string, extra: Record<string, unknown> = {}) => ({
  'connector.class': 'DatagenConnector',
  'kafka.topic': topic,
  quickstart: 'users',
  'max.interval': '500',
  ...extra,
});

describe.each(VERSIONS)('against Connect %s', (version) => {
  let app: TestApp;
  const gql = async (query: string, variables: Record<string, unknown> = {}) => (await app.request(query, variables)).body;

  beforeAll(async () => {
    app = await startTestApp({ backends: ['connect'], connect: { version, statusDelayMs: 700 }, env: { CONNECT_LIFECYCLE_WAIT_MS: '15000' } });
  }, 60_000);
  afterAll(() => app?.stop());

  test('createConnector waits through the 404 of a status not yet written and answers the running connector', async () => {
    const { data, errors } = await gql('mutation ($config: JSONObject!) { createConnector(name: "users-a", config: $config) { name state settled tasks { id state } } }', { config: datagen('users-a') });
    expect(errors).toBeUndefined();
    expect(data.createConnector).toEqual({ name: 'users-a', state: 'RUNNING', settled: true, tasks: [{ id: 0, state: 'RUNNING' }] });
    const audit = await app.container.pool.query("SELECT outcome FROM audit_log WHERE operation = 'createConnector' AND target = 'connectors/default/users-a'");
    expect(audit.rows).toEqual([{ outcome: 'ok' }]);
  });

  test('a connector without a status yet reads as UNASSIGNED, not as missing', async () => {
    // Created behind pipegraph's back, straight through the REST API: its status shows only after the delay.
    const created = await fetch(`${app.endpoints.connectUrl}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'users-b', config: datagen('users-b') }),
    });
    expect(created.status).toBe(201);
    const { data, errors } = await gql('{ connector(name: "users-b") { name state tasks { id } } }');
    expect(errors).toBeUndefined();
    expect(data.connector).toEqual({ name: 'users-b', state: 'UNASSIGNED', tasks: [] });
  });

  test('a field the cluster is too old for is null with an error for that field alone', async () => {
    const { data, errors = [] } = await gql('{ connector(name: "users-a") { name state topics offsets { partition } } }');
    expect(data.connector.name).toBe('users-a');
    const failed = errors.map((e: any) => ({ path: e.path.join('.'), code: e.extensions.code, minimumVersion: e.extensions.details?.minimumVersion }));
    const expected = [
      ...(atLeast(version, '2.5') ? [] : [{ path: 'connector.topics', code: 'UPSTREAM_REJECTED', minimumVersion: '2.5' }]),
      ...(atLeast(version, '3.5') ? [] : [{ path: 'connector.offsets', code: 'UPSTREAM_REJECTED', minimumVersion: '3.5' }]),
    ];
    expect(failed).toEqual(expected);
    if (atLeast(version, '2.5')) expect(data.connector.topics).toEqual(expect.any(Array));
    else expect(data.connector.topics).toBeNull();
    if (!atLeast(version, '3.5')) expect(data.connector.offsets).toBeNull();
  });

  test('describes a sink plugin\'s config keys', async () => {
    const { data, errors } = await gql('{ jdbc: connectorPluginConfig(className: "JdbcSinkConnector") { name required } file: connectorPluginConfig(className: "FileStreamSinkConnector") { name } }');
    expect(errors).toBeUndefined();
    expect(data.jdbc).toContainEqual({ name: 'connection.url', required: true });
    expect(data.file.map((d: any) => d.name)).toContain('file');
  });

  test('validates a sink config without topics as an answer, the problem on topics and topics.regex, literal and variable alike', async () => {
    const fields = 'valid errorCount errors { field messages } fields { name value }';
    const viaVariables = await gql(`query ($config: JSONObject!) { validateConnectorConfig(className: "FileStreamSinkConnector", config: $config) { ${fields} } }`, { config: { name: 'v', file: '/tmp/x', 'tasks.max': 'two' } });
    const viaLiteral = await gql(`{ validateConnectorConfig(className: "FileStreamSinkConnector", config: { name: "v", file: "/tmp/x" }) { ${fields} } }`);
    for (const { data, errors } of [viaVariables, viaLiteral]) {
      expect(errors).toBeUndefined();
      const result = data.validateConnectorConfig;
      expect(result.valid).toBe(false);
      expect(result.errors).toEqual(expect.arrayContaining([
        { field: 'topics', messages: ['Must configure one of topics or topics.regex'] },
        { field: 'topics.regex', messages: ['Must configure one of topics or topics.regex'] },
      ]));
      // The probe used to get past an old worker's 500 never shows.
      expect(JSON.stringify(result)).not.toContain('pipegraph-validation-probe');
    }
    const tasksMax = viaVariables.data.validateConnectorConfig.errors.find((e: any) => e.field === 'tasks.max');
    expect(tasksMax.messages).toEqual(['Invalid value two for configuration tasks.max: Not a number of type INT']);
    expect(viaVariables.data.validateConnectorConfig.errorCount).toBe(3);
    expect(viaLiteral.data.validateConnectorConfig.errorCount).toBe(2);
  });

  test('refuses to create a sink without topics with BAD_USER_INPUT naming the field, and creates nothing', async () => {
    const { errors } = await gql('mutation ($config: JSONObject!) { createConnector(name: "no-topics", config: $config) { name } }', { config: { 'connector.class': 'FileStreamSinkConnector', file: '/tmp/x' } });
    expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(errors[0].extensions.details.fields.map((f: any) => f.field)).toEqual(['config.topics', 'config.topics.regex']);
    expect((await gql('{ connector(name: "no-topics") { name } }')).data.connector).toBeNull();
  });

  test('updateConnectorConfig answers once the tasks run the new config: tasks.max 1 → 2 lists two running tasks', async () => {
    const update = 'mutation ($config: JSONObject!) { updateConnectorConfig(name: "users-a", config: $config) { settled state tasks { id state } config } }';
    const { data, errors } = await gql(update, { config: { 'tasks.max': 2 } });
    expect(errors).toBeUndefined();
    expect(data.updateConnectorConfig).toMatchObject({ settled: true, state: 'RUNNING', tasks: [{ id: 0, state: 'RUNNING' }, { id: 1, state: 'RUNNING' }] });
    expect(data.updateConnectorConfig.config['tasks.max']).toBe('2');
    const down = await gql(update, { config: { 'tasks.max': 1 } });
    expect(down.data.updateConnectorConfig).toMatchObject({ settled: true, tasks: [{ id: 0, state: 'RUNNING' }] });
  });
});
