import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ConsolePageConfig } from '../../page-config';
import type { ApiClient, QueryResult, Resume, StreamState } from './api-client';

export interface Session {
  api: ApiClient;
  config: ConsolePageConfig;
  /** viewer.role; undefined until known. */
  role?: string;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the console');
  return session;
}

/** Operators and admins may change connectors; viewers only look. */
export function canOperate(role: string | undefined): boolean {
  return role === 'operator' || role === 'admin';
}

export interface QueryState<T> extends QueryResult<T> {
  loading: boolean;
  /** When the last answer arrived. */
  at?: number;
  refetch: () => void;
}

/** Runs a query now, whenever its variables or `refreshKey` change, and every `pollMs` when given. */
export function useQuery<T>(query: string, variables: Record<string, unknown> = {}, pollMs?: number, refreshKey?: unknown): QueryState<T> {
  const { api } = useSession();
  const [state, setState] = useState<QueryResult<T> & { loading: boolean; at?: number }>({ errors: [], loading: true });
  const [tick, setTick] = useState(0);
  const varsKey = JSON.stringify(variables);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      const result = await api.request<T>(query, JSON.parse(varsKey) as Record<string, unknown>);
      if (!live) return;
      setState((previous) => ({ data: result.data ?? previous.data, errors: result.errors, loading: false, at: Date.now() }));
      if (pollMs) timer = setTimeout(run, pollMs);
    };
    void run();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, query, varsKey, pollMs, tick, refreshKey]);
  const refetch = useCallback(() => setTick((value) => value + 1), []);
  return { ...state, refetch };
}

/**
 * Joins the shared stream for a subscription. `onEvent` sees every event in order (for tails and histories); the
 * returned state holds the latest. Pass `enabled: false` to hold off (e.g. paused).
 */
export function useSubscription<T>(
  query: string,
  variables: Record<string, unknown>,
  options: { onEvent?: (event: T) => void; resume?: Resume<T>; enabled?: boolean } = {},
): StreamState<T> {
  const { api } = useSession();
  const [state, setState] = useState<StreamState<T>>({ errors: [], status: 'connecting', events: 0, resumes: 0 });
  const onEvent = useRef(options.onEvent);
  onEvent.current = options.onEvent;
  const resume = useRef(options.resume);
  resume.current = options.resume;
  const varsKey = JSON.stringify(variables);
  const enabled = options.enabled ?? true;
  useEffect(() => {
    if (!enabled) return undefined;
    let seen = -1;
    return api.subscribe<T>(
      query,
      JSON.parse(varsKey) as Record<string, unknown>,
      (next) => {
        if (seen >= 0 && next.events > seen && next.data !== undefined) onEvent.current?.(next.data);
        seen = next.events;
        setState(next);
      },
      resume.current ? (vars, last) => resume.current!(vars, last) : undefined,
    );
  }, [api, query, varsKey, enabled]);
  return state;
}

/** Resume by cursor: the live plane's streams continue exactly after the last event received. */
export function resumeFromCursor<T extends { cursor?: string }>(variables: Record<string, unknown>, last: T | undefined): Record<string, unknown> {
  return last?.cursor ? { ...variables, from: { cursor: last.cursor } } : variables;
}
