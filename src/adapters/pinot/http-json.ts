/**
 * Minimal HTTP client for the Pinot REST APIs over keep-alive sockets. node:http rather than fetch: it is noticeably
 * cheaper per request, and the analytics plane promises to add at most a millisecond to a Pinot query.
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

export function httpRequest(
  method: string,
  url: URL,
  { body, headers = {}, timeoutMs }: { body?: string; headers?: Record<string, string>; timeoutMs: number },
): Promise<HttpResponse> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method,
        agent: url.protocol === 'https:' ? agents.https : agents.http,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }), ...headers },
      },
      (response) => {
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
      reject(error instanceof HttpTransportError ? error : new HttpTransportError(error.message, (error as NodeJS.ErrnoException).code, false, { cause: error }));
    });
    if (body !== undefined) request.write(body);
    request.end();
  });
}
