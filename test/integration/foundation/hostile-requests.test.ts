import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTestApp, type TestApp } from '../../helpers/test-app';

const ADMIN = 'admin-key-0123456789abcdef';

interface Hostile {
  name: string;
  body: string;
  limit: string | RegExp;
}

const deepList = (depth: number, inner = '"x"') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/**
 * Every request here must be refused before coercion and before any resolver, with its limit named. `tag` makes each
 * document's text distinct (a comment), so a warm-up round does not leave cached verdicts for the measured one.
 */
function hostileCorpus(tag: string): Hostile[] {
  const post = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query: `${query} # ${tag}`, variables });
  // JSON.stringify itself overflows on such a value: write the JSON by hand.
  const postDeepVariable = (query: string, name: string, depth: number) =>
    `{"query":${JSON.stringify(`${query} # ${tag}`)},"variables":{"${name}":${deepList(depth)}}}`;
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: analyticsTables { name }`).join(' ')} }`;
  const spreads = Array.from({ length: 500 }, () => '...V').join(' ');
  const doubling = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Viewer { ...F${i + 1} ...F${i + 1} }`).join(' ');
  return [
    { name: '10,000-deep list literal', body: post(`{ topics(nameContains: ${deepList(10_000)}) { totalCount } }`), limit: 'nesting' },
    { name: '10,000-deep list variable', body: postDeepVariable('query($n: String) { topics(nameContains: $n) { totalCount } }', 'n', 10_000), limit: 'inputDepth' },
    { name: '100,000-element list literal', body: post(`{ topics(nameContains: [${'"a",'.repeat(100_000)}]) { totalCount } }`), limit: 'tokens' },
    {
      name: '100,000-element list variable',
      body: post('query($ids: [Int!]) { clickstreamEvents(where: { userId: { _in: $ids } }) { totalCount } }', { ids: Array.from({ length: 100_000 }, (_, i) => i) }),
      limit: 'inputListLength',
    },
    { name: 'megabyte string literal', body: post(`{ topics(nameContains: "${'x'.repeat(1_100_000)}") { totalCount } }`), limit: 'bodySize' },
    { name: 'megabyte string variable', body: post('query($n: String) { topics(nameContains: $n) { totalCount } }', { n: 'x'.repeat(1_100_000) }), limit: 'bodySize' },
    { name: '2,000 aliases of analyticsTables', body: post(aliases(2_000)), limit: /aliases|tokens/ },
    { name: '150 aliases of analyticsTables', body: post(aliases(150)), limit: 'aliases' },
    { name: '200-deep __type nesting', body: post(`{ __type(name: "Query") { ${'ofType { '.repeat(200)} name ${'} '.repeat(200)} } }`), limit: /nesting|depth/ },
    { name: '500 fragment spreads', body: post(`{ viewer { ${spreads} } } fragment V on Viewer { id }`), limit: 'fragmentSpreads' },
    { name: 'fragments doubling 30 times', body: post(`{ viewer { ...F0 } } ${doubling} fragment F30 on Viewer { id }`), limit: 'fields' },
    { name: '5,000 same-named fields', body: post(`{ viewer { ${'id '.repeat(5_000)} } }`), limit: 'fields' },
    {
      name: 'lone surrogate in connectorPluginConfig',
      body: post('query($c: String!) { connectorPluginConfig(className: $c) { name } }', { c: 'io.x.\ud800Sink' }),
      limit: 'unicode',
    },
    {
      name: 'lone surrogate in validateConnectorConfig config',
      body: post('query($c: JSONObject!) { validateConnectorConfig(className: "FileStreamSink", config: $c) { valid } }', { c: { 'topics\udfff': 'x' } }),
      limit: 'unicode',
    },
  ];
}

describe('hostile requests', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { API_KEYS: `root:admin:${ADMIN}` } });
  }, 60_000);
  afterAll(() => app?.stop());

  const send = async (body: string) => {
    const started = performance.now();
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body });
    const json = (await response.json()) as { errors?: Array<{ message: string; extensions: { code: string; details?: { limit?: string } } }> };
    return { status: response.status, json, ms: performance.now() - started };
  };

  it('refuses each hostile document within 100 ms with BAD_USER_INPUT naming the limit, never blocking the event loop 50 ms', async () => {
    // One round first, outside the measurement: the first requests pay for lazy compilation on a loaded machine.
    for (const hostile of hostileCorpus('warm-up')) await send(hostile.body);
    // A real block repeats on every attempt; a stall of this process by the (shared, loaded) machine does not. So
    // each document is sent up to three times, with distinct text so no cached verdict helps, and its best counts.
    const rounds = [hostileCorpus('round-1'), hostileCorpus('round-2'), hostileCorpus('round-3')];
    const delay = monitorEventLoopDelay({ resolution: 5 });
    for (let index = 0; index < rounds[0]!.length; index++) {
      let best = { ms: Infinity, loopMs: Infinity };
      for (const round of rounds) {
        const hostile = round[index]!;
        delay.reset();
        delay.enable();
        const { status, json, ms } = await send(hostile.body).finally(() => delay.disable());
        const error = json.errors?.[0];
        expect({ name: hostile.name, status, code: error?.extensions.code }).toEqual({ name: hostile.name, status: 400, code: 'BAD_USER_INPUT' });
        expect(error?.extensions.details?.limit).toMatch(hostile.limit);
        expect(error?.message).not.toMatch(/stack|RangeError|TypeError|URIError/i);
        // The histogram is in nanoseconds; its max is the longest the loop was held.
        best = { ms: Math.min(best.ms, ms), loopMs: Math.min(best.loopMs, delay.max / 1e6) };
        if (best.ms < 100 && best.loopMs < 50) break;
      }
      expect({ name: rounds[0]![index]!.name, answeredWithin100ms: best.ms < 100, loopHeldUnder50ms: best.loopMs < 50 }).toEqual({
        name: rounds[0]![index]!.name,
        answeredWithin100ms: true,
        loopHeldUnder50ms: true,
      });
    }
  });
});
