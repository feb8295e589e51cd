/**
 * The cost of one extra HTTP hop and nothing else, as a reference for pipegraph's overhead: a node:http server that
 * reads `{ sql }`, posts it to the Pinot broker over a keep-alive connection, parses the answer and returns its rows.
 * No GraphQL, auth, limits, metrics, logging or SQL compilation: no middle tier written in Node can add less.
 */
import http from 'node:http';

const broker = new URL('/query/sql', process.env.BENCH_PINOT_URL!);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function readBody(message: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  try {
    const { sql } = JSON.parse(await readBody(req)) as { sql: string };
    const body = JSON.stringify({ sql, queryOptions: 'timeoutMs=10000' });
    const answer = await new Promise<string>((resolve, reject) => {
      const request = http.request(broker, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) =>
        readBody(response).then(resolve, reject),
      );
      request.on('error', reject);
      request.end(body);
    });
    const parsed = JSON.parse(answer) as { resultTable: { rows: unknown[][] } };
    const text = JSON.stringify({ data: { rows: parsed.resultTable.rows } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  } catch (error) {
    res.writeHead(502).end(String(error));
  }
});

server.listen(0, '127.0.0.1', () => process.send?.({ ready: true, port: (server.address() as { port: number }).port }));
process.on('disconnect', () => process.exit(0));
