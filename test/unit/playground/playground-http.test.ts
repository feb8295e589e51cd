import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { createPlayground } from '../../../src/server/playground';
import { createLeftovers } from '../../helpers/leftovers';

/** The playground's HTTP surface without a browser: which requests it takes, and what it answers. */
describe('the playground HTTP handler', () => {
  const leftovers = createLeftovers();
  let base: string;
  let page: string;

  beforeAll(async () => {
    const playground = createPlayground({
      graphqlPath: '/graphql',
      examples: [{ name: 'Sneaky', query: '# </script><script>alert(1)</script>\nquery Sneaky { viewer { id } }\n' }],
    });
    const server: Server = createServer((req, res) => {
      if (!playground.handle(req, res)) res.writeHead(418).end('not the playground');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    leftovers.add(() => new Promise((resolve) => server.close(resolve)));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    page = await (await fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })).text();
  });
  afterAll(() => leftovers.drain());

  const assetUrls = () => [...page.matchAll(/(?:src|href)="(\/playground\/assets\/[^"]+)"/g)].map((match) => match[1]!);

  it('serves the page to a browser on the GraphQL path with a same-origin CSP', async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self';/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(page).toContain('<title>pipegraph</title>');
  });

  it('leaves GraphQL requests to the API: POST, GET asking for JSON, and GET without an Accept header', async () => {
    expect((await fetch(`${base}/graphql`, { method: 'POST', headers: { accept: 'text/html' }, body: '{}' })).status).toBe(418);
    expect((await fetch(`${base}/graphql?query={viewer{id}}`, { headers: { accept: 'application/json, text/html' } })).status).toBe(418);
    expect((await fetch(`${base}/graphql`, { headers: { accept: '' } })).status).toBe(418);
    expect((await fetch(`${base}/healthz`, { headers: { accept: 'text/html' } })).status).toBe(418);
  });

  it('escapes example text so it cannot close the settings script block', () => {
    expect(page).not.toContain('</script><script>alert(1)');
    expect(page).toContain('\\u003c/script>');
  });

  it('references only its own asset files, each served with a content type and a year of immutable caching', async () => {
    const urls = assetUrls();
    expect(urls).toHaveLength(7);
    for (const url of urls) {
      const response = await fetch(`${base}${url}`, { headers: { 'accept-encoding': 'identity' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(Number(response.headers.get('content-length'))).toBeGreaterThan(100);
    }
  });

  it('gzips assets for clients that accept it', async () => {
    const url = assetUrls().find((candidate) => candidate.endsWith('graphiql.min.js'))!;
    const plain = Buffer.from(await (await fetch(`${base}${url}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    const response = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      // fetch decompresses transparently; node:http shows what went over the wire.
      require('node:http')
        .get(`${base}${url}`, { headers: { 'accept-encoding': 'gzip' } }, (res: import('node:http').IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    expect(response.encoding).toBe('gzip');
    expect(response.body.length).toBeLessThan(plain.length / 2);
    expect(gunzipSync(response.body).equals(plain)).toBe(true);
  });

  it('answers 404 for any file under the asset prefix that is not on the allow-list', async () => {
    for (const path of ['package.json', '..%2F..%2Fpackage.json', 'graphiql.min.js', 'index.umd.js.map', '']) {
      expect((await fetch(`${base}/playground/assets/${path}`)).status).toBe(404);
    }
  });
});
