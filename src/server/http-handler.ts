import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { Context } from '../../resolvers/common/context.type';
import { type Authenticator, bearerToken } from '../auth/authenticate';
import { AppError } from '../errors/app-error';
import { formatError } from '../errors/format-error';
import { GraphQLError } from 'graphql';
import type { Logger } from '../logging/logger';
import { graphqlErrors, metricsRegistry } from '../observability/metrics';
import type { ContextFactory } from './context';
import { type DocumentLimits, refuseHostileDocument } from './document-limits';
import { type ReadinessChecks, writeJson, writeReadiness } from './health';
import type { RateLimiter } from './rate-limiter';
import { readJsonBody } from './read-body';
import { acceptsEventStream, type SseRequest } from './sse';

export interface HttpHandlerOptions {
  graphqlPath: string;
  apollo: ApolloServer<Context>;
  authenticate: Authenticator;
  rateLimiter: RateLimiter;
  createContext: ContextFactory;
  readiness: ReadinessChecks;
  maxBodyBytes: number;
  /** Checked on the query text before Apollo parses it. */
  documentLimits: DocumentLimits;
  /** Serves the playground page and its assets; true when it handled the request. */
  playground?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Serves the /console app and its assets; true when it handled the request. */
  console?: (req: IncomingMessage, res: ServerResponse) => boolean;
  isDraining: () => boolean;
  /** Serves GraphQL over Server-Sent Events (requests with `Accept: text/event-stream`), after auth and rate limit. */
  sse?: (req: IncomingMessage, res: ServerResponse, request: SseRequest) => Promise<void>;
  logger: Logger;
}

const HTTP_STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429, BAD_USER_INPUT: 400 };

/**
 * The one request listener of the http.Server: health, readiness, metrics, the playground, and GraphQL over HTTP
 * and over Server-Sent Events (authenticated and rate-limited before Apollo or the SSE handler sees it).
 */
export function createHttpHandler(options: HttpHandlerOptions) {
  const { graphqlPath, apollo, logger } = options;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname === '/healthz') return writeJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') return await writeReadiness(res, options.readiness, options.isDraining());
      if (url.pathname === '/metrics') {
        const text = await metricsRegistry.metrics();
        res.writeHead(200, { 'content-type': metricsRegistry.contentType });
        return void res.end(text);
      }
      if (options.playground?.(req, res)) return;
      if (options.console?.(req, res)) return;
      if (url.pathname === '/' && req.method === 'GET') {
        // A browser opening the bare host lands in the playground.
        res.writeHead(302, { location: graphqlPath });
        return void res.end();
      }
      if (url.pathname !== graphqlPath) return writeJson(res, 404, { error: 'not found', graphql: graphqlPath });
      if (req.method !== 'GET' && req.method !== 'POST') {
        const refusal = new AppError('BAD_USER_INPUT', `method ${req.method} is not allowed on ${graphqlPath}: use GET (queries) or POST`, {
          details: { method: req.method, allow: ['GET', 'POST'] },
        });
        return writeErrorResponse(req, res, refusal, logger, { status: 405, headers: { allow: 'GET, POST' } });
      }

      const requestId = headerValue(req.headers['x-request-id']) ?? randomUUID();
      const caller = await options.authenticate(bearerToken(req.headers.authorization));
      const waitMs = options.rateLimiter.take(caller.via === 'anonymous' ? `ip:${req.socket.remoteAddress}` : `caller:${caller.id}`);
      if (waitMs > 0) {
        throw new AppError('RATE_LIMITED', `too many requests; retry in ${waitMs} ms`, { retryAfterMs: waitMs });
      }
      const body = req.method === 'POST' ? await readJsonBody(req, options.maxBodyBytes) : undefined;
      refuseHostileDocument(req.method === 'POST' ? (body as { query?: unknown } | undefined)?.query : url.searchParams.get('query'), options.documentLimits);
      if (options.sse && acceptsEventStream(req)) return await options.sse(req, res, { caller, requestId, body });

      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
        context: async () => options.createContext(caller, requestId),
      });
      const outHeaders: Record<string, string> = { 'x-request-id': requestId };
      for (const [key, value] of response.headers) outHeaders[key] = value;
      // An explicit length sends headers and body in one write, not as chunked encoding.
      if (response.body.kind === 'complete') outHeaders['content-length'] = String(Buffer.byteLength(response.body.string));
      res.writeHead(response.status ?? 200, outHeaders);
      if (response.body.kind === 'complete') return void res.end(response.body.string);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      writeErrorResponse(req, res, error, logger);
    }
  };
}

/** Errors raised before Apollo runs (auth, rate limits, body size) get the same GraphQL error shape and codes. */
function writeErrorResponse(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  logger: Logger,
  override: { status?: number; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const formatted = formatError(new GraphQLError('request failed', { originalError: error as Error }), {
    onError: (code) => graphqlErrors.inc({ code }),
    onMaskedError: (original) => logger.error({ err: original }, 'unexpected error handling an HTTP request'),
  });
  const code = String(formatted.extensions?.code);
  const headers: Record<string, string> = { ...override.headers };
  if (error instanceof AppError && error.retryAfterMs !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterMs / 1000));
  if (code === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer';
  // A body left unread (too large) would otherwise be parsed as the next request on this keep-alive connection.
  if (!req.complete) headers.connection = 'close';
  writeJson(res, override.status ?? HTTP_STATUS[code] ?? 500, { errors: [formatted] }, headers);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single && /^[\w.:-]{1,128}$/.test(single) ? single : undefined;
}
