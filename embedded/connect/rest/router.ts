import { ConnectRestError } from '../runtime/connect-error';

export interface RestRequest {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (request: RestRequest) => Promise<RestResponse> | RestResponse;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * Method + path template (`/connectors/:name/tasks/:task/status`) routing with Connect's 404/405 answers. A route
 * introduced after the imitated release is never registered, so it answers exactly as that release's Jersey does:
 * 404 for a path it lacks, 405 for a method a known path lacks.
 */
export class Router {
  private readonly routes: Route[] = [];

  /** @param has whether the imitated release has what Kafka `minimum` ("3.5") introduced */
  constructor(private readonly has: (minimum: string) => boolean = () => true) {}

  /** Registers `handler`; with `since`, only when the imitated release is that one or newer. */
  on(method: string, template: string, handler: Handler, since?: string): this {
    if (since !== undefined && !this.has(since)) return this;
    const names: string[] = [];
    const pattern = new RegExp(
      '^' +
        template.replace(/:([a-z]+)/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        }) +
        '/?$',
    );
    this.routes.push({ method, pattern, names, handler });
    return this;
  }

  async dispatch(method: string, path: string, query: URLSearchParams, body: unknown): Promise<RestResponse> {
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(match[i + 1]!);
        } catch {
          throw new ConnectRestError(400, `Invalid path segment ${match[i + 1]}`);
        }
      });
      return route.handler({ method, params, query, body });
    }
    if (pathMatched) throw new ConnectRestError(405, 'HTTP 405 Method Not Allowed');
    throw new ConnectRestError(404, 'HTTP 404 Not Found');
  }
}
