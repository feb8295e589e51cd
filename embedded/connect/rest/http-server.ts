import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmbeddedLogger } from '../../logger';
import { ConnectRestError } from '../runtime/connect-error';
import type { Router } from './router';

/** Connect's JSON body limit is far larger than any config; 10 MiB keeps a runaway client from exhausting memory. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface RestServerOptions {
  host: string;
  port: number;
  router: Router;
  logger: EmbeddedLogger;
  /** While false, everything but GET / and GET /health answers 409 like a worker without a known leader. */
  ready: () => boolean;
}

function send(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** The request body as text; beyond `maxBytes` the request is destroyed and a 413 ConnectRestError rejects. */
export function readBody(req: http.IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new ConnectRestError(413, 'HTTP 413 Request Entity Too Large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The REST listener: JSON in and out, every error as `{error_code, message}` with the same status. */
export async function startRestServer({ host, port, router, logger, ready }: RestServerOptions): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    try {
      const raw = method === 'GET' || method === 'DELETE' || method === 'HEAD' ? '' : await readBody(req);
      let body: unknown = undefined;
      if (raw.trim() !== '') {
        try {
          body = JSON.parse(raw);
        } catch (error) {
          throw new ConnectRestError(400, `Unrecognized JSON in request body: ${(error as Error).message}`);
        }
      }
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (!ready() && path !== '/' && path !== '/health') {
        throw new ConnectRestError(409, 'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.');
      }
      const response = await router.dispatch(method, path, url.searchParams, body);
      send(res, response.status, response.body, response.headers);
    } catch (error) {
      if (error instanceof ConnectRestError) {
        send(res, error.status, { error_code: error.status, message: error.message });
        return;
      }
      logger.error({ err: (error as Error).message, method, path: url.pathname }, 'REST request failed');
      send(res, 500, { error_code: 500, message: (error as Error).message || 'Internal server error' });
    }
  });
  return listenOn(server, host, port);
}

/** Binds a REST listener (rejecting if the port is taken) and reports the bound port (for port 0). */
export async function listenOn(server: http.Server, host: string, port: number): Promise<{ server: http.Server; port: number }> {
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
