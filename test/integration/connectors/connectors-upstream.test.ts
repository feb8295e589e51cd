import { startTestApp, type TestApp } from '../../helpers/test-app';
import { connectError, startConnectStub } from './connect-stub';

let app: TestApp;
let stub: Awaited<ReturnType<typeof startConnectStub>>;

beforeAll(async () => {
  stub = await startConnectStub('3.4.0');
  // No embedded Connect: the default cluster points at a closed port; "stub" answers like a Connect 3.4 cluster.
  app = await startTestApp({
    env: { CONNECT_CLUSTERS: `stub=${stub.url}`, CONNECT_DEMO_CONNECTORS: 'false', CONNECT_CONFLICT_RETRIES: '2', CONNECT_CONFLICT_BACKOFF_MS: '1', CONNECT_LIFECYCLE_WAIT_MS: '0' },
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await stub?.stop();
});

beforeEach(() => stub.reset());

const codeOf = async (query: string) => {
  const { body } = await app.request(query);
  return body.errors?.[0] && { message: body.errors[0].message, ...body.errors[0].extensions };
};

test('answers UPSTREAM_UNAVAILABLE (retriable) when the Connect cluster is unreachable, and readiness says so', async () => {
  expect(await codeOf('{ connectors { name } }')).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
  const ready = await fetch(app.url.replace('/graphql', '/readyz')).then((r) => r.json() as Promise<any>);
  expect(ready.backends.connect.ok).toBe(false);
  expect(ready.backends['connect:stub']).toEqual({ ok: true, detail: 'Kafka Connect 3.4.0' });
});

test('maps Connect\'s 409 to CONFLICT with retriable=true after bounded retries', async () => {
  stub.on(() => connectError(409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)'));
  expect(await codeOf('mutation { pauseConnector(name: "a", cluster: "stub") { state } }')).toMatchObject({ code: 'CONFLICT', retriable: true });
  expect(stub.calls.filter((c) => c.path === '/connectors/a/pause')).toHaveLength(3);
});

test('maps Connect\'s 404 and 500 bodies', async () => {
  stub.on((call) => (call.path === '/connectors/a/status' ? connectError(404, 'Connector a not found') : undefined));
  stub.on((call) => (call.path === '/connectors/b/status' ? connectError(500, 'Request timed out') : undefined));
  stub.on((call) => (call.path === '/connectors/c/status' ? connectError(500, 'Unexpected error while processing the request') : undefined));
  // "a" is unknown altogether (a 404 on its status alone would mean "no status yet": see connectors-versions.test.ts).
  stub.on((call) => (call.path.match(/^\/connectors\/[bc]$/) ? { status: 200, body: { name: 'x', config: {}, tasks: [], type: 'sink' } } : undefined));
  expect(await codeOf('mutation { restartConnectorTask(name: "a", taskId: 0, cluster: "stub") { state } }')).toMatchObject({ code: 'NOT_FOUND' });
  expect((await app.request('{ connector(name: "a", cluster: "stub") { name } }')).body.data.connector).toBeNull();
  expect(await codeOf('{ connector(name: "b", cluster: "stub") { name } }')).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
  expect(await codeOf('{ connector(name: "c", cluster: "stub") { name } }')).toMatchObject({ code: 'UPSTREAM_REJECTED', message: 'Kafka Connect failed: Unexpected error while processing the request' });
});

test('refuses what a 3.4 cluster lacks with UPSTREAM_REJECTED naming the minimum version, without calling it', async () => {
  expect(await codeOf('mutation { stopConnector(name: "a", cluster: "stub") { state } }')).toMatchObject({ code: 'UPSTREAM_REJECTED', details: { minimumVersion: '3.5', version: '3.4.0' } });
  expect(stub.calls).toHaveLength(0);
});

test('refuses an unknown cluster name with BAD_USER_INPUT naming the argument', async () => {
  expect(await codeOf('{ connectors(cluster: "nope") { name } }')).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'cluster' } });
  const { body } = await app.request('{ connectClusters { name isDefault version } }');
  expect(body.data.connectClusters).toEqual([{ name: 'default', isDefault: true, version: null }, { name: 'stub', isDefault: false, version: '3.4.0' }]);
});
