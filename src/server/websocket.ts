import type { Server } from 'node:http';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Context } from '../../resolvers/common/context.type';
import { type Authenticator, bearerToken } from '../auth/authenticate';
import type { Caller } from '../auth/roles';
import { AppError } from '../errors/app-error';
import { formatError } from '../errors/format-error';
import type { Logger } from '../logging/logger';
import { activeSubscriptions, graphqlErrors, graphqlRequests, openWebsockets } from '../observability/metrics';
import type { ContextFactory } from './context';
import { checkOperationLimits, type OperationLimits } from './operation-limits';
import { createSharedSubscriptions } from './shared-subscriptions';
import type { RateLimiter } from './rate-limiter';

export interface WebsocketOptions {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  authenticate: Authenticator;
  createContext: ContextFactory;
  rateLimiter: RateLimiter;
  limits: OperationLimits & { maxMessageBytes: number; maxSubscriptionsPerConnection: number; maxConnectionsPerKey: number };
  introspection: boolean;
  logger: Logger;
  /** Keep-alive ping interval; below common proxy idle timeouts (~60 s). @default 12_000 */
  keepAliveMs?: number;
  /** LIVE_SOCKET_HIGH_WATER_BYTES: unsent bytes per socket before live events wait in the subscriber's buffer. */
  socketHighWaterBytes: number;
}

interface ConnectionState {
  caller?: Caller;
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
  const { limits, logger } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: limits.maxMessageBytes });
  const states = new WeakMap<WebSocket, ConnectionState>();
  const connectionsPerKey = new Map<string, number>();
  const rules = options.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  // Masked errors are logged once, through the operation's logger when there is one (it carries the request id).
  const format = (error: GraphQLError, log: Logger = logger) =>
    formatError(error, {
      onError: (code) => graphqlErrors.inc({ code }),
      onMaskedError: (original) => log.error({ err: original }, 'unexpected error in a websocket operation (masked in the response)'),
    });

  wss.on('connection', (socket) => {
    openWebsockets.inc();
    states.set(socket, { operations: new Set() });
    socket.once('close', () => {
      openWebsockets.dec();
      const state = states.get(socket);
      if (state?.caller) release(state.caller.via === 'anonymous' ? 'anonymous' : state.caller.id);
      // Whichever runs first, this or graphql-ws completing the operations, each operation is counted down once.
      activeSubscriptions.dec(state?.operations.size ?? 0);
      state?.operations.clear();
    });
  });

  function release(key: string): void {
    const count = (connectionsPerKey.get(key) ?? 1) - 1;
    if (count <= 0) connectionsPerKey.delete(key);
    else connectionsPerKey.set(key, count);
  }

  const stateOf = (socket: WebSocket): ConnectionState => {
    let state = states.get(socket);
    if (!state) states.set(socket, (state = { operations: new Set() }));
    return state;
  };

  // Live subscriptions with the same document and variables execute once per event and share the serialized frame.
  const shared = createSharedSubscriptions({ formatError: format, socketHighWaterBytes: options.socketHighWaterBytes, logger });
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
        const key = caller.via === 'anonymous' ? 'anonymous' : caller.id;
        const open = connectionsPerKey.get(key) ?? 0;
        if (caller.via !== 'anonymous' && open >= limits.maxConnectionsPerKey) {
          ctx.extra.socket.close(TOO_MANY_CONNECTIONS, `RATE_LIMITED: more than ${limits.maxConnectionsPerKey} connections for this key`);
          return false;
        }
        connectionsPerKey.set(key, open + 1);
        stateOf(ctx.extra.socket).caller = caller;
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
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const validationErrors = validate(options.schema, document, rules);
        if (validationErrors.length > 0) return validationErrors;
        const limitErrors = checkOperationLimits(options.schema, document, payload.operationName, payload.variables ?? undefined, limits);
        if (limitErrors.length > 0) return limitErrors;
        state.operations.add(id);
        activeSubscriptions.inc();
        graphqlRequests.inc({ operation: payload.operationName ?? 'anonymous', type: 'websocket' });
        return {
          schema: options.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: options.createContext(caller),
        };
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
