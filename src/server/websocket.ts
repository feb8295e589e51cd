import type { Server } from 'node:http';
import { GraphQLError, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Context } from '../../resolvers/common/context.type';
import { type Authenticator, bearerToken } from '../auth/authenticate';
import type { Caller } from '../auth/roles';
import { AppError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import { activeSubscriptions, graphqlRequests, openWebsockets } from '../observability/metrics';
import type { ConnectionsPerKey } from './connections-per-key';
import type { ContextFactory } from './context';
import type { OperationErrorFormatter } from './operation-error-format';
import type { OperationLimits } from './operation-limits';
import type { SharedSubscriptions } from './shared-subscriptions';
import { executionArgs, isRefusal, prepareStreamedOperation, validationRules } from './streamed-operation';
import type { RateLimiter } from './rate-limiter';

export interface WebsocketOptions {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  authenticate: Authenticator;
  createContext: ContextFactory;
  rateLimiter: RateLimiter;
  limits: OperationLimits & { maxMessageBytes: number; maxSubscriptionsPerConnection: number };
  /** MAX_CONNECTIONS_PER_KEY, shared with the SSE transport. */
  connections: ConnectionsPerKey;
  /** Live subscriptions with the same document and variables execute once per event and share the serialized frame. */
  shared: SharedSubscriptions;
  format: OperationErrorFormatter;
  introspection: boolean;
  logger: Logger;
  /** Keep-alive ping interval; below common proxy idle timeouts (~60 s). @default 12_000 */
  keepAliveMs?: number;
}

interface ConnectionState {
  caller?: Caller;
  release?: () => void;
  operations: Set<string>;
}

/** graphql-ws close code for too many connections from one key (the protocol's "too many requests" family). */
const TOO_MANY_CONNECTIONS = 4429;

/**
 * graphql-ws (graphql-transport-ws) on the HTTP server's port and path. Auth comes from the connection_init payload
 * (`{ authorization: "Bearer …" }`; refusal closes with 4403); every operation passes the same depth, cost, rate and
 * introspection rules as HTTP, and every error goes through the shared formatter.
 */
export function createWebsocketServer(options: WebsocketOptions) {
  const { limits, logger, format, shared } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: limits.maxMessageBytes });
  const states = new WeakMap<WebSocket, ConnectionState>();
  const rules = validationRules(options.introspection);

  wss.on('connection', (socket) => {
    openWebsockets.inc();
    states.set(socket, { operations: new Set() });
    socket.once('close', () => {
      openWebsockets.dec();
      const state = states.get(socket);
      state?.release?.();
      // Whichever runs first, this or graphql-ws completing the operations, each operation is counted down once.
      activeSubscriptions.dec(state?.operations.size ?? 0);
      state?.operations.clear();
    });
  });

  const stateOf = (socket: WebSocket): ConnectionState => {
    let state = states.get(socket);
    if (!state) states.set(socket, (state = { operations: new Set() }));
    return state;
  };

  const cleanup = useServer<Record<string, unknown> | undefined, { socket: WebSocket }>(
    shared.wrap({
      schema: options.schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        let caller: Caller;
        try {
          caller = await options.authenticate(bearerToken(params.authorization ?? params.Authorization ?? params.apiKey ?? params.token));
        } catch {
          return false; // 4403 Forbidden, per the protocol
        }
        const release = options.connections.acquire(caller);
        if (!release) {
          ctx.extra.socket.close(TOO_MANY_CONNECTIONS, `RATE_LIMITED: more than ${options.connections.max} connections for this key`);
          return false;
        }
        const state = stateOf(ctx.extra.socket);
        state.caller = caller;
        state.release = release;
        return true;
      },
      onSubscribe: (ctx, id, payload): ExecutionArgs | readonly GraphQLError[] => {
        const state = stateOf(ctx.extra.socket);
        const caller = state.caller!;
        const refuse = (error: AppError) => [new GraphQLError(error.message, { originalError: error })];
        const waitMs = options.rateLimiter.take(caller.via === 'anonymous' ? 'ws:anonymous' : `caller:${caller.id}`);
        if (waitMs > 0) return refuse(new AppError('RATE_LIMITED', `too many requests; retry in ${waitMs} ms`, { retryAfterMs: waitMs }));
        if (state.operations.size >= limits.maxSubscriptionsPerConnection) {
          return refuse(
            new AppError('RATE_LIMITED', `at most ${limits.maxSubscriptionsPerConnection} operations per connection`, {
              retriable: false,
              details: { limit: 'subscriptionsPerConnection' },
            }),
          );
        }
        const prepared = prepareStreamedOperation(options.schema, rules, payload, limits);
        if (isRefusal(prepared)) return prepared;
        state.operations.add(id);
        activeSubscriptions.inc();
        graphqlRequests.inc({ operation: payload.operationName ?? 'anonymous', type: 'websocket' });
        return executionArgs(options.schema, prepared, payload, options.createContext(caller));
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!result.errors) return undefined;
        const log = (args.contextValue as Context).logger;
        return { ...result, errors: result.errors.map((error) => format(error, log)) };
      },
      onError: (ctx, id, _payload, errors) => {
        forget(ctx.extra.socket, id);
        const log = logger.child({ operationId: id });
        return errors.map((error) => format(error, log));
      },
      onComplete: (ctx, id) => forget(ctx.extra.socket, id),
    }),
    wss,
    options.keepAliveMs ?? 12_000,
  );

  function forget(socket: WebSocket, id: string): void {
    if (stateOf(socket).operations.delete(id)) activeSubscriptions.dec();
  }

  return {
    wss,
    /** Closes every socket with 1001 (going away) and stops accepting new ones. */
    async dispose(): Promise<void> {
      await cleanup.dispose();
    },
  };
}
