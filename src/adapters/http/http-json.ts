/**
 * Minimal HTTP client over keep-alive sockets for the JSON REST APIs the Pinot and Schema Registry adapters speak.
 * node:http rather than fetch: it is noticeably cheaper per request, and the analytics plane promises to add at most a
 * millisecond to a Pinot query.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export class HttpTransportError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly timedOut: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

interface RequestOptions {
  body?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Safe to send twice. Default: GET, HEAD, PUT and DELETE; a Pinot SQL query (a read over POST) says so itself. */
  idempotent?: boolean;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/**
 * One request; an idempotent one is sent again, once, when a reused keep-alive socket turns out to have been closed by
 * the server meanwhile (ECONNRESET / EPIPE before any response: the server closes idle sockets after its keep-alive
 * timeout, and a request can race that close, more often on a loaded machine). Node's documentation gives this rule.
 */
export async function httpRequest(method: string, url: URL, options: RequestOptions): Promise<HttpResponse> {
  try {
    return await sendOnce(method, url, options);
  } catch (error) {
    const idempotent = options.idempotent ?? IDEMPOTENT_METHODS.has(method);
    if (!(error instanceof StaleSocketError) || !idempotent) throw error instanceof StaleSocketError ? error.transportError : error;
    return sendOnce(method, url, options).catch((again: unknown) => {
      throw again instanceof StaleSocketError ? again.transportError : again;
    });
  }
}

/** A reused keep-alive socket the server had already closed: nothing reached the server's handler. */
class StaleSocketError extends Error {
  constructor(readonly transportError: HttpTransportError) {
    super(transportError.message);
  }
}

function sendOnce(method: string, url: URL, { body, headers = {}, timeoutMs }: RequestOptions): Promise<HttpResponse> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let responded = false;
    const request = transport.request(
      url,
      {
        method,
        agent: url.protocol === 'https:' ? agents.https : agents.http,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }), ...headers },
      },
      (response) => {
        responded = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(new HttpTransportError(error.message, (error as NodeJS.ErrnoException).code, false, { cause: error }));
        });
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new HttpTransportError(`no response within ${timeoutMs} ms`, 'ETIMEDOUT', true));
    }, timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      const transportError = error instanceof HttpTransportError ? error : new HttpTransportError(error.message, (error as NodeJS.ErrnoException).code, false, { cause: error });
      const stale = request.reusedSocket && !responded && (transportError.code === 'ECONNRESET' || transportError.code === 'EPIPE');
      reject(stale ? new StaleSocketError(transportError) : transportError);
    });
    if (body !== undefined) request.write(body);
    request.end();
  });
}
