import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthenticator } from './auth/authenticate';
import type { Config } from './config';
import type { Container } from './container';
import type { Logger } from './logging/logger';
import { projectRoot } from './project-root';
import { LIVE_ROOT_RESOLVERS } from '../resolvers/live/live.mapping';
import { createApollo } from './server/apollo';
import { ConnectionsPerKey } from './server/connections-per-key';
import { createConsole } from './server/console';
import { createContextFactory } from './server/context';
import { createHttpHandler } from './server/http-handler';
import { createOperationErrorFormatter } from './server/operation-error-format';
import { createPlayground, loadExampleOperations } from './server/playground';
import { createRateLimiter } from './server/rate-limiter';
import { buildAppSchema } from './server/schema';
import { createSharedSubscriptions } from './server/shared-subscriptions';
import { createSseHandler } from './server/sse';
import { createWebsocketServer } from './server/websocket';

export const GRAPHQL_PATH = '/graphql';

export interface App {
  httpServer: Server;
  /** Listens and resolves with the bound address (port 0 picks a free port). */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Ordered shutdown: refuse new work, end SSE streams, close websockets with 1001, drain HTTP, then stop the container. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Builds the schema, Apollo, graphql-ws, SSE and the HTTP handler from a container; never listens by itself. */
export async function createApp(config: Config, container: Container, logger: Logger): Promise<App> {
  const schema = await buildAppSchema();
  const limits = config.limits.operation;
  const apollo = createApollo({ schema, introspection: config.limits.introspection, limits });
  await apollo.start();

  const authenticate = createAuthenticator(config.auth);
  const rateLimiter = createRateLimiter({ ratePerSecond: config.limits.ratePerSecond, burst: config.limits.rateBurst });
  const createContext = createContextFactory(container.services, logger);
  const playground = createPlayground({ graphqlPath: GRAPHQL_PATH, examples: loadExampleOperations(projectRoot()) });
  const { enricher } = config.live;
  const pipelineConsole = createConsole({
    config: {
      graphqlPath: GRAPHQL_PATH,
      enricher: { groupId: enricher.groupId, sourceTopic: enricher.sourceTopic, targetTopic: enricher.targetTopic, dlqTopic: enricher.dlqTopic },
    },
    logger,
  });
  let draining = false;
  // Live subscriptions, over graphql-ws and SSE alike: identical operations share one execution per event, run with
  // the live resolvers' synchronous mapping; each connection of a key counts toward MAX_CONNECTIONS_PER_KEY.
  const format = createOperationErrorFormatter(logger);
  const shared = createSharedSubscriptions({
    formatError: (error) => format(error),
    syncRootResolvers: LIVE_ROOT_RESOLVERS,
    socketHighWaterBytes: config.live.socketHighWaterBytes,
    logger,
  });
  const connections = new ConnectionsPerKey(config.limits.maxConnectionsPerKey);
  const sse = createSseHandler({
    schema,
    createContext,
    connections,
    shared,
    format,
    limits,
    introspection: config.limits.introspection,
    highWaterBytes: config.live.socketHighWaterBytes,
  });

  const httpServer = createServer();
  httpServer.on(
    'request',
    createHttpHandler({
      graphqlPath: GRAPHQL_PATH,
      apollo,
      authenticate,
      rateLimiter,
      createContext,
      readiness: container.readiness,
      maxBodyBytes: config.limits.maxBodyBytes,
      documentLimits: limits,
      playground: (req, res) => playground.handle(req, res),
      console: (req, res) => pipelineConsole.handle(req, res),
      isDraining: () => draining,
      sse: sse.handle,
      logger,
    }),
  );
  const websockets = createWebsocketServer({
    httpServer,
    path: GRAPHQL_PATH,
    schema,
    authenticate,
    createContext,
    rateLimiter,
    limits: {
      ...limits,
      maxMessageBytes: config.limits.wsMaxMessageBytes,
      maxSubscriptionsPerConnection: config.limits.maxSubscriptionsPerConnection,
    },
    connections,
    shared,
    format,
    introspection: config.limits.introspection,
    logger,
  });

  return {
    httpServer,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve(httpServer.address() as AddressInfo);
        });
      });
    },
    async stop(timeoutMs = config.http.shutdownTimeoutMs) {
      draining = true;
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      const orderly = (async () => {
        sse.dispose();
        await websockets.dispose();
        // Stop accepting, finish in-flight requests, then drop idle keep-alive sockets.
        const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        await Promise.race([closed, deadline]);
        httpServer.closeAllConnections();
        await apollo.stop();
      })();
      await Promise.race([orderly, deadline]);
      await container.stop();
    },
  };
}
