import 'reflect-metadata';
import { LIVE_ROOT_RESOLVERS } from '../../resolvers/live/live.mapping';
import { parse, type ExecutionArgs, type GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { loadConfig } from '../../src/config';
import { buildContainer } from '../../src/container';
import { formatError } from '../../src/errors/format-error';
import { createLogger } from '../../src/logging/logger';
import { createContextFactory } from '../../src/server/context';
import { buildAppSchema } from '../../src/server/schema';
import { createSharedSubscriptions } from '../../src/server/shared-subscriptions';
import { reportCpuOnRequest } from './server-ipc';

/**
 * pipegraph's own fan-out path: the real container (Kafka adapter, live hub, topic feed) and schema, served by
 * graphql-ws with the shared-execution layer — the same wiring src/server/websocket.ts uses (`shared.wrap`).
 * Auth, limits and metrics hooks of the full app are left out; they cost per operation, not per event.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' });
  const logger = createLogger({ level: 'warn' });
  const container = await buildContainer(
    config,
    {
      databaseUrl: 'postgres://unused@127.0.0.1:1/unused',
      kafkaBrokers: [process.env.KAFKA_BROKERS!],
      connectUrl: 'http://127.0.0.1:1',
      pinotBrokerUrl: 'http://127.0.0.1:1',
      pinotControllerUrl: 'http://127.0.0.1:1',
    },
    logger,
  );
  const schema = await buildAppSchema();
  const createContext = createContextFactory(container.services, logger);
  const format = (error: GraphQLError) => formatError(error);
  const shared = createSharedSubscriptions({ formatError: format, syncRootResolvers: LIVE_ROOT_RESOLVERS, socketHighWaterBytes: config.live.socketHighWaterBytes, logger });
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  useServer(
    shared.wrap({
      schema,
      onSubscribe: (_ctx, _id, payload): ExecutionArgs => ({
        schema,
        document: parse(payload.query),
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue: createContext({ id: 'bench', role: 'viewer', via: 'anonymous' }),
      }),
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    }),
    wss,
  );
  if (!wss.address()) await new Promise((resolve) => wss.once('listening', resolve));
  reportCpuOnRequest();
  process.send!({ type: 'ready', port: (wss.address() as { port: number }).port });
}

void main();
