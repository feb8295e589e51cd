import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import pg from 'pg';
import { ERROR_CODES } from '../../src/errors/codes';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait-for';
import { argumentRequests, brokenDocuments, type FuzzRequest, type Random, seededRandom } from './generate';

/**
 * A seeded fuzz of the real server, generated from its schema by introspection: transport (malformed JSON, content
 * types, methods, GET/POST), documents (syntax errors, unknown fields, wrong types) and every argument of every root
 * field, inline and as variables. Every answer must be coded, never 5xx, free of internals, and quick; afterwards the
 * server is healthy and the demo pipeline still delivers rows. FUZZ_SEED reproduces a run.
 *
 * Mutations are sent with a viewer key: they are refused (FORBIDDEN) after their arguments are coerced, so the fuzz
 * exercises coercion without deleting the demo pipeline it must leave flowing.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_206);
const ADMIN = 'fuzz-admin-key-0123456789';
const VIEWER = 'fuzz-viewer-key-0123456789';
const CODES = new Set<string>(ERROR_CODES);
// Stack frames, source paths, JS error class names and engine messages: none may reach a client.
const INTERNAL_TEXT = /\bat \S+ \(|\bat (?:async )?\/|node_modules|\/src\/|\.ts:\d+|\b(?:TypeError|RangeError|ReferenceError|URIError|EvalError)\b|Maximum call stack|Cannot read propert|is not a function|undefined is not/;
const ANSWER_WITHIN_MS = 2_000;

let app: TestApp;
let schema: GraphQLSchema;
let db: pg.Client;
const failures: string[] = [];
let sent = 0;

beforeAll(async () => {
  app = await startTestApp({
    backends: ['connect', 'pinot'],
    seed: true,
    env: {
      API_KEYS: `fuzz:admin:${ADMIN},watcher:viewer:${VIEWER}`,
      ENRICHER_ENABLED: 'true',
      CONNECT_DEMO_CONNECTORS: 'true',
      DEMO_GENERATOR_RATE: '0',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    },
  });
  db = new pg.Client({ connectionString: app.endpoints.databaseUrl });
  await db.connect();
  const { body } = await app.request<IntrospectionQuery>(getIntrospectionQuery(), undefined, { apiKey: ADMIN });
  schema = buildClientSchema(body.data!);
  // The demo pipeline must be flowing before the fuzz, so that "still flowing" afterwards means something.
  await rowsSince(new Date(Date.now() - 60_000), 'the demo pipeline delivering rows before the fuzz');
}, 90_000);

afterAll(async () => {
  await db?.end().catch(() => undefined);
  await app?.stop();
});

function rowsSince(since: Date, what: string): Promise<number> {
  return waitFor(async () => {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM clickstream_events WHERE "timestamp" >= $1', [since]);
    return Number(rows[0]!.n) > 0 && Number(rows[0]!.n);
  }, { what, timeoutMs: 40_000, intervalMs: 250 });
}

async function send(request: FuzzRequest): Promise<void> {
  sent++;
  const started = performance.now();
  let status = 0;
  let text = '';
  try {
    const response = await fetch(`${app.url}${request.search ?? ''}`, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(10_000) });
    status = response.status;
    text = await response.text();
  } catch (error) {
    failures.push(`${request.label}: no answer (${(error as Error).message})`);
    return;
  }
  const ms = performance.now() - started;
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);
  if (ms > ANSWER_WITHIN_MS) problems.push(`answered in ${Math.round(ms)} ms`);
  if (INTERNAL_TEXT.test(text)) problems.push(`internal text: ${text.match(INTERNAL_TEXT)![0]}`);
  let body: { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    problems.push('body is not JSON');
  }
  if (body) {
    if (body.data === undefined && !body.errors?.length) problems.push('neither data nor errors');
    for (const error of body.errors ?? []) {
      const code = error.extensions?.code;
      if (!code || !CODES.has(code)) problems.push(`uncoded error (${String(code)})`);
      if (code === 'INTERNAL_SERVER_ERROR') problems.push('INTERNAL_SERVER_ERROR');
    }
  }
  if (problems.length > 0) {
    failures.push(`${request.label} [seed ${SEED}]: ${problems.join('; ')}\n  ${request.method} ${request.search ?? ''} ${(request.body ?? '').slice(0, 300)}\n  → ${status} ${text.slice(0, 300)}`);
  }
}

async function inParallel<T>(items: T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const json = (apiKey: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${apiKey}` });
const post = (label: string, payload: unknown, apiKey = ADMIN): FuzzRequest => ({ label, method: 'POST', headers: json(apiKey), body: JSON.stringify(payload) });

function transportRequests(random: Random): FuzzRequest[] {
  const valid = '{ viewer { id role } }';
  const requests: FuzzRequest[] = [];
  const bodies = ['{', '[]', '[{"query":"{ viewer { id } }"}]', '"x"', '1', 'null', 'true', '{"query": 1}', '{"query": null}', '{"query": ""}', '{"query": {}}',
    '{"query": "{ viewer { id } }", "variables": "x"}', '{"query": "{ viewer { id } }", "variables": [1]}', '{"query": "{ viewer { id } }", "operationName": 5}',
    '{"query": "{ viewer { id } }", "extensions": "x"}', '{"query": "{ viewer { id } }", "extensions": {"persistedQuery": {"version": 2}}}',
    '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}', '{"query": "{ viewer { id } }"', '{"query": "\\ud800"}', '\u0000\u0001', '', ' '];
  for (const body of bodies) requests.push({ label: `malformed body ${body.slice(0, 40)}`, method: 'POST', headers: json(ADMIN), body });
  for (let i = 0; i < 60; i++) {
    // Random bytes, some of them not UTF-8.
    const bytes = Buffer.from(Array.from({ length: 1 + random.int(64) }, () => random.int(256)));
    requests.push({ label: `random bytes #${i}`, method: 'POST', headers: json(ADMIN), body: bytes.toString('latin1') });
  }
  const types = ['text/plain', 'application/graphql', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/graphql-response+json', 'application/xml', ''];
  for (const type of types) {
    requests.push({ label: `content-type ${type || 'none'}`, method: 'POST', headers: { ...(type ? { 'content-type': type } : {}), authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ query: valid }) });
  }
  const searches = [`?query=${encodeURIComponent(valid)}`, '', '?query=', `?query=${encodeURIComponent('{ viewer {')}`, `?query=${encodeURIComponent(valid)}&variables=notjson`,
    `?query=${encodeURIComponent(valid)}&variables=${encodeURIComponent('[1]')}`, `?query=${encodeURIComponent(valid)}&operationName=Nope`, `?query=${encodeURIComponent('mutation { deleteTopic(name: "x") { deleted } }')}`,
    `?query=${encodeURIComponent(valid)}&extensions=x`, '?query=%ZZ', `?query=${encodeURIComponent(`{ topics(nameContains: ${'['.repeat(1_000)}"x"${']'.repeat(1_000)}) { totalCount } }`)}`];
  for (const search of searches) {
    requests.push({ label: `GET ${search.slice(0, 60)}`, method: 'GET', search, headers: { authorization: `Bearer ${ADMIN}`, accept: random.pick(['application/json', 'application/graphql-response+json', '*/*', 'application/xml']) } });
  }
  for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) requests.push({ label: `method ${method}`, method, headers: json(ADMIN), body: JSON.stringify({ query: valid }) });
  for (const auth of [undefined, 'Bearer nope', 'Basic eA==', `Bearer ${ADMIN} extra`, 'Bearer ' + 'k'.repeat(5_000)]) {
    requests.push({ label: `authorization ${String(auth).slice(0, 20)}`, method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify({ query: valid }) });
  }
  return requests;
}

describe(`fuzzing the server (seed ${SEED})`, () => {
  it('answers every transport oddity coded, without 5xx or internals, within 2 s', async () => {
    for (const request of transportRequests(seededRandom(SEED))) await send(request);
    expect(failures).toEqual([]);
  }, 60_000);

  it('answers every broken document coded, without 5xx or internals, within 2 s', async () => {
    const random = seededRandom(SEED + 1);
    const valid = argumentRequests(schema, 'query', random, 1).map((request) => request.query);
    for (const [index, query] of brokenDocuments(valid, random, 400).entries()) await send(post(`broken document #${index}`, { query }));
    expect(failures).toEqual([]);
  }, 60_000);

  it('answers every argument of every root field, fuzzed inline and as variables, coded and within 2 s', async () => {
    const random = seededRandom(SEED + 2);
    const requests = [
      ...argumentRequests(schema, 'query', random, 16).map((request) => post(request.label, { query: request.query, variables: request.variables })),
      ...argumentRequests(schema, 'mutation', random, 12).map((request) => post(request.label, { query: request.query, variables: request.variables }, VIEWER)),
    ];
    // A few clients at once, as in real traffic (each answer is still timed on its own).
    await inParallel(requests, 4, send);
    expect(failures).toEqual([]);
  }, 120_000);

  it('sent at least 2,000 inputs and left the server healthy and the demo pipeline flowing', async () => {
    expect(sent).toBeGreaterThanOrEqual(2_000);
    const base = app.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const readiness = await waitFor(async () => {
      const response = await fetch(`${base}/readyz`);
      return response.status === 200 && response.json();
    }, { what: '/readyz green', timeoutMs: 15_000 });
    expect(readiness).toBeTruthy();
    await rowsSince(new Date(), 'rows still arriving in clickstream_events after the fuzz');
  }, 60_000);
});
