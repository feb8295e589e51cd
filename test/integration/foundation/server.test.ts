import http from 'node:http';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const VIEWER = 'viewer-key-0123456789abcdef';
const ADMIN = 'admin-key-0123456789abcdef';

describe('pipegraph server (HTTP + graphql-ws on one port)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      env: { API_KEYS: `dash:viewer:${VIEWER},root:admin:${ADMIN}`, MAX_BODY_BYTES: '4096', MAX_QUERY_DEPTH: '6', MAX_QUERY_COST: '500' },
    });
  });
  afterAll(() => app?.stop());

  const base = () => app.url.replace(/\/graphql$/, '');

  it('answers liveness on /healthz', async () => {
    const response = await fetch(`${base()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports each backend on /readyz', async () => {
    const body = (await (await fetch(`${base()}/readyz`)).json()) as { backends: Record<string, { ok: boolean }> };
    expect(body.backends.postgres).toEqual({ ok: true });
  });

  it('runs a query for a caller with a valid API key', async () => {
    const { status, body } = await app.request('{ viewer { id role } }', undefined, { apiKey: VIEWER });
    expect(status).toBe(200);
    expect(body.data).toEqual({ viewer: { id: 'dash', role: 'viewer' } });
  });

  it('refuses a request without a key with 401 UNAUTHENTICATED', async () => {
    const { status, body } = await app.request('{ viewer { id } }');
    expect(status).toBe(401);
    expect(body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', retriable: false });
  });

  it('refuses a wrong key with 401 UNAUTHENTICATED', async () => {
    const { status, body } = await app.request('{ viewer { id } }', undefined, { apiKey: 'not-a-key-0123456789' });
    expect(status).toBe(401);
    expect(body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers malformed JSON with BAD_USER_INPUT', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${VIEWER}` },
      body: '{"query": "{ viewer { id } ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an oversized body with BAD_USER_INPUT before reading it all', async () => {
    const { status, body } = await app.request(`{ viewer { id } } # ${'x'.repeat(10_000)}`, undefined, { apiKey: VIEWER });
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'bodySize' } });
  });

  it('refuses an oversized chunked body (no content-length) and closes that connection, staying up for the next', async () => {
    const url = new URL(app.url);
    const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${VIEWER}` } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body: text }));
      });
      request.on('error', reject);
      // Chunked, so the size is only known while reading; the client keeps sending past the limit.
      request.write(`{"query": "{ viewer { id } } # ${'x'.repeat(3_000)}`);
      request.write('y'.repeat(3_000));
      request.end('"}');
    });
    expect(answer.status).toBe(400);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'bodySize' } });
    const { status } = await app.request('{ viewer { id } }', undefined, { apiKey: VIEWER });
    expect(status).toBe(200);
  });

  it('answers a syntax error and an unknown field with BAD_USER_INPUT', async () => {
    for (const query of ['{ viewer { id ', '{ nope }']) {
      const { body } = await app.request(query, undefined, { apiKey: VIEWER });
      expect(body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('answers a wrong variable type with BAD_USER_INPUT', async () => {
    const { status, body } = await app.request('query($x: Int!) { viewer { id } }', { x: 'seven' }, { apiKey: VIEWER });
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a query whose cost exceeds MAX_QUERY_COST with BAD_USER_INPUT before running it', async () => {
    const { status, body } = await app.request('{ clickstreamEvents(first: 1000) { edges { node { url user { userName } } } } }', undefined, {
      apiKey: VIEWER,
    });
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'cost', max: 500 } });
    expect(body.data).toBeUndefined();
  });

  it('masks nothing it should not: no stack traces in any error', async () => {
    const { body } = await app.request('{ nope }', undefined, { apiKey: VIEWER });
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at Object\.|node_modules/);
  });

  it('exposes Prometheus metrics with request counts and error codes', async () => {
    await app.request('query Who { viewer { id } }', undefined, { apiKey: VIEWER });
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/pipegraph_graphql_requests_total\{operation="Who",type="query"\} \d+/);
    expect(text).toMatch(/pipegraph_graphql_errors_total\{code="UNAUTHENTICATED"\} \d+/);
    expect(text).toMatch(/pipegraph_websockets_open \d+/);
  });

  describe('over graphql-ws', () => {
    it('runs an operation for a connection authenticated in connection_init', async () => {
      const client = app.wsClient({ apiKey: ADMIN });
      const result = await new Promise<any>((resolve, reject) => {
        client.subscribe({ query: '{ viewer { id role } }' }, { next: resolve, error: reject, complete: () => undefined });
      });
      expect(result.data).toEqual({ viewer: { id: 'root', role: 'admin' } });
    });

    it('closes a connection without valid credentials with 4403', async () => {
      const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer wrong-key-0123456789' } })));
      expect(await closed).toBe(4403);
    });

    it('formats errors on the websocket path with the same codes as HTTP', async () => {
      const client = app.wsClient({ apiKey: VIEWER });
      const errors = await new Promise<any[]>((resolve) => {
        client.subscribe({ query: '{ nope }' }, { next: () => undefined, error: (e) => resolve(e as any[]), complete: () => undefined });
      });
      expect(errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', retriable: false });
    });

    it('closes a frame larger than the websocket message limit without crashing the server', async () => {
      const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
      await new Promise((resolve) => socket.on('open', resolve));
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      socket.send('x'.repeat(app.config.limits.wsMaxMessageBytes + 1));
      expect(await closed).toBe(1009);
      expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    });
  });
});

describe('pipegraph limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      env: { MAX_QUERY_DEPTH: '1', MAX_QUERY_COST: '2', RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3', INTROSPECTION: 'false' },
    });
  });
  afterAll(() => app?.stop());

  it('refuses a too-deep query with BAD_USER_INPUT', async () => {
    const { body } = await app.request('{ viewer { id } }');
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'depth' } });
  });

  it('refuses introspection when it is turned off', async () => {
    const { body } = await app.request('{ __schema { queryType { name } } }');
    expect(body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.data).toBeUndefined();
  });

  it('answers RATE_LIMITED with a retry hint once the burst is spent', async () => {
    let limited: { status: number; body: any } | undefined;
    for (let i = 0; i < 6 && !limited; i++) {
      const response = await app.request('{ __typename }');
      if (response.status === 429) limited = response;
    }
    expect(limited?.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retriable: true });
    expect(limited?.body.errors[0].extensions.retryAfterMs).toBeGreaterThan(0);
  });
});

describe('pipegraph shutdown', () => {
  it('closes open websockets with 1001 and stops listening', async () => {
    const app = await startTestApp();
    const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await waitFor(() => socket.readyState === WebSocket.OPEN);
    await app.stop();
    expect(await closed).toBe(1001);
    await expect(fetch(app.url.replace('/graphql', '/healthz'))).rejects.toThrow();
  });
});

describe('pipegraph connection limits', () => {
  it('closes connections beyond MAX_CONNECTIONS_PER_KEY with 4429 and keeps serving the others', async () => {
    const key = 'limited-key-0123456789abcdef';
    const app = await startTestApp({ env: { API_KEYS: `lim:viewer:${key}`, MAX_CONNECTIONS_PER_KEY: '2' } });
    const sockets: WebSocket[] = [];
    try {
      const open = async () => {
        const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
        sockets.push(socket);
        const outcome = new Promise<string | number>((resolve) => {
          socket.on('message', (data) => JSON.parse(String(data)).type === 'connection_ack' && resolve('ack'));
          socket.on('close', (code) => resolve(code));
        });
        await new Promise((resolve) => socket.on('open', resolve));
        socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
        return outcome;
      };
      expect(await open()).toBe('ack');
      expect(await open()).toBe('ack');
      expect(await open()).toBe(4429);
      sockets[0]!.close();
      await waitFor(async () => (await open()) === 'ack', { what: 'a free connection slot after one closed' });
    } finally {
      for (const socket of sockets) socket.terminate();
      await app.stop();
    }
  });
});

describe('pipegraph operations per connection', () => {
  it('refuses an operation beyond MAX_SUBSCRIPTIONS_PER_CONNECTION with RATE_LIMITED and frees the slot when one completes', async () => {
    const app = await startTestApp({ backends: ['kafka'], env: { MAX_SUBSCRIPTIONS_PER_CONNECTION: '1' } });
    try {
      const client = app.wsClient();
      const query = 'subscription { enrichedClickstream { timestamp } }';
      const events: string[] = [];
      const first = client.subscribe({ query }, { next: () => events.push('next'), error: () => events.push('error'), complete: () => events.push('complete') });
      const refused = await new Promise<any[]>((resolve) => {
        client.subscribe({ query }, { next: () => undefined, error: (e) => resolve(e as any[]), complete: () => undefined });
      });
      expect(refused[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retriable: false, details: { limit: 'subscriptionsPerConnection' } });
      expect(events).toEqual([]); // the first subscription is untouched by the refusal
      first();
      const viewer = await waitFor(
        () =>
          new Promise<any>((resolve) => {
            client.subscribe({ query: '{ viewer { role } }' }, { next: resolve, error: () => resolve(undefined), complete: () => undefined });
          }),
        { what: 'a free operation slot after the first subscription completed' },
      );
      expect(viewer.data).toEqual({ viewer: { role: 'admin' } });
    } finally {
      await app.stop();
    }
  });
});

describe('pipegraph root path', () => {
  it('redirects GET / to the GraphQL path', async () => {
    const app = await startTestApp();
    try {
      const response = await fetch(app.url.replace('/graphql', '/'), { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/graphql');
    } finally {
      await app.stop();
    }
  });
});
