/**
 * Controller and broker HTTP APIs on one port (Pinot runs them as separate processes on 9000 and 8099; clients
 * configured with both URLs simply get the same address twice).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EmbeddedLogger } from '../logger';
import { ControllerError, type PinotNode } from './pinot-node';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function createPinotHttpServer(node: PinotNode, logger: EmbeddedLogger): Server {
  return createServer((request, response) => {
    route(node, request, response).catch((error: unknown) => {
      const status = error instanceof ControllerError ? error.status : 500;
      if (status === 500) logger.error({ error: (error as Error)?.message, url: request.url }, 'embedded pinot request failed');
      sendJson(response, status, { code: status, error: (error as Error)?.message ?? 'internal error' });
    });
  });
}

async function route(node: PinotNode, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://pinot');
  const method = request.method ?? 'GET';
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const type = url.searchParams.get('type') ?? undefined;

  if (parts[0] === 'health' && method === 'GET' && parts.length === 1) return sendText(response, 200, 'OK');
  if (parts[0] === 'version' && method === 'GET') return sendJson(response, 200, { 'pinot-embedded': '1.0.0' });
  // The server meters a Prometheus scrape of Pinot shows (JMX exporter names), per REALTIME table.
  if (parts[0] === 'metrics' && method === 'GET' && parts.length === 1) return sendText(response, 200, node.prometheusMetrics());

  if (parts[0] === 'query' && (parts.length === 1 || (parts[1] === 'sql' && parts.length === 2))) {
    let sql: unknown;
    let queryOptions: unknown;
    if (method === 'GET') {
      sql = url.searchParams.get('sql');
      queryOptions = url.searchParams.get('queryOptions') ?? undefined;
    } else if (method === 'POST') {
      const body = await readJson(request).catch(() => undefined);
      sql = body?.sql;
      queryOptions = body?.queryOptions;
    } else {
      throw new ControllerError(405, 'HTTP 405 Method Not Allowed');
    }
    const result = await node.engine.execute(sql, queryOptions);
    return sendRaw(response, 200, result.body);
  }

  if (parts[0] === 'schemas') {
    if (parts.length === 1 && method === 'GET') return sendJson(response, 200, node.listSchemas());
    if (parts.length === 1 && method === 'POST') return sendStatus(response, await node.addSchema(await readDocument(request)));
    if (parts.length === 2 && method === 'GET') return sendJson(response, 200, node.getSchema(parts[1]!));
    if (parts.length === 2 && method === 'PUT') return sendStatus(response, await node.addSchema(await readDocument(request)));
    if (parts.length === 2 && method === 'DELETE') return sendJson(response, 200, { status: await node.deleteSchema(parts[1]!) });
  }

  if (parts[0] === 'tables') {
    if (parts.length === 1 && method === 'GET') return sendJson(response, 200, { tables: node.listTables(type) });
    if (parts.length === 1 && method === 'POST') return sendStatus(response, await node.addTable(await readDocument(request)));
    if (parts.length === 2 && method === 'GET') return sendJson(response, 200, node.getTable(parts[1]!, type));
    if (parts.length === 2 && method === 'PUT') return sendJson(response, 200, { status: await node.updateTable(parts[1]!, await readDocument(request)) });
    if (parts.length === 2 && method === 'DELETE') return sendJson(response, 200, { status: await node.deleteTable(parts[1]!, type) });
    if (parts.length === 3 && method === 'GET' && parts[2] === 'schema') return sendJson(response, 200, node.tableSchema(parts[1]!));
    if (parts.length === 3 && method === 'GET' && parts[2] === 'size') return sendJson(response, 200, node.tableSize(parts[1]!));
  }

  throw new ControllerError(404, 'HTTP 404 Not Found');
}

function sendStatus(response: ServerResponse, status: string): void {
  sendJson(response, 200, { unrecognizedProperties: {}, status });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  sendRaw(response, status, JSON.stringify(body));
}

function sendRaw(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function sendText(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ControllerError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = (await readBody(request)).toString('utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * A schema or table config: a JSON body, or (as pinot-admin and `curl -F schemaName=@file.json` send it) the first
 * part of a multipart/form-data upload.
 */
async function readDocument(request: IncomingMessage): Promise<unknown> {
  const body = await readBody(request);
  const contentType = request.headers['content-type'] ?? '';
  const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  let text = body.toString('utf8');
  if (boundary) {
    const part = text.split(`--${boundary}`).find((chunk) => chunk.includes('\r\n\r\n') && !chunk.startsWith('--'));
    text = part ? part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, '') : '';
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ControllerError(400, 'request body is not valid JSON');
  }
}
