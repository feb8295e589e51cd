import net from 'node:net';
import { httpRequest, HttpTransportError } from '../../../src/adapters/http/http-json';

/**
 * A keep-alive socket the server closed while it sat idle in the client's pool: the next request written on it gets a
 * reset before any response. This server makes that race deterministic: on each connection it answers the first
 * request and resets the connection when a second one arrives on it.
 */
async function startResettingServer(): Promise<{ url: URL; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let answered = false;
    socket.on('data', (chunk) => {
      if (!chunk.includes('\r\n\r\n')) return;
      if (answered) {
        socket.resetAndDestroy();
        return;
      }
      answered = true;
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: keep-alive\r\n\r\n{"ok":true}');
    });
    socket.on('error', () => undefined);
  });
  let accepted = 0;
  server.on('connection', () => accepted++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/query/sql`), connections: () => accepted,
    // The client's pool keeps its last socket open; close() would wait for it.
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }), };
}

describe('httpRequest over a keep-alive socket the server has closed', () => {
  it('sends an idempotent request again on a fresh connection, once', async () => {
    const server = await startResettingServer();
    try {
      await httpRequest('GET', server.url, { timeoutMs: 2_000 });
      const again = await httpRequest('GET', server.url, { timeoutMs: 2_000 });
      expect(again).toMatchObject({ status: 200, text: '{"ok":true}' });
      expect(server.connections()).toBe(2);
      // A Pinot SQL query is a read sent as POST: it says it is idempotent.
      const query = await httpRequest('POST', server.url, { body: '{"sql":"SELECT 1"}', timeoutMs: 2_000, idempotent: true });
      expect(query.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('does not send a non-idempotent request twice: the reset reaches the caller', async () => {
    const server = await startResettingServer();
    try {
      await httpRequest('POST', server.url, { body: '{}', timeoutMs: 2_000 });
      const failure = await httpRequest('POST', server.url, { body: '{}', timeoutMs: 2_000 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(HttpTransportError);
      expect((failure as HttpTransportError).code).toBe('ECONNRESET');
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });
});
