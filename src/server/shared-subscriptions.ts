import {
  createSourceEventStream,
  execute,
  GraphQLError,
  GraphQLObjectType,
  GraphQLSchema,
  type GraphQLFieldResolver,
  print,
  subscribe as graphqlSubscribe,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { AppError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import { liveSharedExecutions } from '../observability/metrics';
import { type LiveOutlet, type LiveSink, liveOutletOf } from '../services/live';
import { type FrameChannel, SharedPayload } from './frame-channel';
import { graphqlWsFrameChannel } from './graphql-ws-frame-channel';

export interface SharedSubscriptionsOptions {
  /** The websocket path's error formatter (same codes and masking as everywhere else). */
  formatError(error: GraphQLError): GraphQLFormattedError;
  /** Bytes a socket may hold unsent before a subscriber's events wait in its bounded buffer (LIVE_SOCKET_HIGH_WATER_BYTES). */
  socketHighWaterBytes: number;
  /**
   * Synchronous resolvers for subscription root fields, used when executing shared events (the same mapping as the
   * type-graphql resolvers, without their per-call promise). app.ts hands in the live resolvers' mapping.
   */
  syncRootResolvers: Record<string, GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>>;
  logger: Logger;
}

/**
 * Shared execution for subscriptions backed by the live plane, over graphql-ws and SSE alike.
 *
 * graphql-ws and graphql-sse execute the selection set once per event per subscriber and JSON-encode every `next`
 * message on their own. For a fan-out of one Kafka event to thousands of subscribers that is most of the cost. Here,
 * subscribers whose operation has the same document, operation name, variables and role form an execution group
 * (whatever their transport): each event is executed and serialized once per group, and every member gets the same
 * payload text written straight to its connection through its FrameChannel (a graphql-ws `next` frame or an SSE
 * `next` event, byte-for-byte what the library would send).
 * The path: topic reader → topic feed → live subscription (services/live) → the sink attached to its LiveOutlet here →
 * the subscriber's channel.
 * Backpressure: a frame is written only while the connection holds less than the high-water mark; otherwise the event
 * waits in the subscriber's bounded buffer, whose overflow policy (SLOW_CONSUMER or DROP_OLDEST) applies.
 * Completion and errors still flow through the transport library (the returned iterator ends or throws).
 *
 * Operations whose source is not a live-plane subscription take graphql-js's normal path.
 *
 * Wiring: graphql-ws (src/server/websocket.ts) `useServer(shared.wrap({ ...options }), wss, keepAlive)`; SSE
 * (src/server/sse.ts) binds each operation's context to its response's channel and uses `shared.subscribe`.
 */
export function createSharedSubscriptions(options: SharedSubscriptionsOptions) {
  const channels = new WeakMap<object, FrameChannel>();
  const groups = new Map<string, ExecutionGroup>();
  const fastSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();
  const syncRootResolvers = options.syncRootResolvers;
  const stats = { executions: 0 };

  function fastSchema(schema: GraphQLSchema): GraphQLSchema {
    let fast = fastSchemas.get(schema);
    if (!fast) {
      fast = withSyncRootResolvers(schema, syncRootResolvers);
      fastSchemas.set(schema, fast);
    }
    return fast;
  }

  function bind(contextValue: unknown, channel: FrameChannel): void {
    if (contextValue && typeof contextValue === 'object') channels.set(contextValue, channel);
  }

  async function subscribe(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    const channel = args.contextValue && typeof args.contextValue === 'object' ? channels.get(args.contextValue) : undefined;
    if (!channel) return graphqlSubscribe(args);
    const source = await createSourceEventStream(args);
    const outlet = liveOutletOf(source);
    if (!outlet) {
      if (Symbol.asyncIterator in (source as object)) return mapSource(source as AsyncIterable<unknown>, args);
      return source as ExecutionResult;
    }
    const key = groupKey(args);
    let group = groups.get(key);
    if (!group) {
      group = new ExecutionGroup(key, { ...args, schema: fastSchema(args.schema) }, options.formatError, stats);
      groups.set(key, group);
    }
    group.members++;
    const joined = group;
    const sink = new ChannelSink(channel, joined, outlet, () => {
      if (--joined.members === 0 && groups.get(key) === joined) groups.delete(key);
    });
    outlet.attach(sink);
    return sink.iterator;
  }

  const remember = (contextValue: unknown, socket: WebSocket, id: string) =>
    bind(contextValue, graphqlWsFrameChannel(socket, id, options.socketHighWaterBytes));

  return {
    /** The transport-neutral entry point: binds an operation's context value to the channel its events go to. */
    bind,
    /** graphql-js `subscribe`, except that live-plane sources of bound operations get shared execution. */
    subscribe,
    /** Wraps graphql-ws server options: binds each operation to its socket and id, and takes over `subscribe`. */
    wrap<P extends Record<string, unknown> | undefined, E extends { socket: WebSocket }>(serverOptions: ServerOptions<P, E>): ServerOptions<P, E> {
      const { onSubscribe, context } = serverOptions;
      return {
        ...serverOptions,
        onSubscribe: onSubscribe
          ? async (ctx, id, payload) => {
              const result = await onSubscribe(ctx, id, payload);
              if (result && !Array.isArray(result)) remember((result as ExecutionArgs).contextValue, ctx.extra.socket, id);
              return result;
            }
          : undefined,
        context:
          typeof context === 'function'
            ? async (ctx, id, payload, execArgs) => {
                const value = await context(ctx, id, payload, execArgs);
                remember(value, ctx.extra.socket, id);
                return value;
              }
            : context,
        subscribe: (args) => subscribe(args),
      };
    },
    /** Execution groups currently alive (tests, metrics). */
    groupCount: () => groups.size,
    /** Per-event executions so far: with sharing, events × groups rather than events × subscribers. */
    executions: () => stats.executions,
  };
}

export type SharedSubscriptions = ReturnType<typeof createSharedSubscriptions>;

function groupKey(args: ExecutionArgs): string {
  const role = (args.contextValue as { caller?: { role?: string } } | undefined)?.caller?.role ?? '';
  return JSON.stringify([print(args.document), args.operationName ?? null, args.variableValues ?? null, role]);
}

/** A payload still being executed (type-graphql resolvers with arguments are asynchronous); `value` once done. */
interface PendingPayload {
  promise: Promise<void>;
  value?: SharedPayload;
}

/** Renders kept per group: members that lag a few events behind each other still hit the memo. */
const RECENT_RENDERS = 16;

/** Executes one event once for all members and keeps the serialized payloads of the most recent events. */
class ExecutionGroup {
  members = 0;
  private readonly recent = new Map<unknown, SharedPayload | PendingPayload>();

  constructor(
    readonly key: string,
    private readonly args: ExecutionArgs,
    private readonly formatError: (error: GraphQLError) => GraphQLFormattedError,
    private readonly stats: { executions: number },
  ) {}

  /** The `payload` JSON for one event, or a pending payload every member waits on together. */
  render(item: unknown): SharedPayload | PendingPayload {
    const known = this.recent.get(item);
    if (known !== undefined) return known;
    this.stats.executions++;
    liveSharedExecutions.inc();
    const result = execute({ ...this.args, rootValue: item });
    let rendered: SharedPayload | PendingPayload;
    if (isPromise<ExecutionResult>(result)) {
      const pending: PendingPayload = {
        promise: result.then(
          (r) => void (pending.value = this.serialize(r)),
          (error) => void (pending.value = this.serialize({ errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error))] })),
        ),
      };
      rendered = pending;
    } else {
      rendered = this.serialize(result);
    }
    this.recent.set(item, rendered);
    if (this.recent.size > RECENT_RENDERS) this.recent.delete(this.recent.keys().next().value);
    return rendered;
  }

  private serialize(result: ExecutionResult): SharedPayload {
    return new SharedPayload(JSON.stringify(result.errors ? { data: result.data ?? null, errors: result.errors.map(this.formatError) } : { data: result.data }));
  }
}

/** Writes one subscriber's frames to its channel; the iterator it hands the transport only signals completion. */
class ChannelSink<T> implements LiveSink<T> {
  readonly iterator: AsyncGenerator<ExecutionResult>;
  private settle?: { resolve: (r: IteratorResult<ExecutionResult>) => void; reject: (e: unknown) => void };
  private outcome?: { error?: AppError };
  /** At most one payload still executing; while it is, further events wait in the subscription's bounded buffer. */
  private pending?: PendingPayload;
  private released = false;

  constructor(
    private readonly channel: FrameChannel,
    private readonly group: ExecutionGroup,
    private readonly source: LiveOutlet<T>,
    private readonly release: () => void,
  ) {
    const sink = this;
    this.iterator = {
      next: () => sink.next(),
      return: async () => {
        sink.finish();
        await sink.source.return();
        return { value: undefined, done: true };
      },
      throw: async (error: unknown) => {
        sink.finish();
        await sink.source.return();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    } as unknown as AsyncGenerator<ExecutionResult>;
  }

  /** Made once: `ready` runs for every event and subscriber. */
  private readonly wake = () => this.source.drain();

  ready(): boolean {
    return this.pending === undefined && this.channel.writable(this.wake);
  }

  write(item: T): void {
    const payload = this.group.render(item);
    if (payload instanceof SharedPayload) return this.channel.sendNext(payload);
    if (payload.value !== undefined) return this.channel.sendNext(payload.value);
    this.pending = payload;
    void payload.promise.then(() => {
      this.pending = undefined;
      if (this.released) return;
      this.channel.sendNext(payload.value!);
      this.source.drain();
    });
  }

  end(error?: AppError): void {
    this.outcome = { error };
    const settle = this.settle;
    this.settle = undefined;
    if (!settle) return;
    this.finish();
    if (error) settle.reject(error);
    else settle.resolve({ value: undefined, done: true });
  }

  private next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.outcome) {
      this.finish();
      if (this.outcome.error) return Promise.reject(this.outcome.error);
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  private finish(): void {
    if (this.released) return;
    this.released = true;
    this.release();
    const settle = this.settle;
    this.settle = undefined;
    settle?.resolve({ value: undefined, done: true });
  }
}

/**
 * The same schema with the given subscription root fields resolved synchronously. Types are shared with the original,
 * so documents validated against it execute unchanged.
 */
function withSyncRootResolvers(
  schema: GraphQLSchema,
  resolvers: Record<string, GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>>,
): GraphQLSchema {
  const subscription = schema.getSubscriptionType();
  if (!subscription) return schema;
  const config = subscription.toConfig();
  const fields = Object.fromEntries(
    Object.entries(config.fields).map(([name, field]) => [name, resolvers[name] ? { ...field, resolve: resolvers[name] } : field]),
  );
  const fast = new GraphQLObjectType({ ...config, fields });
  const schemaConfig = schema.toConfig();
  return new GraphQLSchema({ ...schemaConfig, subscription: fast, types: schemaConfig.types.map((t) => (t === subscription ? fast : t)) });
}

function isPromise<T>(value: unknown): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}

/** Non-live sources: graphql-js semantics (execute each event with it as the root value). */
function mapSource(source: AsyncIterable<unknown>, args: ExecutionArgs): AsyncGenerator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  const generator = {
    async next(): Promise<IteratorResult<ExecutionResult>> {
      const step = await iterator.next();
      if (step.done) return { value: undefined, done: true };
      return { value: await execute({ ...args, rootValue: step.value }), done: false };
    },
    async return(): Promise<IteratorResult<ExecutionResult>> {
      await iterator.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return generator as unknown as AsyncGenerator<ExecutionResult>;
}
