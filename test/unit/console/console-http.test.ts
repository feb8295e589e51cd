import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { buildConsoleBundle, type ConsoleBundle } from '../../../src/console/bundle';
import { createLogger } from '../../../src/logging/logger';
import { createConsole } from '../../../src/server/console';
import { createLeftovers } from '../../helpers/leftovers';

const BUNDLE: ConsoleBundle = {
  script: 'console-ABC123.js',
  style: 'console-DEF456.css',
  files: [
    { fileName: 'console-ABC123.js', body: Buffer.from('console.log("the console");'.repeat(50)) },
    { fileName: 'console-DEF456.css', body: Buffer.from('body { margin: 0 }') },
  ],
};

/** The console's HTTP surface without a browser: which requests it takes, what it answers, and how its bundle loads. */
describe('the /console HTTP handler', () => {
  const leftovers = createLeftovers();
  afterAll(() => leftovers.drain());

  async function serve(loadBundle: () => Promise<ConsoleBundle>): Promise<string> {
    const pipelineConsole = createConsole({
      config: { graphqlPath: '/graphql', enricher: { groupId: '</script><script>alert(1)</script>', sourceTopic: 'a', targetTopic: 'b', dlqTopic: 'c' } },
      loadBundle,
      logger: createLogger({ level: 'silent' }),
    });
    const server: Server = createServer((req, res) => {
      if (!pipelineConsole.handle(req, res)) res.writeHead(418).end('not the console');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    leftovers.add(() => new Promise((resolve) => server.close(resolve)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('serves the page with a same-origin CSP, no-cache, its hashed assets and the settings escaped', async () => {
    const base = await serve(async () => BUNDLE);
    for (const path of ['/console', '/console/', '/console?x=1']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self';/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const page = await response.text();
      expect(page).toContain('<script src="/console/assets/console-ABC123.js"></script>');
      expect(page).toContain('<link rel="stylesheet" href="/console/assets/console-DEF456.css">');
      expect(page).not.toContain('</script><script>alert(1)');
      expect(page).toContain('"graphqlPath":"/graphql"');
    }
  });

  it('serves each asset immutable, gzipped when accepted and as is otherwise; HEAD gets headers only', async () => {
    const base = await serve(async () => BUNDLE);
    const gzipped = await fetch(`${base}/console/assets/console-ABC123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(gzipped.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(Number(gzipped.headers.get('content-length'))).toBe(gzipSync(BUNDLE.files[0]!.body, { level: 9 }).length);
    await gzipped.arrayBuffer();
    const plain = await fetch(`${base}/console/assets/console-DEF456.css`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await plain.text()).toBe('body { margin: 0 }');
    const head = await fetch(`${base}/console/assets/console-DEF456.css`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 404 for files outside the bundle, 405 for other methods, and leaves every other path alone', async () => {
    const base = await serve(async () => BUNDLE);
    expect((await fetch(`${base}/console/assets/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/console/assets/console-OTHER.js`)).status).toBe(404);
    const post = await fetch(`${base}/console`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${base}/consoles`)).status).toBe(418);
    expect((await fetch(`${base}/graphql`)).status).toBe(418);
  });

  it('answers a retriable 503 while the bundle cannot be loaded, and loads it on a later request', async () => {
    let attempts = 0;
    const base = await serve(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('no bundle yet');
      return BUNDLE;
    });
    const failed = await fetch(`${base}/console`);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    expect(await failed.text()).toContain('npm run build');
    expect((await fetch(`${base}/console`)).status).toBe(200);
    expect((await fetch(`${base}/console/assets/console-ABC123.js`)).status).toBe(200);
    expect(attempts).toBe(2);
  });

  it('bundles the app from node_modules with esbuild into one script and one stylesheet, under 1 MB gzip, loading nothing remote', async () => {
    const bundle = await buildConsoleBundle();
    expect(bundle.files.map((file) => file.fileName).sort()).toEqual([bundle.style, bundle.script].sort());
    expect(bundle.script).toMatch(/^console-[A-Z0-9]+\.js$/);
    const gzip = bundle.files.reduce((sum, file) => sum + gzipSync(file.body).length, 0);
    expect(gzip).toBeLessThan(1024 * 1024);
    const script = bundle.files.find((file) => file.fileName === bundle.script)!.body.toString('utf8');
    // Only the app's own relative endpoints: no CDN script, stylesheet or font is referenced.
    expect(script).not.toMatch(/(?:src|href)\s*=\s*["']https?:\/\//);
    expect(script).not.toMatch(/import\(["']https?:/);
  }, 30_000);
});
