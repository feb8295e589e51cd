import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubCall {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

export type StubReply = { status: number; body?: unknown; delayMs?: number } | 'hang';
export type StubHandler = (call: StubCall) => StubReply | undefined;

/**
 * A stand-in Connect REST server answering like a Connect of the given version: `GET /` reports it, and handlers
 * decide every other answer (Connect's documented `{error_code, message}` bodies for 404, 409, 500…). Unhandled
 * calls answer 404 the way Jersey does. Every call is recorded.
 */
export async function startConnectStub(version = '3.9.0') {
  const calls: StubCall[] = [];
  const handlers: StubHandler[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const text = Buffer.concat(chunks).toString();
      const call: StubCall = { method: req.method ?? 'GET', path: url.pathname, query: url.search, body: text ? JSON.parse(text) : undefined };
      if (call.path !== '/') calls.push(call);
      let reply: StubReply | undefined = call.path === '/' && call.method === 'GET' ? { status: 200, body: { version, commit: 'abc', kafka_cluster_id: 'stub-cluster' } } : undefined;
      for (const handler of handlers) reply ??= handler(call);
      reply ??= { status: 404, body: { error_code: 404, message: 'HTTP 404 Not Found' } };
      if (reply === 'hang') return;
      const { status, body, delayMs = 0 } = reply;
      setTimeout(() => {
        if (body === undefined) {
          res.writeHead(status);
          res.end();
        } else {
          const payload = JSON.stringify(body);
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(payload);
        }
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    /** Adds a handler; earlier handlers win. */
    on(handler: StubHandler) {
      handlers.push(handler);
    },
    reset() {
      calls.length = 0;
      handlers.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const connectError = (status: number, message: string): StubReply => ({ status, body: { error_code: status, message } });
