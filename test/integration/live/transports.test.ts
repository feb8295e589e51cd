import http from 'node:http';
import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { KafkaClient, createKafkaAdmin, createKafkaProducer } from '../../../src/adapters/kafka';
import { createLogger } from '../../../src/logging/logger';
import { createLeftovers } from '../../helpers/leftovers';
import { type LiveTransport, type ObservedOperation, type OperationRequest, liveTransports } from '../../helpers/live/transports';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor, withDeadline } from '../../helpers/wait-for';

/**
 * One table of cases, run over graphql-ws and over Server-Sent Events: both transports must give the same answers
 * with the same auth, limits, shared execution and cursor resume.
 */

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

const NAMES = ['graphql-ws', 'sse'] as const;
/** Per transport and purpose, so cases on one transport never use up another's rate or connection budget. */
const key = (purpose: string, transport: string) => `${purpose}-${transport}-key-0123456789`;
const KEYS = [...NAMES.flatMap((t) => ['main', 'conn', 'burst'].map((p) => `${p}-${t}:viewer:${key(p, t)}`)), `mixed:viewer:${key('mixed', 'both')}`];
const MAX_CONNECTIONS = 4;
const RATE_BURST = 30;

let broker: EmbeddedKafka;
let app: TestApp;
let kafka: KafkaClient;
let transports: LiveTransport[];

beforeAll(async () => {
  broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  kafka = new KafkaClient({ brokers: [broker.brokers], logger: createLogger({ level: 'silent' }) });
  leftovers.add(() => kafka.close());
  const admin = createKafkaAdmin(kafka);
  for (const t of NAMES) {
    for (const purpose of ['tail', 'shared', 'conn']) await admin.createTopic({ name: `${t}-${purpose}`, partitions: 1, replicationFactor: 1, configs: [] });
  }
  const producer = createKafkaProducer(kafka);
  for (const name of ['sse-slow', 'mixed-shared', 'mixed-conn']) await admin.createTopic({ name, partitions: 1, replicationFactor: 1, configs: [] });
  for (const t of NAMES) await producer.send(`${t}-tail`, Array.from({ length: 5 }, (_, i) => ({ key: 'k', value: `v${i}` })));
  app = await startTestApp({
    kafkaBrokers: [broker.brokers],
    env: {
      API_KEYS: KEYS.join(','),
      MAX_CONNECTIONS_PER_KEY: String(MAX_CONNECTIONS),
      MAX_QUERY_COST: '20',
      // The cost table below was sized before backend-calling fields cost extra; keep them at 1 here.
      QUERY_COST_PER_BACKEND_CALL: '1',
      RATE_LIMIT_PER_SECOND: '1',
      RATE_LIMIT_BURST: String(RATE_BURST),
      LIVE_RESTRICTED_TOPICS: 'secret*',
      LIVE_CONSUMER_LINGER_MS: '100',
      LIVE_SUBSCRIBER_BUFFER: '20',
      LIVE_SOCKET_HIGH_WATER_BYTES: '65536',
    },
  });
  leftovers.add(() => app.stop());
  transports = liveTransports(app);
});

const TAIL = `subscription($topic: String!, $from: LiveStartInput) {
  topicMessages(topic: $topic, from: $from, format: STRING) { partition offset value cursor }
}`;

const open: ObservedOperation[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((operation) => operation.close()));
});

function transport(name: string): LiveTransport {
  return transports.find((t) => t.name === name)!;
}

/** Starts an operation with the transport's main key, another key, or (null) no credentials at all. */
function start(name: string, request: OperationRequest, apiKey: string | null = key('main', name)) {
  const operation = transport(name).subscribe(request, apiKey ?? undefined);
  open.push(operation);
  return operation;
}

const values = (operation: ObservedOperation) => operation.results.filter((r) => r.data).map((r) => r.data.topicMessages.value as string);
const members = (topic: string) => app.container.services.live.feeds().find((f) => f.topic === topic)?.members ?? 0;

async function sharedExecutions(): Promise<number> {
  const text = await (await fetch(app.url.replace(/\/graphql$/, '/metrics'))).text();
  return Number(/^pipegraph_live_shared_executions_total (\d+)/m.exec(text)?.[1] ?? 0);
}

describe.each(NAMES)('live subscriptions over %s', (name) => {
  it('delivers every event of a topic from EARLIEST, in order, each with a cursor', async () => {
    const tail = start(name, { query: TAIL, variables: { topic: `${name}-tail`, from: { position: 'EARLIEST' } } });
    await waitFor(() => tail.results.length >= 5, { what: 'five events' });
    expect(values(tail)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    expect(tail.results[0]).toEqual({ data: { topicMessages: { partition: 0, offset: '0', value: 'v0', cursor: expect.any(String) } } });
    expect(tail.codes).toEqual([]);
  });

  it('resumes after a cursor with exactly the later events', async () => {
    const first = start(name, { query: TAIL, variables: { topic: `${name}-tail`, from: { position: 'EARLIEST' } } });
    await waitFor(() => first.results.length >= 3, { what: 'three events' });
    const cursor = first.results[2]!.data.topicMessages.cursor as string;
    await first.close();
    const resumed = start(name, { query: TAIL, variables: { topic: `${name}-tail`, from: { cursor } } });
    await waitFor(() => resumed.results.length >= 2, { what: 'the two later events' });
    expect(values(resumed)).toEqual(['v3', 'v4']);
  });

  it('executes identical subscriptions once per event and sends each subscriber every event', async () => {
    const topic = `${name}-shared`;
    const subscribers = Array.from({ length: 3 }, () => start(name, { query: TAIL, variables: { topic } }));
    await waitFor(() => members(topic) === 3, { what: 'three members' });
    const before = await sharedExecutions();
    await createKafkaProducer(kafka).send(topic, Array.from({ length: 4 }, (_, i) => ({ value: `s${i}` })));
    await waitFor(() => subscribers.every((s) => s.results.length === 4), { what: 'four events each' });
    expect((await sharedExecutions()) - before).toBe(4);
    for (const subscriber of subscribers) expect(values(subscriber)).toEqual(['s0', 's1', 's2', 's3']);
  });

  it('refuses a caller without credentials with UNAUTHENTICATED', async () => {
    const refused = start(name, { query: TAIL, variables: { topic: `${name}-tail` } }, null);
    await waitFor(() => refused.finished, { what: 'refusal' });
    expect(refused.codes).toEqual(['UNAUTHENTICATED']);
  });

  it.each([
    ['a literal', `subscription { topicMessages(topic: "${name}-tail", from: { cursor: "not a cursor" }) { value } }`, undefined],
    ['a variable', TAIL, { topic: `${name}-tail`, from: { cursor: 'not a cursor' } }],
  ])('refuses a malformed cursor sent as %s with BAD_USER_INPUT', async (_how, query, variables) => {
    const refused = start(name, { query, variables });
    await waitFor(() => refused.finished, { what: 'refusal' });
    expect(refused.codes).toEqual(['BAD_USER_INPUT']);
    expect(values(refused)).toEqual([]);
  });

  it('refuses an operation over MAX_QUERY_COST with BAD_USER_INPUT before it joins a feed', async () => {
    const aliases = Array.from({ length: 25 }, (_, i) => `v${i}: value`).join(' ');
    const refused = start(name, { query: `subscription { topicMessages(topic: "${name}-conn") { ${aliases} } }` });
    await waitFor(() => refused.finished, { what: 'refusal' });
    expect(refused.codes).toEqual(['BAD_USER_INPUT']);
    expect(members(`${name}-conn`)).toBe(0);
  });

  it.each([
    ['a literal', 'subscription { consumerGroupLag(groupId: "no-such-group") { totalLag } }', undefined],
    ['a variable', 'subscription ($g: String!) { consumerGroupLag(groupId: $g) { totalLag } }', { g: 'no-such-group' }],
  ])('answers NOT_FOUND for an unknown consumer group sent as %s', async (_how, query, variables) => {
    const refused = start(name, { query, variables });
    await waitFor(() => refused.finished, { what: 'refusal' });
    expect(refused.codes).toEqual(['NOT_FOUND']);
  });

  it.each([
    ['no operationName', undefined],
    ['an unknown operationName', 'C'],
  ])('refuses a document with two operations and %s with BAD_USER_INPUT', async (_what, operationName) => {
    const query = `subscription A { topicMessages(topic: "${name}-tail") { value } } subscription B { topicMessages(topic: "${name}-tail") { offset } }`;
    const refused = start(name, { query, operationName });
    await waitFor(() => refused.finished, { what: 'refusal' });
    expect(refused.codes).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a restricted topic to a viewer with FORBIDDEN', async () => {
    const refused = start(name, { query: TAIL, variables: { topic: 'secret-payroll' } });
    await waitFor(() => refused.finished, { what: 'refusal' });
    expect(refused.codes).toEqual(['FORBIDDEN']);
  });

  it(`refuses a connection beyond MAX_CONNECTIONS_PER_KEY (${MAX_CONNECTIONS}) with RATE_LIMITED and keeps serving the others`, async () => {
    const topic = `${name}-conn`;
    const held = Array.from({ length: MAX_CONNECTIONS }, () => start(name, { query: TAIL, variables: { topic } }, key('conn', name)));
    await waitFor(() => members(topic) === MAX_CONNECTIONS, { what: 'held connections' });
    const refused = start(name, { query: TAIL, variables: { topic } }, key('conn', name));
    await waitFor(() => refused.finished, { what: 'refusal' });
    expect(refused.codes).toEqual(['RATE_LIMITED']);
    await createKafkaProducer(kafka).send(topic, [{ value: 'still here' }]);
    await waitFor(() => held.every((h) => h.results.length === 1), { what: 'the held connections still served' });
  });

  it('answers RATE_LIMITED once the key has spent its burst of operations', async () => {
    const codes: string[] = [];
    // Sequential, so a slow machine refills a token (1/s) now and then: allow for it.
    for (let i = 0; i < RATE_BURST * 2 && !codes.includes('RATE_LIMITED'); i++) {
      const operation = start(name, { query: '{ __typename }' }, key('burst', name));
      await waitFor(() => operation.finished, { what: `operation ${i} finished` });
      codes.push(...operation.codes);
      await operation.close();
    }
    expect(codes).toEqual(['RATE_LIMITED']);
  });
});

describe('GraphQL over SSE, protocol details', () => {
  // The whole exchange, body included, has a deadline: a stream that never completes fails the test instead of hanging.
  const sse = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(app.url, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${key('main', 'sse')}`, ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  const bodyOf = (response: Response) => withDeadline(response.text(), { what: 'the SSE stream to complete' });

  it('streams a query as event-stream headers, one next event and complete', async () => {
    const response = await sse({ query: '{ __typename }' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await bodyOf(response)).toBe(':\n\nevent: next\ndata: {"data":{"__typename":"Query"}}\n\nevent: complete\ndata:\n\n');
  });

  it('answers a validation error inside the accepted stream (200): a coded next, then complete', async () => {
    const response = await sse({ query: 'subscription { noSuchField }' });
    expect(response.status).toBe(200);
    const events = parseEvents(await bodyOf(response));
    expect(events.map((e) => e.event)).toEqual(['next', 'complete']);
    expect(JSON.parse(events[0]!.data).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', retriable: false });
  });

  it('serves a GET with the operation in the URL, as EventSource sends it', async () => {
    const query = `subscription { topicMessages(topic: "sse-tail", from: { position: EARLIEST }, format: STRING) { value } }`;
    const controller = new AbortController();
    const response = await fetch(`${app.url}?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${key('main', 'sse')}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    const fiveEvents = async () => {
      while (parseEvents(text).length < 5) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`the stream ended after ${parseEvents(text).length} events`);
        text += new TextDecoder().decode(value);
      }
    };
    try {
      await withDeadline(fiveEvents(), { what: 'five events on the stream' });
    } finally {
      controller.abort();
    }
    expect(parseEvents(text).map((e) => JSON.parse(e.data).data.topicMessages.value)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    await waitFor(() => members('sse-tail') === 0, { what: 'the stream left its feed' });
  });

  it('refuses a mutation over GET with 405, Allow: POST and a coded body', async () => {
    const response = await fetch(`${app.url}?query=${encodeURIComponent('mutation { __typename }')}`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${key('main', 'sse')}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as any).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', retriable: false });
  });

  it.each([
    ['no query', { variables: {} }],
    ['a query that is not a string', { query: 7 }],
    ['variables that are not an object', { query: '{ __typename }', variables: [1] }],
  ])('answers a request with %s with 400 BAD_USER_INPUT', async (_what, body) => {
    const response = await sse(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', retriable: false });
  });

  it('counts SSE streams and websockets of one key together toward MAX_CONNECTIONS_PER_KEY', async () => {
    const mixed = key('mixed', 'both');
    const topic = 'mixed-conn';
    for (const name of NAMES) for (let i = 0; i < MAX_CONNECTIONS / 2; i++) start(name, { query: TAIL, variables: { topic } }, mixed);
    await waitFor(() => members(topic) === MAX_CONNECTIONS, { what: 'held connections' });
    for (const name of NAMES) {
      const refused = start(name, { query: TAIL, variables: { topic } }, mixed);
      await waitFor(() => refused.finished, { what: `refusal over ${name}` });
      expect(refused.codes).toEqual(['RATE_LIMITED']);
    }
  });

  it('puts identical subscriptions on graphql-ws and SSE in one execution group', async () => {
    const topic = 'mixed-shared';
    const subscribers = NAMES.map((name) => start(name, { query: TAIL, variables: { topic } }));
    await waitFor(() => members(topic) === 2, { what: 'two members' });
    const before = await sharedExecutions();
    await createKafkaProducer(kafka).send(topic, Array.from({ length: 3 }, (_, i) => ({ value: `m${i}` })));
    await waitFor(() => subscribers.every((s) => s.results.length === 3), { what: 'three events each' });
    expect((await sharedExecutions()) - before).toBe(3);
    expect(subscribers[0]!.results).toEqual(subscribers[1]!.results);
  });

  it('ends a subscriber whose stream stays over the high-water mark with a SLOW_CONSUMER event, then complete', async () => {
    const query = 'subscription { topicMessages(topic: "sse-slow", format: STRING) { value } }';
    const body = JSON.stringify({ query });
    let response: http.IncomingMessage | undefined;
    const request = http.request(app.url, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${key('main', 'sse')}` },
    });
    request.on('response', (r) => {
      response = r;
      r.pause(); // a client that stops reading
    });
    leftovers.add(() => request.destroy());
    request.end(body);
    await waitFor(() => response && members('sse-slow') === 1, { what: 'subscribed' });
    const value = 'x'.repeat(20_000);
    const producer = createKafkaProducer(kafka);
    for (let i = 0; i < 10; i++) await producer.send('sse-slow', Array.from({ length: 50 }, () => ({ value })));
    await waitFor(() => members('sse-slow') === 0, { what: 'slow subscriber dropped', timeoutMs: 20_000 });
    let text = '';
    response!.setEncoding('utf8');
    response!.on('data', (chunk: string) => (text += chunk));
    response!.resume();
    await waitFor(() => text.endsWith('event: complete\ndata:\n\n'), { what: 'the stream completed', timeoutMs: 20_000 });
    const last = parseEvents(text).filter((e) => e.event === 'next').pop()!;
    expect(JSON.parse(last.data).errors[0].extensions).toMatchObject({ code: 'SLOW_CONSUMER', retriable: true });
  }, 40_000);
});

describe('SSE at shutdown', () => {
  it('ends an open stream with a retriable UPSTREAM_UNAVAILABLE event and complete, without holding the shutdown', async () => {
    const own = await startTestApp({ kafkaBrokers: [broker.brokers], env: { SHUTDOWN_TIMEOUT_MS: '10000' } });
    let stopped = false;
    leftovers.add(() => (stopped ? undefined : own.stop()));
    const controller = new AbortController();
    leftovers.add(() => controller.abort());
    const response = await fetch(own.url, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'subscription { topicMessages(topic: "sse-tail", format: STRING) { value } }' }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    await waitFor(() => own.container.services.live.feeds().some((f) => f.members === 1), { what: 'subscribed' });
    const text = response.text();
    const started = Date.now();
    await own.stop();
    stopped = true;
    expect(Date.now() - started).toBeLessThan(5_000);
    const events = parseEvents(await withDeadline(text, { what: 'the stream to end at shutdown', onTimeout: () => controller.abort() }));
    expect(events.map((e) => e.event)).toEqual(['next', 'complete']);
    expect(JSON.parse(events[0]!.data).errors[0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
  });
});

/** The events of an SSE body (comments skipped). */
function parseEvents(text: string): Array<{ event: string; data: string }> {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event:'))!.slice(6).trim();
      const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      return { event, data };
    });
}
