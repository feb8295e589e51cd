import { getOperationAST, parse } from 'graphql';
import type { Browser, Page } from 'puppeteer-core';
import { loadExampleOperations } from '../../src/server/playground';
import { projectRoot } from '../../src/project-root';
import { createLeftovers } from '../helpers/leftovers';
import { startTestApp } from '../helpers/test-app';
import { chromiumMissingReason, launchChromium, offMachine, recordTraffic, type PageTraffic } from './chromium';
import { startTinyServer } from './tiny-server';
import { openTab, runAndWaitFor, SELECTORS, tabTitles, typeInto, waitForResponseText } from './graphiql-driver';

const API_KEY = 'playground-key-0123456789abcdef';
const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the playground browser tests: ${missing}`);
const describeWithChromium = missing ? describe.skip : describe;

interface Target {
  url: string;
  examples: Array<{ name: string; query: string }>;
  hasSubscriptions: boolean;
  stop(): Promise<void>;
}

/** The real pipegraph server on port 0 (embedded Postgres, Kafka and Pinot, so example subscriptions stream), with one operator key. */
async function startTarget(): Promise<Target> {
  const app = await startTestApp({ backends: ['kafka', 'pinot'], env: { API_KEYS: `playground-test:operator:${API_KEY}` } });
  try {
    const { body } = await app.request('{ __schema { subscriptionType { name } } }', undefined, { apiKey: API_KEY });
    return {
      url: app.url,
      examples: loadExampleOperations(projectRoot()),
      hasSubscriptions: Boolean(body.data?.__schema.subscriptionType),
      stop: () => app.stop(),
    };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

const isSubscription = (query: string) => getOperationAST(parse(query))?.operation === 'subscription';

describeWithChromium('the GraphiQL playground in headless Chromium', () => {
  const leftovers = createLeftovers();
  let target: Target;
  let browser: Browser;

  beforeAll(async () => {
    target = await startTarget();
    leftovers.add(() => target.stop());
    const chromium = await launchChromium();
    leftovers.add(chromium.close);
    browser = chromium.browser;
  });
  afterAll(() => leftovers.drain());

  /** A fresh browser context per test, so stored tabs and headers do not leak between tests. */
  async function openPlayground(url = target.url): Promise<{ page: Page; traffic: PageTraffic; headers: Record<string, string> }> {
    const context = await browser.createBrowserContext();
    leftovers.add(() => context.close());
    const page = await context.newPage();
    const traffic = await recordTraffic(page);
    const response = await page.goto(url, { waitUntil: 'load', timeout: 10_000 });
    await page.waitForSelector(SELECTORS.queryEditor, { timeout: 10_000 });
    return { page, traffic, headers: response?.headers() ?? {} };
  }

  function expectNothingLeftTheMachine(traffic: PageTraffic): void {
    expect(traffic.requests.length).toBeGreaterThan(5);
    expect(offMachine([...traffic.requests.map((request) => request.url), ...traffic.websockets])).toEqual([]);
    expect(traffic.cspViolations).toEqual([]);
    expect(traffic.pageErrors).toEqual([]);
  }

  it('runs a query typed into the editor with the Headers pane API key and renders the result, all from loopback', async () => {
    const { page, traffic, headers } = await openPlayground();
    expect(await page.title()).toBe('pipegraph');
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(await tabTitles(page)).toEqual(expect.arrayContaining(target.examples.map((example) => example.name)));

    await typeInto(page, SELECTORS.headersEditor, `{"Authorization": "Bearer ${API_KEY}"}`);
    await typeInto(page, SELECTORS.queryEditor, '{ viewer { id role } }');
    const rendered = await runAndWaitFor(page, '"role": "operator"');

    expect(rendered).toContain('"id": "playground-test"');
    // Dialogs inject inline styles: opening one proves the CSP allows what GraphiQL needs.
    await page.click('[aria-label="Open settings dialog"]');
    await page.waitForSelector('[role=dialog]', { timeout: 5_000 });
    await page.keyboard.press('Escape');
    const posted = traffic.requests.filter((request) => request.method === 'POST' && request.postData?.includes('viewer'));
    expect(posted).toHaveLength(1);
    expectNothingLeftTheMachine(traffic);
  });

  it('sends a subscription over graphql-ws with the Authorization header as connection_init payload, reconnecting when it changes', async () => {
    const { page, traffic } = await openPlayground();
    const wsUrl = target.url.replace(/^http/, 'ws');

    await typeInto(page, SELECTORS.headersEditor, `{"Authorization": "Bearer ${API_KEY}"}`);
    // Invalid on any schema (an introspection root field in a subscription), so the server answers at once, whatever
    // subscriptions exist; it still has to travel over the websocket.
    await typeInto(page, SELECTORS.queryEditor, 'subscription { __typename }');
    await runAndWaitFor(page, '"errors"');

    expect(traffic.websockets).toEqual([wsUrl]);
    const sent = traffic.framesSent.map((frame) => JSON.parse(frame));
    expect(sent[0]).toEqual({ type: 'connection_init', payload: { authorization: `Bearer ${API_KEY}` } });
    expect(sent[1]).toMatchObject({ type: 'subscribe', payload: { query: 'subscription { __typename }' } });
    const received = traffic.framesReceived.map((frame) => JSON.parse(frame).type);
    expect(received[0]).toBe('connection_ack');
    // The server refuses it as a validation `error`, or as a `next` carrying errors (a schema without subscriptions).
    expect(received.slice(1)).toEqual(expect.arrayContaining([expect.stringMatching(/^(error|next)$/)]));
    expect(traffic.requests.filter((request) => /subscription\s*\{/.test(request.postData ?? ''))).toEqual([]);

    await typeInto(page, SELECTORS.headersEditor, '{"Authorization": "Bearer not-the-key-0123456789"}');
    await runAndWaitFor(page, '4403');
    expect(traffic.websockets).toEqual([wsUrl, wsUrl]);
    expect(traffic.framesSent.map((frame) => JSON.parse(frame)).filter((frame) => frame.type === 'connection_init').at(-1)).toEqual({
      type: 'connection_init',
      payload: { authorization: 'Bearer not-the-key-0123456789' },
    });
    expectNothingLeftTheMachine(traffic);
  });

  it('streams the first example subscription of the real schema from its tab', async () => {
    const example = target.examples.find((candidate) => isSubscription(candidate.query));
    if (!example) {
      console.log(
        target.hasSubscriptions
          ? 'Skipping the real-schema streaming case: the schema has subscriptions but resolvers/*/examples.graphql has no example of one.'
          : 'Skipping the real-schema streaming case: the schema has no subscriptions yet.',
      );
      return;
    }
    const { page, traffic } = await openPlayground(target.url);
    await openTab(page, example.name);
    await typeInto(page, SELECTORS.headersEditor, `{"Authorization": "Bearer ${API_KEY}"}`);
    await page.click(SELECTORS.run);
    await waitForResponseText(page, '"data"', 15_000);
    expect(traffic.framesReceived.map((frame) => JSON.parse(frame).type)).toContain('next');
    expectNothingLeftTheMachine(traffic);
  });

  it('streams subscription events into the response pane until the subscription completes (stand-in server)', async () => {
    // Keeps the streaming path covered whatever the real schema offers: a server whose subscription counts to three.
    const examples = [{ name: 'Ticks', query: '# Counts to three.\nsubscription Ticks {\n  ticks(count: 3)\n}\n' }];
    const tiny = await startTinyServer(API_KEY, examples);
    leftovers.add(() => tiny.stop());
    const { page, traffic } = await openPlayground(tiny.url);

    await openTab(page, 'Ticks');
    await typeInto(page, SELECTORS.headersEditor, `{"Authorization": "Bearer ${API_KEY}"}`);
    await runAndWaitFor(page, '"ticks": 3');

    const received = traffic.framesReceived.map((frame) => JSON.parse(frame) as { type: string; payload?: unknown });
    expect(received.filter((frame) => frame.type === 'next').map((frame) => frame.payload)).toEqual([1, 2, 3].map((ticks) => ({ data: { ticks } })));
    expect(received.at(-1)?.type).toBe('complete');
    expectNothingLeftTheMachine(traffic);
  });
});
