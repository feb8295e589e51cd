import { createClient, type Client } from 'graphql-ws';
import { type ApiError, fromGraphQLErrors, toApiErrors } from './api-error';

export interface QueryResult<T> {
  data?: T;
  errors: ApiError[];
}

/** What a live stream holds for its components: the last payload, errors, and how it is doing. */
export interface StreamState<T> {
  data?: T;
  errors: ApiError[];
  status: 'connecting' | 'live' | 'retrying' | 'failed';
  /** Events received since the stream started (across reconnects). */
  events: number;
  /** Reconnects so far (socket closed, or a retriable error ended the subscription). */
  resumes: number;
}

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'closed';

/** Gives the variables to resubscribe with after an interruption, from the last event seen (e.g. its cursor). */
export type Resume<T> = (variables: Record<string, unknown>, last: T | undefined) => Record<string, unknown>;

interface Stream {
  key: string;
  query: string;
  variables: Record<string, unknown>;
  resume?: Resume<unknown>;
  state: StreamState<unknown>;
  listeners: Set<(state: StreamState<unknown>) => void>;
  stop?: () => void;
  retryTimer?: ReturnType<typeof setTimeout>;
  releaseTimer?: ReturnType<typeof setTimeout>;
}

const RETRY_DELAYS_MS = [500, 1_000, 2_000, 5_000];

/**
 * The console's only way to the server: GraphQL over HTTP for queries and mutations, one graphql-ws socket for every
 * subscription, both carrying the API key. Identical subscriptions (same document and variables) opened by several
 * components share one server subscription. A stream interrupted by a closed socket or a retriable error is
 * resubscribed with backoff, with the variables its `resume` gives (from: { cursor } of the last event), so charts and
 * tails continue where they were rather than restarting.
 */
export class ApiClient {
  private readonly streams = new Map<string, Stream>();
  private readonly ws: Client;
  private connection: ConnectionStatus = 'idle';
  private readonly connectionListeners = new Set<(status: ConnectionStatus) => void>();

  constructor(
    private readonly graphqlPath: string,
    private readonly apiKey: string,
  ) {
    const url = new URL(graphqlPath, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.ws = createClient({
      url: url.href,
      lazy: true,
      // Reconnection is ours (below), so interrupted streams resume by cursor instead of repeating their first request.
      retryAttempts: 0,
      connectionParams: apiKey ? { authorization: `Bearer ${apiKey}` } : undefined,
      on: {
        connecting: () => this.setConnection('connecting'),
        connected: () => this.setConnection('connected'),
        closed: () => this.setConnection('closed'),
      },
    });
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<QueryResult<T>> {
    try {
      const response = await fetch(this.graphqlPath, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T | null; errors?: unknown[] };
      return { data: body.data ?? undefined, errors: fromGraphQLErrors(body.errors ?? []) };
    } catch (error) {
      return { errors: toApiErrors(error) };
    }
  }

  /** Joins (or opens) the shared stream for this document and variables; the returned function leaves it. */
  subscribe<T>(query: string, variables: Record<string, unknown>, listener: (state: StreamState<T>) => void, resume?: Resume<T>): () => void {
    const key = `${query}\n${JSON.stringify(variables)}`;
    let stream = this.streams.get(key);
    if (!stream) {
      stream = { key, query, variables, resume: resume as Resume<unknown>, state: { errors: [], status: 'connecting', events: 0, resumes: 0 }, listeners: new Set() };
      this.streams.set(key, stream);
      this.start(stream);
    }
    clearTimeout(stream.releaseTimer);
    const typed = listener as (state: StreamState<unknown>) => void;
    stream.listeners.add(typed);
    typed(stream.state);
    const joined = stream;
    return () => {
      joined.listeners.delete(typed);
      // A component that re-renders leaves and rejoins at once: keep the server subscription through that.
      if (joined.listeners.size === 0) joined.releaseTimer = setTimeout(() => this.release(joined), 200);
    };
  }

  /** Distinct server subscriptions open now (what the pipegraph_subscriptions_active metric counts for this page). */
  openStreams(): number {
    return [...this.streams.values()].filter((stream) => stream.stop).length;
  }

  onConnection(listener: (status: ConnectionStatus) => void): () => void {
    this.connectionListeners.add(listener);
    listener(this.connection);
    return () => this.connectionListeners.delete(listener);
  }

  /** Drops the socket as a network failure would; streams resume by cursor. Used by the browser test. */
  dropConnection(): void {
    this.ws.terminate();
  }

  dispose(): void {
    for (const stream of this.streams.values()) this.release(stream);
    void this.ws.dispose();
  }

  private start(stream: Stream): void {
    let last: unknown;
    let ended = false;
    const end = (errors: ApiError[]) => {
      if (ended) return;
      ended = true;
      stream.stop = undefined;
      const retriable = errors.length > 0 && errors.every((error) => error.retriable);
      if (retriable && this.streams.get(stream.key) === stream) {
        const delay = RETRY_DELAYS_MS[Math.min(stream.state.resumes, RETRY_DELAYS_MS.length - 1)]!;
        this.update(stream, { errors, status: 'retrying', resumes: stream.state.resumes + 1 });
        stream.retryTimer = setTimeout(() => {
          if (stream.resume && last !== undefined) stream.variables = stream.resume(stream.variables, last);
          this.start(stream);
        }, delay);
      } else {
        this.update(stream, { errors, status: errors.length > 0 ? 'failed' : stream.state.status });
      }
    };
    const unsubscribe = this.ws.subscribe<Record<string, unknown>>(
      { query: stream.query, variables: stream.variables },
      {
        next: (result) => {
          const errors = fromGraphQLErrors(result.errors ?? []);
          // A payload with errors only is no new event: the last one stays, and is not delivered twice.
          if (!result.data) return this.update(stream, { errors });
          last = Object.values(result.data)[0];
          this.update(stream, { data: last, errors, status: 'live', events: stream.state.events + 1 });
        },
        error: (error) => end(toApiErrors(error)),
        complete: () => end([]),
      },
    );
    stream.stop = () => {
      ended = true;
      unsubscribe();
    };
  }

  private release(stream: Stream): void {
    if (stream.listeners.size > 0 || this.streams.get(stream.key) !== stream) return;
    this.streams.delete(stream.key);
    clearTimeout(stream.retryTimer);
    stream.stop?.();
    stream.stop = undefined;
  }

  private update(stream: Stream, change: Partial<StreamState<unknown>>): void {
    stream.state = { ...stream.state, ...change };
    for (const listener of stream.listeners) listener(stream.state);
  }

  private setConnection(status: ConnectionStatus): void {
    this.connection = status;
    for (const listener of this.connectionListeners) listener(status);
  }
}
