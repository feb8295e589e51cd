import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExecutionArgs, type ExecutionResult, GraphQLError, type GraphQLSchema } from 'graphql';
import { createHandler, type OperationArgs, type RequestParams } from 'graphql-sse';
import type { Context } from '../../resolvers/common/context.type';
import type { Caller } from '../auth/roles';
import { AppError } from '../errors/app-error';
import { activeSubscriptions, graphqlRequests } from '../observability/metrics';
import type { ConnectionsPerKey } from './connections-per-key';
import type { ContextFactory } from './context';
import type { OperationErrorFormatter } from './operation-error-format';
import type { OperationLimits } from './operation-limits';
import type { SharedSubscriptions } from './shared-subscriptions';
import { type SseFrameChannel, sseEvent, sseFrameChannel } from './sse-frame-channel';
import { asGraphQLError, pacedResults } from './sse-result-stream';
import { executionArgs, isRefusal, prepareStreamedOperation, validationRules } from './streamed-operation';

export interface SseOptions {
  schema: GraphQLSchema;
  createContext: ContextFactory;
  /** MAX_CONNECTIONS_PER_KEY, shared with graphql-ws. */
  connections: ConnectionsPerKey;
  shared: SharedSubscriptions;
  format: OperationErrorFormatter;
  limits: OperationLimits;
  introspection: boolean;
  /** LIVE_SOCKET_HIGH_WATER_BYTES: unsent bytes per stream before live events wait in the subscriber's buffer. */
  highWaterBytes: number;
}

/** An authenticated, rate-checked request whose body (POST) is already read. */
export interface SseRequest {
  caller: Caller;
  requestId: string;
  body: unknown;
}

interface StreamContext {
  caller: Caller;
  requestId: string;
  channel: SseFrameChannel;
}

/** Whether the client asks for Server-Sent Events (EventSource and graphql-sse's client send exactly this type). */
export function acceptsEventStream(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.split(',').some((type) => type.split(';')[0]!.trim() === 'text/event-stream');
}

/**
 * GraphQL over Server-Sent Events, graphql-sse's distinct connections mode: `GET`/`POST` on the GraphQL path with
 * `Accept: text/event-stream`, one operation per connection, `next` events then `complete`. The HTTP handler has
 * already authenticated the bearer header, applied the rate limit and read the body; here the stream takes a slot of
 * MAX_CONNECTIONS_PER_KEY, the operation passes the same checks as on graphql-ws, and live subscriptions join the
 * same shared execution. Request errors (syntax, validation, limits, operation selection) arrive inside the stream as
 * a coded `next` `{ errors }` and `complete`, as the protocol asks; a subscription that ends with an error
 * (SLOW_CONSUMER, UPSTREAM_UNAVAILABLE) does the same.
 */
export function createSseHandler(options: SseOptions) {
  const { format, shared } = options;
  const rules = validationRules(options.introspection);
  /** Each operation's stream, to pace the results graphql-sse writes itself. */
  const channels = new WeakMap<object, SseFrameChannel>();

  // graphql-sse types the operation context as a record; ours is the resolvers' Context.
  const handler = createHandler<IncomingMessage, StreamContext, Record<PropertyKey, unknown>>({
    schema: options.schema,
    // onSubscribe has validated with the configured rules already.
    validate: () => [],
    subscribe: async (args) => {
      const result = await shared.subscribe(args as ExecutionArgs);
      if (!(Symbol.asyncIterator in result)) return result;
      const channel = channels.get(args.contextValue as object);
      return pacedResults(result as AsyncGenerator<ExecutionResult>, () => channel?.whenWritable() ?? Promise.resolve());
    },
    onSubscribe: (req, params) => {
      const request = toStreamedRequest(params);
      const prepared = prepareStreamedOperation(options.schema, rules, request, options.limits);
      if (isRefusal(prepared)) return singleResult({ errors: [...prepared] });
      if (prepared.operation.operation === 'mutation' && req.method === 'GET') {
        return refusal(405, 'mutations cannot be sent with GET: use POST', { allow: 'POST' });
      }
      const { caller, requestId, channel } = req.context;
      const contextValue = options.createContext(caller, requestId);
      shared.bind(contextValue, channel);
      channels.set(contextValue, channel);
      graphqlRequests.inc({ operation: params.operationName ?? 'anonymous', type: 'sse' });
      return executionArgs(options.schema, prepared, request, contextValue) as OperationArgs<Record<PropertyKey, unknown>>;
    },
    onNext: (ctx, _req, result) => {
      if (!result.errors) return undefined;
      const errors = result.errors.map((error) => format(asGraphQLError(error), (ctx as unknown as Context | undefined)?.logger));
      return { ...result, errors } as unknown as ExecutionResult;
    },
  });

  /** Open streams, ended by dispose() at shutdown (they would otherwise hold the HTTP server's drain until its timeout). */
  const streams = new Set<() => void>();

  const handle = async (req: IncomingMessage, res: ServerResponse, request: SseRequest): Promise<void> => {
    const release = options.connections.acquire(request.caller);
    if (!release) {
      throw new AppError('RATE_LIMITED', `more than ${options.connections.max} live connections for this key`, {
        retriable: false,
        details: { limit: 'connectionsPerKey', max: options.connections.max },
      });
    }
    res.once('close', release);
    const channel = sseFrameChannel(res, options.highWaterBytes);
    const [body, init] = await handler({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      // graphql-sse recognises SSE only by this exact Accept value; acceptsEventStream has checked it is asked for.
      headers: { get: (key) => (key === 'accept' ? 'text/event-stream' : headerText(req.headers[key])) },
      body: (request.body ?? null) as Record<string, unknown> | string | null,
      raw: req,
      context: { caller: request.caller, requestId: request.requestId, channel },
    });
    const headers = { ...init.headers, 'x-request-id': request.requestId };
    if (body === null || typeof body === 'string') {
      release();
      const text = init.status >= 400 ? codedRefusalBody(body) : (body ?? '');
      res.writeHead(init.status, { ...headers, ...(init.status >= 400 ? { 'content-type': 'application/json; charset=utf-8' } : {}) });
      return void res.end(text);
    }
    activeSubscriptions.inc();
    const shutDown = () => {
      if (res.writableEnded || res.destroyed) return;
      const error = new AppError('UPSTREAM_UNAVAILABLE', 'the server is shutting down; reconnect and resume with your last cursor');
      res.end(sseEvent('next', JSON.stringify({ errors: [format(new GraphQLError(error.message, { originalError: error }))] })) + sseEvent('complete', ''));
    };
    streams.add(shutDown);
    res.once('close', () => {
      streams.delete(shutDown);
      activeSubscriptions.dec();
      void body.return(undefined);
    });
    res.writeHead(init.status, headers);
    for await (const chunk of body) {
      if (res.writableEnded || res.destroyed) break;
      res.write(chunk);
      // graphql-sse's first chunk is the opening comment; direct frames follow it.
      channel.open();
    }
    if (!res.writableEnded) res.end();
  };

  return {
    handle,
    /** Ends every open stream with a retriable UPSTREAM_UNAVAILABLE event and `complete` (shutdown). */
    dispose(): void {
      for (const shutDown of [...streams]) shutDown();
    },
  };
}

function toStreamedRequest(params: RequestParams) {
  return { query: params.query, operationName: params.operationName, variables: params.variables };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** One result as a stream (graphql-sse sends it as `next`, then `complete`). */
function singleResult(result: ExecutionResult): AsyncGenerator<ExecutionResult> {
  return (async function* once() {
    yield result;
  })();
}

/** A refusal graphql-sse answers before the stream (bad JSON shape, unsupported media type, a mutation over GET). */
function refusal(status: number, message: string, headers: Record<string, string> = {}) {
  return [
    JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', retriable: false } }] }),
    { status, statusText: '', headers: { 'content-type': 'application/json; charset=utf-8', ...headers } },
  ] as const;
}

/** graphql-sse's own refusals carry bare messages; give each the public code so every answer is coded. */
function codedRefusalBody(body: string | null): string {
  let errors: Array<{ message?: unknown; extensions?: Record<string, unknown> }> = [];
  try {
    const parsed = body ? (JSON.parse(body) as { errors?: typeof errors }) : {};
    errors = Array.isArray(parsed.errors) ? parsed.errors : [];
  } catch {
    errors = [];
  }
  if (errors.length === 0) errors = [{ message: 'the request is not a valid GraphQL-over-SSE request (send JSON with Content-Type: application/json)' }];
  return JSON.stringify({
    errors: errors.map((error) => ({
      message: String(error.message ?? 'bad request'),
      extensions: { code: 'BAD_USER_INPUT', retriable: false, ...error.extensions },
    })),
  });
}
