import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { GROUP_LAG } from '../../src/console/app/pipeline/queries';
import { projectRoot } from '../../src/project-root';
import { createLeftovers } from '../helpers/leftovers';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait-for';
import { chromiumMissingReason, launchChromium, offMachine, recordTraffic, type PageTraffic } from './chromium';

// Bodies of page.evaluate/waitForFunction run in the browser; the test's tsconfig has no DOM lib.
declare const document: { querySelector(selector: string): any; querySelectorAll(selector: string): ArrayLike<any> & Iterable<any> };
declare const window: {
  pipegraphConsole?: { openStreams(): number; dropConnection(): void; subscribe(query: string, variables: object, listener: (state: { events: number }) => void): () => void };
  joinedEvents?: number;
};

const VIEWER_KEY = 'console-viewer-key-0123456789abcdef';
const OPERATOR_KEY = 'console-operator-key-0123456789abcd';
const SCREENSHOTS = join(projectRoot(), 'test', 'output', 'console');
const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the console browser tests: ${missing}`);
const describeWithChromium = missing ? describe.skip : describe;

/** The demo pipeline as `npm start` runs it: generator → clickstream → enricher → enriched-clickstream → JDBC sink, Pinot tables. */
async function startDemo(): Promise<TestApp> {
  return startTestApp({
    backends: ['kafka', 'connect', 'pinot'],
    seed: true,
    env: {
      API_KEYS: `console-viewer:viewer:${VIEWER_KEY},console-operator:operator:${OPERATOR_KEY}`,
      ENRICHER_ENABLED: 'true',
      CONNECT_DEMO_CONNECTORS: 'true',
      DEMO_GENERATOR_RATE: '10',
      ANALYTICS_LIVE_INTERVAL_MS: '1000',
    },
  });
}

async function activeSubscriptions(app: TestApp): Promise<number> {
  const text = await (await fetch(app.url.replace('/graphql', '/metrics'))).text();
  return Number(/^pipegraph_subscriptions_active (\S+)$/m.exec(text)?.[1] ?? NaN);
}

describeWithChromium('the /console app in headless Chromium against the running demo pipeline', () => {
  const leftovers = createLeftovers();
  let app: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startDemo();
    leftovers.add(() => app.stop());
    base = app.url.replace('/graphql', '');
    const chromium = await launchChromium();
    leftovers.add(chromium.close);
    browser = chromium.browser;
    // The demo connectors must exist before the pages look for them.
    await waitFor(
      async () => {
        const { body } = await app.request('{ connectors { name state } }', undefined, { apiKey: VIEWER_KEY });
        return body.data?.connectors.length === 2 && body.data.connectors.every((connector: { state: string }) => connector.state === 'RUNNING');
      },
      { what: 'the demo connectors running', timeoutMs: 30_000, intervalMs: 200 },
    );
  }, 90_000);
  afterAll(() => leftovers.drain());

  /** A fresh browser context (its own sessionStorage), signed in with `apiKey` through the key field. */
  async function openConsole(route: string, apiKey: string): Promise<{ page: Page; traffic: PageTraffic; close: () => Promise<void> }> {
    const context = await browser.createBrowserContext();
    const close = () => context.close();
    leftovers.add(close);
    const page = await context.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    const traffic = await recordTraffic(page);
    await page.goto(`${base}/console#/${route}`, { waitUntil: 'load', timeout: 15_000 });
    await page.type('input[aria-label="API key"]', apiKey);
    await page.click('form.api-key button');
    await page.waitForSelector(`[data-role="${apiKey === OPERATOR_KEY ? 'operator' : 'viewer'}"]`, { timeout: 10_000 });
    return { page, traffic, close };
  }

  async function count(page: Page, selector: string, attribute: string): Promise<number> {
    return page.$eval(selector, (element, name) => Number(element.getAttribute(name as string) ?? 0), attribute).catch(() => 0);
  }

  /** The page down to the end of its content (not the empty viewport below it), under test/output/console/. */
  async function screenshot(page: Page, name: string): Promise<void> {
    const height = await page.evaluate(() => Math.ceil(document.querySelector('main').getBoundingClientRect().bottom) + 8);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), clip: { x: 0, y: 0, width: 1400, height } });
  }

  function expectNothingLeftTheMachine(traffic: PageTraffic): void {
    expect(traffic.requests.length).toBeGreaterThan(3);
    expect(offMachine([...traffic.requests.map((request) => request.url), ...traffic.websockets])).toEqual([]);
    expect(traffic.cspViolations).toEqual([]);
    expect(traffic.pageErrors).toEqual([]);
  }

  it('serves the page with a CSP and its hashed assets as immutable, under 1 MB gzip in total', async () => {
    const page = await fetch(`${base}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual([expect.stringMatching(/\/console-[A-Z0-9]+\.css$/), expect.stringMatching(/\/console-[A-Z0-9]+\.js$/)]);
    let gzipBytes = Buffer.byteLength(html);
    for (const asset of assets) {
      const response = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-encoding')).toBe('gzip');
      gzipBytes += Number(response.headers.get('content-length'));
      await response.arrayBuffer();
    }
    console.log(`console first load: ${(gzipBytes / 1024).toFixed(0)} KiB gzip (page + script + stylesheet)`);
    expect(gzipBytes).toBeLessThan(1024 * 1024);
    expect((await fetch(`${base}/console/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${base}/console`, { method: 'POST' })).status).toBe(405);
  });

  it('draws the demo pipeline with live rates, and costs the server one subscription per distinct live view', async () => {
    const before = await activeSubscriptions(app);
    const { page, traffic, close } = await openConsole('pipeline', VIEWER_KEY);
    const nodes = [
      'connector:demo-clickstream-datagen',
      'topic:clickstream',
      'worker:enricher',
      'topic:enriched-clickstream',
      'topic:clickstream-dlq',
      'connector:demo-clickstream-jdbc-sink',
      'postgres:public.clickstream_events',
      'pinot:clickstream_enriched',
    ];
    for (const node of nodes) await page.waitForSelector(`[data-node="${node}"]`, { timeout: 15_000 });
    const edges = [
      'connector:demo-clickstream-datagen->topic:clickstream',
      'topic:clickstream->worker:enricher',
      'worker:enricher->topic:enriched-clickstream',
      'topic:enriched-clickstream->connector:demo-clickstream-jdbc-sink',
      'connector:demo-clickstream-jdbc-sink->postgres:public.clickstream_events',
    ];
    for (const edge of edges) expect(await page.$(`[data-edge="${edge}"]`)).not.toBeNull();
    // Throughput labels fill in from live offsets: consume rates from the lag streams, produce rates from topic offsets.
    for (const edge of ['topic:clickstream->worker:enricher', 'connector:demo-clickstream-datagen->topic:clickstream', 'worker:enricher->topic:enriched-clickstream']) {
      await waitFor(async () => (await page.$eval(`[data-edge="${edge}"]`, (element) => Number(element.getAttribute('data-rate') || 0))) > 0, {
        what: `a live rate on ${edge}`,
        timeoutMs: 15_000,
        intervalMs: 200,
      });
    }
    // Connect's own topics are read and written by nothing in the lineage: not drawn.
    expect(await page.$('[data-node="topic:connect-offsets"]')).toBeNull();
    expect(await page.$eval('[data-node="connector:demo-clickstream-jdbc-sink"]', (element) => element.getAttribute('data-health'))).toBe('ok');

    const declared = await count(page, '[data-page="pipeline"]', 'data-subscriptions');
    // The connector status stream plus one lag stream per consumer group in the graph (the enricher and the sink).
    expect(declared).toBe(3);
    const open = await waitFor(async () => ((await activeSubscriptions(app)) - before === declared ? declared : false), { what: 'the pipeline subscriptions', timeoutMs: 10_000, intervalMs: 100 });
    expect(await page.evaluate(() => window.pipegraphConsole?.openStreams())).toBe(open);
    // Another component showing the same view joins the open stream: it gets the events, the server no new subscription.
    await page.evaluate((query) => {
      window.pipegraphConsole?.subscribe(query, { groupId: 'pipegraph-enricher', intervalMs: 1_000 }, (state) => (window.joinedEvents = state.events));
    }, GROUP_LAG);
    expect(await page.evaluate(() => window.pipegraphConsole?.openStreams())).toBe(open);
    const joinedAt = await page.evaluate(() => window.joinedEvents ?? 0);
    await waitFor(async () => (await page.evaluate(() => window.joinedEvents ?? 0)) > joinedAt, { what: 'an event on the joined stream', timeoutMs: 10_000, intervalMs: 100 });
    // Every live update re-renders the graph; the subscriptions stay the same.
    const renders = await count(page, '[data-page="pipeline"] [data-edge="topic:clickstream->worker:enricher"]', 'data-rate');
    await waitFor(async () => (await count(page, '[data-page="pipeline"] [data-edge="topic:clickstream->worker:enricher"]', 'data-rate')) !== renders, { what: 'a new rate', timeoutMs: 10_000, intervalMs: 200 });
    expect((await activeSubscriptions(app)) - before).toBe(declared);
    await screenshot(page, 'pipeline');
    expectNothingLeftTheMachine(traffic);
    await close();
    await waitFor(async () => (await activeSubscriptions(app)) === before, { what: 'subscriptions released', timeoutMs: 10_000, intervalMs: 100 });
  }, 60_000);

  it('pauses a connector from the console and shows PAUSED, then resumes it to RUNNING (operator), the pipeline graph following live', async () => {
    const pipeline = await openConsole('pipeline', VIEWER_KEY);
    const datagenNode = '[data-node="connector:demo-clickstream-datagen"]';
    await pipeline.page.waitForSelector(`${datagenNode}[data-state="RUNNING"]`, { timeout: 15_000 });
    const { page, traffic } = await openConsole('connectors/demo-clickstream-datagen', OPERATOR_KEY);
    await page.waitForSelector('[data-controls] [data-action="pause"]', { timeout: 10_000 });
    await page.click('[data-action="pause"]');
    await page.waitForSelector('[data-reached="PAUSED"]', { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('[data-connector="demo-clickstream-datagen"] .state')?.textContent === 'PAUSED', { timeout: 10_000 });
    // The audit row the pause wrote, first through the API, then on the page (re-read when the action ends, then every 5 s).
    await waitFor(
      async () => {
        const { body } = await app.request('query($target: String!) { auditLog(target: $target, first: 5) { nodes { operation } } }', { target: 'connectors/default/demo-clickstream-datagen' }, { apiKey: OPERATOR_KEY });
        return body.data?.auditLog.nodes.some((entry: { operation: string }) => entry.operation === 'pauseConnector');
      },
      { what: 'the pause in the audit log (API)', timeoutMs: 10_000, intervalMs: 200 },
    );
    await page.waitForSelector('[data-audit="pauseConnector"]', { timeout: 15_000 });
    // The other viewer's graph hears it through connectorStatusChanged, well before its 15 s re-query.
    await pipeline.page.waitForSelector(`${datagenNode}[data-state="PAUSED"][data-health="idle"]`, { timeout: 10_000 });
    await screenshot(page, 'connectors');
    await page.click('[data-action="resume"]');
    await page.waitForSelector('[data-reached="RUNNING"]', { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('[data-connector="demo-clickstream-datagen"] .state')?.textContent === 'RUNNING', { timeout: 10_000 });
    const { body } = await app.request('{ connector(name: "demo-clickstream-datagen") { state } }', undefined, { apiKey: VIEWER_KEY });
    expect(body.data.connector.state).toBe('RUNNING');
    await pipeline.page.waitForSelector(`${datagenNode}[data-state="RUNNING"][data-health="ok"]`, { timeout: 10_000 });
    expectNothingLeftTheMachine(traffic);
    expectNothingLeftTheMachine(pipeline.traffic);
    await pipeline.close();
  }, 60_000);

  it('shows a refused key as UNAUTHENTICATED, not retriable, on the page and on its live streams', async () => {
    const context = await browser.createBrowserContext();
    leftovers.add(() => context.close());
    const page = await context.newPage();
    const traffic = await recordTraffic(page);
    await page.goto(`${base}/console#/topics`, { waitUntil: 'load', timeout: 15_000 });
    await page.type('input[aria-label="API key"]', 'not-a-key-0123456789abcdef');
    await page.click('form.api-key button');
    await page.waitForSelector('.errors [data-code="UNAUTHENTICATED"]', { timeout: 10_000 });
    const retriable = await page.$$eval('.errors [data-code="UNAUTHENTICATED"] .retriable', (cells) => cells.map((cell) => cell.textContent));
    expect(new Set(retriable)).toEqual(new Set(['not retriable']));
    expect(await page.$('[data-role="viewer"], [data-role="operator"]')).toBeNull();
    expect(offMachine([...traffic.requests.map((request) => request.url), ...traffic.websockets])).toEqual([]);
    expect(traffic.pageErrors).toEqual([]);
  }, 30_000);

  it('shows a viewer no control buttons, with the audit trail refused as FORBIDDEN (not retriable)', async () => {
    const { page, traffic } = await openConsole('connectors/demo-clickstream-jdbc-sink', VIEWER_KEY);
    await page.waitForSelector('[data-detail="demo-clickstream-jdbc-sink"]', { timeout: 10_000 });
    await page.waitForSelector('[data-validation]', { timeout: 10_000 });
    await page.waitForSelector('.errors [data-code="FORBIDDEN"]', { timeout: 10_000 });
    expect(await page.$eval('.errors [data-code="FORBIDDEN"] .retriable', (element) => element.textContent)).toBe('not retriable');
    expect(await page.$('[data-controls]')).toBeNull();
    expect(await page.$('[data-action]')).toBeNull();
    expectNothingLeftTheMachine(traffic);
  }, 30_000);

  it('updates the lag chart and the live tail within 5 s of new events, pauses and resumes the tail by cursor, and survives a dropped socket', async () => {
    const { page, traffic } = await openConsole('topics/clickstream', VIEWER_KEY);
    await page.waitForSelector('[data-lag-chart="pipegraph-enricher"]', { timeout: 10_000 });
    await page.waitForSelector('[data-tail="clickstream"]', { timeout: 10_000 });
    await page.waitForSelector('[data-topic-detail="clickstream"] td', { timeout: 10_000 });

    const points = await count(page, '[data-lag-chart]', 'data-points');
    const received = await count(page, '[data-tail]', 'data-received');
    const key = `console-${Date.now()}`;
    await app.request('mutation($value: String!, $key: String!) { produceMessage(input: { topic: "clickstream", key: $key, value: $value }) { offset } }', { key, value: '{"probe":true}' }, { apiKey: OPERATOR_KEY });
    const started = Date.now();
    await page.waitForFunction((wanted) => [...document.querySelectorAll('[data-tail] td')].some((cell) => cell.textContent === wanted), { timeout: 5_000 }, key);
    await waitFor(async () => (await count(page, '[data-lag-chart]', 'data-points')) > points, { what: 'a new lag point', timeoutMs: Math.max(0, 5_000 - (Date.now() - started)), intervalMs: 100 });
    expect(await count(page, '[data-tail]', 'data-received')).toBeGreaterThan(received);
    await screenshot(page, 'topics');

    // Pause: nothing new arrives; resume from the last cursor: later events, none twice.
    await page.click('[data-tail-toggle]');
    await page.waitForSelector('[data-tail][data-paused="yes"]');
    const pausedAt = await count(page, '[data-tail]', 'data-received');
    await page.click('[data-tail-toggle]');
    await waitFor(async () => (await count(page, '[data-tail]', 'data-received')) > pausedAt, { what: 'tail rows after resuming', timeoutMs: 10_000, intervalMs: 100 });

    // A dropped socket: the streams come back on a new socket, the tail continuing from its last cursor.
    const socketsBefore = traffic.websockets.length;
    const lagPointsBeforeDrop = await count(page, '[data-lag-chart]', 'data-points');
    const receivedBeforeDrop = await count(page, '[data-tail]', 'data-received');
    await page.evaluate(() => window.pipegraphConsole?.dropConnection());
    await waitFor(() => traffic.websockets.length > socketsBefore, { what: 'a new websocket', timeoutMs: 10_000, intervalMs: 100 });
    await waitFor(async () => (await count(page, '[data-tail]', 'data-received')) > receivedBeforeDrop, { what: 'tail rows after the reconnect', timeoutMs: 10_000, intervalMs: 100 });
    // The lag chart keeps its history through the reconnect and goes on adding to it.
    await waitFor(async () => (await count(page, '[data-lag-chart]', 'data-points')) > lagPointsBeforeDrop, { what: 'lag points after the reconnect', timeoutMs: 10_000, intervalMs: 100 });
    // Exactly once across the pause and the reconnect: per partition, the rows shown are consecutive offsets.
    const offsets = await page.$$eval('[data-tail] tr[data-offset]', (rows) => rows.map((row) => String(row.getAttribute('data-offset'))));
    expect(new Set(offsets).size).toBe(offsets.length);
    const byPartition = new Map<string, number[]>();
    for (const [partition, offset] of offsets.map((value) => value.split('/'))) byPartition.set(partition!, [...(byPartition.get(partition!) ?? []), Number(offset)]);
    for (const list of byPartition.values()) {
      const sorted = [...list].sort((a, b) => a - b);
      expect(sorted).toEqual(sorted.map((_offset, index) => sorted[0]! + index));
    }
    const resumed = traffic.framesSent.map((frame) => JSON.parse(frame)).filter((frame) => frame.type === 'subscribe' && frame.payload.variables?.from?.cursor);
    expect(resumed.length).toBeGreaterThan(0);

    // The key filter runs on the server: only the matching record arrives.
    const filtered = `console-filter-${Date.now()}`;
    await page.type('input[aria-label="key filter"]', filtered);
    await page.click('form.filters button[type="submit"]');
    await waitFor(() => traffic.framesSent.some((frame) => JSON.parse(frame).payload?.variables?.where?.key === filtered), { what: 'the filtered subscription', timeoutMs: 5_000, intervalMs: 50 });
    // A new subscription starts at LATEST once the server has attached it: produce until one shows up.
    await waitFor(
      async () => {
        if ((await count(page, '[data-tail]', 'data-received')) > 0) return true;
        await app.request('mutation($value: String!, $key: String!) { produceMessage(input: { topic: "clickstream", key: $key, value: $value }) { offset } }', { key: filtered, value: '{"probe":"filtered"}' }, { apiKey: OPERATOR_KEY });
        return false;
      },
      { what: 'the filtered record in the tail', timeoutMs: 10_000, intervalMs: 500 },
    );
    const keys = await page.$$eval('[data-tail] tr[data-offset] td:nth-child(3)', (cells) => cells.map((cell) => cell.textContent));
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys)).toEqual(new Set([filtered]));
    expectNothingLeftTheMachine(traffic);
  }, 60_000);

  it('charts the live analytics with freshness and shows the query builder operation and its result', async () => {
    const { page, traffic } = await openConsole('analytics', VIEWER_KEY);
    await page.waitForSelector('[data-chart="leaderboard"] .chart', { timeout: 20_000 });
    await page.waitForSelector('[data-chart="traffic"] .chart', { timeout: 20_000 });
    await page.waitForSelector('[data-chart="leaderboard"] [data-freshness]', { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('[data-builder] select[aria-label="table"]')?.options.length, { timeout: 10_000 });
    const operation = await page.$eval('[data-operation]', (element) => element.textContent ?? '');
    expect(operation).toContain('aggregate(table: $table, measures: $measures');
    expect(operation).toContain('"fn": "COUNT"');
    await page.click('[data-run]');
    await page.waitForSelector('[data-result-rows]', { timeout: 10_000 });
    await screenshot(page, 'analytics');
    expectNothingLeftTheMachine(traffic);
  }, 40_000);
});
