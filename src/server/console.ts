import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildConsoleBundle, type ConsoleBundle, readConsoleBundle } from '../console/bundle';
import type { ConsolePageConfig } from '../console/page-config';
import type { Logger } from '../logging/logger';
import { PLAYGROUND_CSP } from './playground/page';
import { lazyAsset, sendAsset, type StaticAsset } from './static-asset';

export interface ConsoleOptions {
  config: ConsolePageConfig;
  /**
   * Where the bundle comes from. @default the files `npm run build` wrote to dist/console when running from dist/,
   * an in-memory esbuild build of src/console/app (on first request) when running from TypeScript sources (tests).
   */
  loadBundle?: () => Promise<ConsoleBundle>;
  logger: Logger;
}

export const CONSOLE_PATH = '/console';
const ASSET_PREFIX = `${CONSOLE_PATH}/assets/`;

const NO_SNIFF = { 'x-content-type-options': 'nosniff' };

interface Served {
  page: Buffer;
  files: Map<string, StaticAsset>;
}

/**
 * Serves the console: GET/HEAD /console (and /console/) is the page, /console/assets/<hashed name> its script and
 * stylesheet (immutable, gzip when accepted); false for every other request. The bundle is loaded (or built) once, on
 * the first console request; when that fails the console answers 503 and the next request tries again.
 */
export function createConsole(options: ConsoleOptions) {
  const loadBundle = options.loadBundle ?? defaultBundleLoader();
  let served: Promise<Served> | undefined;
  const serve = () =>
    (served ??= loadBundle()
      .then((bundle) => prepare(bundle, options.config))
      .catch((error: unknown) => {
        served = undefined;
        throw error;
      }));

  return {
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const pathname = (req.url ?? '/').split('?', 1)[0]!;
      if (pathname !== CONSOLE_PATH && !pathname.startsWith(`${CONSOLE_PATH}/`)) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8', ...NO_SNIFF });
        res.end('method not allowed\n');
        return true;
      }
      serve().then(
        (ready) => respond(req, res, pathname, ready),
        (error: unknown) => {
          options.logger.error({ err: error }, 'the console bundle could not be loaded');
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', ...NO_SNIFF });
          res.end('the console is not built (run npm run build)\n');
        },
      );
      return true;
    },
  };
}

function respond(req: IncomingMessage, res: ServerResponse, pathname: string, ready: Served): void {
  const head = req.method === 'HEAD';
  if (pathname === CONSOLE_PATH || pathname === `${CONSOLE_PATH}/`) {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': ready.page.length,
      // The playground's policy: everything from this origin, settings in a non-executed JSON block.
      'content-security-policy': PLAYGROUND_CSP,
      'cache-control': 'no-cache',
      'referrer-policy': 'no-referrer',
      ...NO_SNIFF,
    });
    return void res.end(head ? undefined : ready.page);
  }
  const file = pathname.startsWith(ASSET_PREFIX) ? ready.files.get(pathname.slice(ASSET_PREFIX.length)) : undefined;
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...NO_SNIFF });
    return void res.end('not found\n');
  }
  sendAsset(req, res, file);
}

function prepare(bundle: ConsoleBundle, config: ConsolePageConfig): Served {
  const files = new Map(bundle.files.map((file) => [file.fileName, lazyAsset(file.fileName, () => file.body)]));
  return { files, page: Buffer.from(renderConsolePage(bundle, config), 'utf8') };
}

function renderConsolePage(bundle: ConsoleBundle, config: ConsolePageConfig): string {
  // `<` escaped so no value can close the <script> block.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pipegraph console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_PREFIX}${bundle.style}">
</head>
<body>
<div id="console-root"><p class="loading">Loading the pipegraph console…</p></div>
<script type="application/json" id="pipegraph-console-config">${json}</script>
<script src="${ASSET_PREFIX}${bundle.script}"></script>
</body>
</html>
`;
}

/** Prebuilt files when running compiled code; a fresh build when running from TypeScript sources (never stale). */
function defaultBundleLoader(): () => Promise<ConsoleBundle> {
  if (__filename.endsWith('.ts')) return () => buildConsoleBundle();
  return async () => {
    const bundle = readConsoleBundle();
    if (!bundle) throw new Error('dist/console has no bundle: run npm run build');
    return bundle;
  };
}
