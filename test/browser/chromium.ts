import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's chromium; CI installs it (.ci/run). Override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser suites cannot run here, or undefined when they can. */
export function chromiumMissingReason(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is not installed (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

/** Headless Chromium with a throwaway profile and nothing that phones home; `close` also removes the profile. */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'pipegraph-chromium-'));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      userDataDir: profile,
      timeout: 15_000,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    removeProfile();
    throw error;
  }
  return {
    browser,
    async close() {
      await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
      removeProfile();
    },
  };
}

export interface PageTraffic {
  /** Every request the page made (documents, scripts, fetches, data: URLs), in order. */
  requests: Array<{ url: string; method: string; postData?: string }>;
  websockets: string[];
  framesSent: string[];
  framesReceived: string[];
  pageErrors: string[];
  cspViolations: string[];
}

/** Records everything the page sends and receives, including websocket frames (over CDP) and CSP violations. */
export async function recordTraffic(page: Page): Promise<PageTraffic> {
  const traffic: PageTraffic = { requests: [], websockets: [], framesSent: [], framesReceived: [], pageErrors: [], cspViolations: [] };
  page.on('request', (request) => traffic.requests.push({ url: request.url(), method: request.method(), postData: request.postData() }));
  page.on('pageerror', (error) => traffic.pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) traffic.cspViolations.push(message.text());
  });
  // The event is the reliable signal; the console message is a fallback for violations reported before scripts run.
  await page.exposeFunction('reportCspViolation', (text: string) => traffic.cspViolations.push(text));
  await page.evaluateOnNewDocument(() => {
    const scope = globalThis as unknown as {
      addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
      reportCspViolation(text: string): void;
    };
    scope.addEventListener('securitypolicyviolation', (event) => scope.reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketCreated', (event) => traffic.websockets.push(event.url));
  cdp.on('Network.webSocketFrameSent', (event) => traffic.framesSent.push(event.response.payloadData));
  cdp.on('Network.webSocketFrameReceived', (event) => traffic.framesReceived.push(event.response.payloadData));
  return traffic;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** URLs that would leave the machine: anything but data:/blob: and loopback http(s)/ws(s). */
export function offMachine(urls: string[]): string[] {
  return urls.filter((raw) => {
    const url = new URL(raw);
    if (url.protocol === 'data:' || url.protocol === 'blob:') return false;
    return !LOOPBACK.has(url.hostname);
  });
}
