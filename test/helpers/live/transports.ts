import { createClient as createWsClient } from 'graphql-ws';
import { createClient as createSseClient, NetworkError } from 'graphql-sse';
import WebSocket from 'ws';
import { withDeadline } from '../wait-for';

/** What a client saw of one operation, whatever the transport. */
export interface ObservedOperation {
  /** `next` payloads in order (over SSE, a refused operation's `{ errors }` arrives here too). */
  readonly results: Array<{ data?: any; errors?: any[] }>;
  /** The public code of every error the client saw: in results, in the error callback, as a close code or HTTP refusal. */
  readonly codes: string[];
  /** The operation is over (completed, failed or refused). */
  readonly finished: boolean;
  /** Unsubscribes and closes the connection. */
  close(): Promise<void>;
}

export interface OperationRequest {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

export interface LiveTransport {
  name: 'graphql-ws' | 'sse';
  /** Starts one operation on a connection of its own (graphql-ws: one client per operation; SSE: distinct connections). */
  subscribe(request: OperationRequest, apiKey?: string): ObservedOperation;
}

/** graphql-ws close codes with a public meaning (see docs/errors.md). */
const CLOSE_CODES: Record<number, string> = { 4403: 'UNAUTHENTICATED', 4429: 'RATE_LIMITED' };

function observer() {
  const state = { results: [] as Array<{ data?: any; errors?: any[] }>, refusals: [] as string[], finished: false };
  return {
    state,
    view(close: () => Promise<void>): ObservedOperation {
      return {
        results: state.results,
        get codes() {
          return [...state.results.flatMap((r) => (r.errors ?? []).map((e: any) => String(e.extensions?.code))), ...state.refusals];
        },
        get finished() {
          return state.finished;
        },
        close,
      };
    },
  };
}

/** The same operation sent over graphql-ws and over Server-Sent Events (graphql-sse's own clients). */
export function liveTransports(urls: { url: string; wsUrl: string }): LiveTransport[] {
  return [
    {
      name: 'graphql-ws',
      subscribe(request, apiKey) {
        const { state, view } = observer();
        const client = createWsClient({
          url: urls.wsUrl,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: true,
          connectionParams: apiKey ? { authorization: `Bearer ${apiKey}` } : undefined,
        });
        const unsubscribe = client.subscribe(request, {
          next: (value) => void state.results.push(value as any),
          error: (error) => {
            if (Array.isArray(error)) state.refusals.push(...error.map((e) => String(e.extensions?.code)));
            else {
              const code = (error as { code?: number }).code;
              state.refusals.push(code !== undefined ? (CLOSE_CODES[code] ?? `CLOSE_${code}`) : 'NETWORK');
            }
            state.finished = true;
          },
          complete: () => void (state.finished = true),
        });
        return view(async () => {
          unsubscribe();
          await withDeadline(Promise.resolve(client.dispose()), { what: 'the graphql-ws client to close' });
        });
      },
    },
    {
      name: 'sse',
      subscribe(request, apiKey) {
        const { state, view } = observer();
        const client = createSseClient({ url: urls.url, retryAttempts: 0, headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
        const unsubscribe = client.subscribe(request, {
          next: (value) => void state.results.push(value as any),
          error: (error) => {
            void (async () => {
              const response = error instanceof NetworkError ? (error.response as Response | undefined) : undefined;
              const body = response ? ((await response.json().catch(() => ({}))) as { errors?: any[] }) : {};
              state.refusals.push(...(body.errors ?? [{ extensions: { code: response ? `HTTP_${response.status}` : 'NETWORK' } }]).map((e) => String(e.extensions?.code)));
              state.finished = true;
            })();
          },
          complete: () => void (state.finished = true),
        });
        return view(async () => {
          unsubscribe();
          client.dispose();
        });
      },
    },
  ];
}
