import http from 'node:http';
import type { EmbeddedLogger } from '../logger';
import { ConnectRestError } from '../connect/runtime/connect-error';
import { listenOn, readBody } from '../connect/rest/http-server';
import type { Router } from '../connect/rest/router';
import { RegistryError } from './registry-error';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const ACCEPTED_BODY_TYPES = ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json', 'application/octet-stream'];
/** The registry's default request limit is far above any schema; this keeps a runaway client from exhausting memory. */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

function send(res: http.ServerResponse, status: number, body: unknown, contentType = CONTENT_TYPE): void {
  const payload = typeof body === 'string' && contentType !== CONTENT_TYPE ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function parseBody(req: http.IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, MAX_BODY_BYTES);
  if (raw.trim() === '') return undefined;
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_BODY_TYPES.includes(type)) throw new RegistryError(415, 415, 'HTTP 415 Unsupported Media Type');
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new RegistryError(400, 400, `Unexpected character in request body: ${(error as Error).message}`);
  }
}

/** The REST listener: the registry's media type, every error as `{error_code, message}`. */
export async function startRegistryServer(host: string, port: number, router: Router, logger: EmbeddedLogger): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    try {
      const body = method === 'POST' || method === 'PUT' ? await parseBody(req) : undefined;
      const response = await router.dispatch(method, url.pathname.replace(/\/+$/, '') || '/', url.searchParams, body);
      send(res, response.status, response.body, response.headers?.['content-type']);
    } catch (error) {
      if (error instanceof RegistryError) return send(res, error.status, { error_code: error.errorCode, message: error.message });
      if (error instanceof ConnectRestError) return send(res, error.status, { error_code: error.status, message: error.message });
      logger.error({ err: (error as Error).message, method, path: url.pathname }, 'schema registry request failed');
      send(res, 500, { error_code: 50001, message: `Error in the backend data store - ${(error as Error).message}` });
    }
  });
  return listenOn(server, host, port);
}
