import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createPlayground } from '../../src/server/playground';

/**
 * A stand-in for the pipegraph server with the same playground and auth shape (Bearer over HTTP, `authorization` in
 * connection_init, 4403 on refusal), for driving the page in isolation.
 */
export async function startTinyServer(apiKey: string, examples: Array<{ name: string; query: string }>) {
  const schema = buildSchema(`
    type Viewer { id: String! role: String! }
    type Query { viewer: Viewer! }
    type Subscription { ticks(count: Int!): Int! }
  `);
  const caller = (authorization: unknown) =>
    authorization === `Bearer ${apiKey}` ? { id: 'playground-test', role: 'operator' } : undefined;
  const roots = {
    query: { viewer: (_args: unknown, context: { caller?: object }) => context.caller },
    subscription: {
      async *ticks({ count }: { count: number }) {
        for (let i = 1; i <= count; i += 1) yield { ticks: i };
      },
    },
  };
  const playground = createPlayground({ graphqlPath: '/graphql', examples });
  const server = createServer(async (req, res) => {
    if (playground.handle(req, res)) return;
    if (req.method !== 'POST' || req.url !== '/graphql') return void res.writeHead(404).end();
    const who = caller(req.headers.authorization);
    if (!who) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ errors: [{ message: 'missing or wrong API key', extensions: { code: 'UNAUTHENTICATED' } }] }));
    }
    const body = JSON.parse(await readBody(req)) as { query: string; variables?: Record<string, unknown>; operationName?: string };
    const result = await graphql({
      schema,
      source: body.query,
      rootValue: roots.query,
      contextValue: { caller: who },
      variableValues: body.variables,
      operationName: body.operationName,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result));
  });
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const ws = useServer(
    {
      schema,
      roots,
      onConnect: (ctx) => caller(ctx.connectionParams?.authorization) !== undefined,
    },
    wss,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await ws.dispose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
