import { getOperationAST, parse } from 'graphql';
import type { Browser, Page } from 'puppeteer-core';
import { createLeftovers } from '../helpers/leftovers';
import { chromiumMissingReason, launchChromium, offMachine, recordTraffic, type PageTraffic } from './chromium';
import { openTab, runAndWaitFor, SELECTORS, tabTitles, typeInto, waitForResponseText } from './graphiql-driver';
import { startTinyServer } from './tiny-server';

const API_KEY = 'playground-key-0123456789abcdef';
const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the playground browser tests: ${missing}`);
const describeWithChromium = missing ? describe.skip : describe;

interface Target {
  url: string;
  examples: Array<{ name: string; query: string }>;
  stop(): Promise<void>;
}

async function startTarget(): Promise<Target> {
  const examples = [{ name: 'Ticks', query: '# Counts to three.\nsubscription Ticks {\n  ticks(count: 3)\n}\n' }];
  const server = await startTinyServer(API_KEY, examples);
  return { ...server, examples };
}

describeWithChromium('the GraphiQL playground in headless Chromium', () => {
  const leftovers = createLeftovers();
  let target: Target;
  let browser: Browser;

  beforeAll(async () => {
    target = (await startTarget())!;
    leftovers.add(() => target.stop());
    const chromium = await launchChromium();
    leftovers.add(chromium.close);
    browser = chromium.browser;
  });
  afterAll(() => leftovers.drain());

  /** A fresh browser context per test, so stored tabs and headers do not leak between tests. */
  async function openPlayground(): Promise<{ page: Page; traffic: PageTraffic; headers: Record<string, string> }> {
    const context = await browser.createBrowserContext();
    leftovers.add(() => context.close());
    const page = await context.newPage();
    const traffic = await recordTraffic(page);
    const response = await page.goto(target.url, { waitUntil: 'load', timeout: 10_000 });
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
    // Invalid on any schema (an introspection root field in a subscription), so the server answers at once.
    await typeInto(page, SELECTORS.queryEditor, 'subscription { __typename }');
    await runAndWaitFor(page, '"errors"');

    expect(traffic.websockets).toEqual([wsUrl]);
    const sent = traffic.framesSent.map((frame) => JSON.parse(frame));
    expect(sent[0]).toEqual({ type: 'connection_init', payload: { authorization: `Bearer ${API_KEY}` } });
    expect(sent[1]).toMatchObject({ type: 'subscribe', payload: { query: 'subscription { __typename }' } });
    const received = traffic.framesReceived.map((frame) => JSON.parse(frame).type);
    expect(received).toEqual(expect.arrayContaining(['connection_ack', 'error']));
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

  it('streams the first example subscription from its tab', async () => {
    const example = target.examples.find((candidate) => getOperationAST(parse(candidate.query))?.operation === 'subscription');
    if (!example) {
      console.log('Skipping the streaming case: no example subscription exists in resolvers/*/examples.graphql yet.');
      return;
    }
    const { page, traffic } = await openPlayground();
    await openTab(page, example.name);
    await typeInto(page, SELECTORS.headersEditor, `{"Authorization": "Bearer ${API_KEY}"}`);
    await page.click(SELECTORS.run);
    await waitForResponseText(page, '"data"', 15_000);
    expect(traffic.framesReceived.map((frame) => JSON.parse(frame).type)).toContain('next');
    expectNothingLeftTheMachine(traffic);
  });
});
