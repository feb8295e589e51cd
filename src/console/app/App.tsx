import { useEffect, useMemo, useState } from 'react';
import { ApiClient, type ConnectionStatus } from './api/api-client';
import type { ApiError } from './api/api-error';
import type { ConsolePageConfig } from '../page-config';
import { SessionContext } from './api/hooks';
import { storedApiKey, storeApiKey } from './api/session';
import { ErrorList } from './components/ErrorList';
import { AnalyticsPage } from './pages/AnalyticsPage';
import { ConnectorsPage } from './pages/ConnectorsPage';
import { PipelinePage } from './pages/PipelinePage';
import { TopicsPage } from './pages/TopicsPage';

const PAGES = [
  { path: 'pipeline', title: 'Pipeline', render: () => <PipelinePage /> },
  { path: 'connectors', title: 'Connectors', render: (item?: string) => <ConnectorsPage selected={item} /> },
  { path: 'topics', title: 'Topics & groups', render: (item?: string) => <TopicsPage selected={item} /> },
  { path: 'analytics', title: 'Analytics', render: () => <AnalyticsPage /> },
] as const;

/** #/<page>[/<item>]: the server serves one document at /console; pages are hash routes. */
function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent).filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

declare global {
  interface Window {
    /** For the browser test: the live client (open streams, dropping the socket). */
    pipegraphConsole?: ApiClient;
  }
}

export function App({ config }: { config: ConsolePageConfig }) {
  const [apiKey, setApiKey] = useState(storedApiKey);
  const [draft, setDraft] = useState(apiKey);
  const api = useMemo(() => new ApiClient(config.graphqlPath, apiKey), [config.graphqlPath, apiKey]);
  const [viewer, setViewer] = useState<{ id: string; role: string } | undefined>();
  const [viewerErrors, setViewerErrors] = useState<ApiError[]>([]);
  const [connection, setConnection] = useState<ConnectionStatus>('idle');
  const route = useRoute();
  const page = PAGES.find((candidate) => candidate.path === route[0]) ?? PAGES[0];

  useEffect(() => {
    window.pipegraphConsole = api;
    const leave = api.onConnection(setConnection);
    let current = true;
    setViewer(undefined);
    api.request<{ viewer: { id: string; role: string } }>('query ConsoleViewer { viewer { id role } }').then((result) => {
      if (!current) return;
      setViewer(result.data?.viewer);
      setViewerErrors(result.errors);
    });
    return () => {
      current = false;
      leave();
      api.dispose();
    };
  }, [api]);

  const session = useMemo(() => ({ api, config, role: viewer?.role }), [api, config, viewer?.role]);
  return (
    <SessionContext.Provider value={session}>
      <header className="top">
        <strong className="brand">pipegraph console</strong>
        <nav>
          {PAGES.map((candidate) => (
            <a key={candidate.path} href={`#/${candidate.path}`} className={candidate === page ? 'active' : ''} data-nav={candidate.path}>
              {candidate.title}
            </a>
          ))}
        </nav>
        <form
          className="api-key"
          onSubmit={(event: Event) => {
            event.preventDefault();
            storeApiKey(draft.trim());
            setApiKey(draft.trim());
          }}
        >
          <input type="password" placeholder="API key" aria-label="API key" value={draft} onChange={(event: Event) => setDraft((event.target as HTMLInputElement).value)} />
          <button type="submit">Use key</button>
        </form>
        <span className="viewer" data-role={viewer?.role ?? ''}>
          {viewer ? `${viewer.id} · ${viewer.role}` : 'not signed in'}
        </span>
        <span className={`connection connection-${connection}`} data-connection={connection}>
          live: {connection}
        </span>
      </header>
      <ErrorList errors={viewerErrors} />
      <main key={`${page.path}:${apiKey}`}>{page.render(route[1])}</main>
    </SessionContext.Provider>
  );
}
