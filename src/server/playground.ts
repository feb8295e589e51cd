import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ASSET_PREFIX, createAssetMap } from './playground/assets';
import { PLAYGROUND_SCRIPT, PLAYGROUND_STYLES } from './playground/boot-script';
import { PLAYGROUND_CSP, renderPage, WELCOME_QUERY } from './playground/page';
import { sendAsset } from './static-asset';

export { loadExampleOperations } from './playground/example-operations';

export interface PlaygroundOptions {
  /** Path of the GraphQL endpoint; the page is served there to browsers. Usually '/graphql'. */
  graphqlPath: string;
  /** One GraphiQL tab each, after a welcome tab; see loadExampleOperations. */
  examples: Array<{ name: string; query: string }>;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PLAYGROUND_CSP,
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * GraphiQL 4 served entirely from node_modules: no CDN, nothing leaves the machine.
 * `handle` answers GET/HEAD of the GraphQL path when the client prefers HTML (the page), and GET/HEAD of
 * /playground/assets/<file> for an allow-list of files (404 for anything else under that prefix); it returns false
 * for every other request. Throws at construction when a GraphiQL/React file is missing from node_modules.
 */
export function createPlayground(options: PlaygroundOptions) {
  const assets = createAssetMap([
    { name: 'playground', extension: '.js', text: PLAYGROUND_SCRIPT },
    { name: 'playground', extension: '.css', text: PLAYGROUND_STYLES },
  ]);
  const examplesVersion = createHash('sha256').update(JSON.stringify(options.examples)).digest('hex').slice(0, 12);
  const page = Buffer.from(
    renderPage({
      urls: assets.urls,
      scriptUrl: assets.ownUrls['playground.js']!,
      styleUrl: assets.ownUrls['playground.css']!,
      config: { graphqlPath: options.graphqlPath, welcomeQuery: WELCOME_QUERY, examples: options.examples, examplesVersion },
    }),
    'utf8',
  );

  return {
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const pathname = (req.url ?? '/').split('?', 1)[0]!;
      if (pathname === options.graphqlPath) {
        if (!prefersHtml(req.headers.accept)) return false;
        res.writeHead(200, { ...PAGE_HEADERS, 'content-length': page.length });
        res.end(req.method === 'HEAD' ? undefined : page);
        return true;
      }
      if (!pathname.startsWith(ASSET_PREFIX)) return false;
      const asset = assets.get(pathname.slice(ASSET_PREFIX.length));
      if (!asset) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
        res.end('not found\n');
        return true;
      }
      sendAsset(req, res, asset);
      return true;
    },
  };
}

/** Browsers navigating to the endpoint list text/html before (or without) application/json; API clients do not. */
function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';', 1)[0]!.trim().toLowerCase());
  const html = types.indexOf('text/html');
  if (html === -1) return false;
  const json = types.findIndex((type) => type === 'application/json' || type === 'application/graphql-response+json');
  return json === -1 || html < json;
}
