import { useState } from 'react';
import type { ApiError } from '../api/api-error';
import { canOperate, useQuery, useSession, useSubscription } from '../api/hooks';
import { ErrorList } from '../components/ErrorList';
import { StateBadge } from '../components/StateBadge';

interface Task {
  id: number;
  state: string;
  workerId?: string | null;
  trace?: string | null;
}

interface ConnectorSummary {
  name: string;
  type: string;
  cluster: string;
  state: string;
  tasks: Task[];
}

interface ConnectorDetail extends ConnectorSummary {
  className: string | null;
  workerId: string | null;
  trace: string | null;
  config: Record<string, unknown>;
  topics: string[];
  lineage: { sourceTopics: string[]; targetTopics: string[]; targetTables: Array<{ schema: string | null; name: string }> };
}

const LIST = `query ConsoleConnectors { connectors { name type cluster state tasks { id state } } }`;
const DETAIL = `query ConsoleConnector($name: String!) {
  connector(name: $name) {
    name type cluster className state workerId trace config topics
    tasks { id state workerId trace }
    lineage { sourceTopics targetTopics targetTables { schema name } }
  }
}`;
const VALIDATE = `query ConsoleValidateConnector($className: String!, $config: JSONObject!) {
  validateConnectorConfig(className: $className, config: $config) { valid errorCount errors { field messages } }
}`;
const AUDIT = `query ConsoleConnectorAudit($target: String!) {
  auditLog(target: $target, first: 20) { nodes { id at callerId callerRole operation outcome errorCode durationMs } }
}`;
const STATUS = `subscription ConsoleConnectorStatusOf($names: [String!]) {
  connectorStatusChanged(names: $names) { name state deleted tasks { id state } at }
}`;

const ACTIONS = {
  pause: `mutation ConsolePause($name: String!) { pauseConnector(name: $name) { name state tasks { id state } } }`,
  resume: `mutation ConsoleResume($name: String!) { resumeConnector(name: $name) { name state tasks { id state } } }`,
  stop: `mutation ConsoleStop($name: String!) { stopConnector(name: $name) { name state tasks { id state } } }`,
  restart: `mutation ConsoleRestart($name: String!) { restartConnector(name: $name, includeTasks: true) { name state tasks { id state } } }`,
} as const;

/** Connectors: the list with states, and one connector in full with its controls (operators) and audit trail. */
export function ConnectorsPage({ selected }: { selected?: string }) {
  const list = useQuery<{ connectors: ConnectorSummary[] }>(LIST, {}, 5_000);
  const [live, setLive] = useState(new Map<string, { state: string | null; tasks: Task[] }>());
  useSubscription<{ name: string; state: string | null; tasks: Task[] }>(STATUS, { names: [] }, { onEvent: (event) => setLive((previous) => new Map(previous).set(event.name, event)) });
  return (
    <section className="page connectors" data-page="connectors">
      <header className="page-head">
        <h1>Connectors</h1>
      </header>
      <ErrorList errors={list.errors} />
      <div className="split">
        <table className="list">
          <thead>
            <tr>
              <th>name</th>
              <th>type</th>
              <th>state</th>
              <th>tasks</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.connectors ?? []).map((connector) => {
              const now = live.get(connector.name);
              return (
                <tr key={connector.name} className={connector.name === selected ? 'selected' : ''} data-connector={connector.name}>
                  <td>
                    <a href={`#/connectors/${encodeURIComponent(connector.name)}`}>{connector.name}</a>
                  </td>
                  <td>{connector.type}</td>
                  <td>
                    <StateBadge state={now ? now.state : connector.state} />
                  </td>
                  <td>{(now?.tasks ?? connector.tasks).map((task) => `${task.id}:${task.state}`).join(' ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {selected ? <ConnectorPanel key={selected} name={selected} /> : <p className="hint">Pick a connector for its tasks, config, validation and audit trail.</p>}
      </div>
    </section>
  );
}

function ConnectorPanel({ name }: { name: string }) {
  const { api, role } = useSession();
  const detail = useQuery<{ connector: ConnectorDetail | null }>(DETAIL, { name }, 10_000);
  const connector = detail.data?.connector;
  const status = useSubscription<{ state: string | null; tasks: Task[] }>(STATUS, { names: [name] });
  const state = status.data ? status.data.state : connector?.state;
  const [action, setAction] = useState<{ which?: keyof typeof ACTIONS; running: boolean; reached?: string; errors: ApiError[]; done: number }>({ running: false, errors: [], done: 0 });

  // The mutations answer once the state is reached (bounded wait), so the button shows where the connector ended up.
  const act = async (which: keyof typeof ACTIONS) => {
    setAction((previous) => ({ which, running: true, errors: [], done: previous.done }));
    const result = await api.request<Record<string, { state: string }>>(ACTIONS[which], { name });
    setAction((previous) => ({ which, running: false, reached: result.data ? Object.values(result.data)[0]?.state : undefined, errors: result.errors, done: previous.done + 1 }));
    detail.refetch();
  };

  if (!connector) {
    return (
      <div className="detail">
        <ErrorList errors={detail.errors} />
        {detail.loading ? <p className="loading">Loading {name}…</p> : detail.errors.length === 0 ? <p>No connector named {name}.</p> : null}
      </div>
    );
  }
  return (
    <div className="detail" data-detail={name}>
      <h2>
        {connector.name} <StateBadge state={state} />
      </h2>
      <p>
        {connector.type} · {connector.className} · cluster {connector.cluster} · worker {connector.workerId ?? '—'}
      </p>
      {canOperate(role) ? (
        <div className="controls" data-controls>
          {(Object.keys(ACTIONS) as Array<keyof typeof ACTIONS>).map((which) => (
            <button key={which} type="button" disabled={action.running} data-action={which} onClick={() => void act(which)}>
              {which}
            </button>
          ))}
          {action.running ? <span className="pending">{action.which}…</span> : null}
          {action.reached ? (
            <span className="reached" data-reached={action.reached}>
              {action.which} → state reached: <StateBadge state={action.reached} />
            </span>
          ) : null}
        </div>
      ) : null}
      <ErrorList errors={[...action.errors, ...status.errors]} />
      {connector.trace ? <pre className="trace">{connector.trace}</pre> : null}
      <h3>Tasks</h3>
      <table className="list">
        <tbody>
          {(status.data?.tasks ?? connector.tasks).map((task) => {
            const full = connector.tasks.find((candidate) => candidate.id === task.id);
            return (
              <tr key={task.id}>
                <td>task {task.id}</td>
                <td>
                  <StateBadge state={task.state} />
                </td>
                <td>{full?.workerId ?? ''}</td>
                <td>{full?.trace ? <pre className="trace">{full.trace}</pre> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>Lineage</h3>
      <p>
        reads {connector.lineage.sourceTopics.join(', ') || '—'} · writes {[...connector.lineage.targetTopics, ...connector.lineage.targetTables.map((table) => (table.schema ? `${table.schema}.${table.name}` : table.name))].join(', ') || '—'}
      </p>
      <h3>Config (secrets redacted by the server)</h3>
      <table className="list config">
        <tbody>
          {Object.entries(connector.config).map(([key, value]) => (
            <tr key={key}>
              <td>{key}</td>
              <td>{String(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {connector.className ? <Validation className={connector.className} config={connector.config} /> : null}
      <AuditTrail target={`connectors/${connector.cluster}/${connector.name}`} refreshKey={action.done} />
    </div>
  );
}

function Validation({ className, config }: { className: string; config: Record<string, unknown> }) {
  const validation = useQuery<{ validateConnectorConfig: { valid: boolean; errorCount: number; errors: Array<{ field: string; messages: string[] }> } }>(VALIDATE, { className, config });
  const result = validation.data?.validateConnectorConfig;
  return (
    <>
      <h3>Validation</h3>
      <ErrorList errors={validation.errors} />
      {result ? (
        <div data-validation={result.valid ? 'valid' : 'invalid'}>
          <p>{result.valid ? 'Connect accepts this config.' : `${result.errorCount} field error(s) (redacted secrets are validated as the redaction marker):`}</p>
          <ul>
            {result.errors.map((error) => (
              <li key={error.field}>
                <code>{error.field}</code>: {error.messages.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** Re-read when an action ends (refreshKey), so the entry it wrote appears at once. */
function AuditTrail({ target, refreshKey }: { target: string; refreshKey: unknown }) {
  const audit = useQuery<{ auditLog: { nodes: Array<{ id: string; at: string; callerId: string; callerRole: string; operation: string; outcome: string; errorCode: string | null; durationMs: number }> } }>(AUDIT, { target }, 5_000, refreshKey);
  return (
    <>
      <h3>Audit trail</h3>
      <ErrorList errors={audit.errors} />
      <table className="list audit">
        <tbody>
          {(audit.data?.auditLog.nodes ?? []).map((entry) => (
            <tr key={entry.id} data-audit={entry.operation}>
              <td>{new Date(entry.at).toLocaleTimeString()}</td>
              <td>{entry.operation}</td>
              <td>{entry.outcome}</td>
              <td>{entry.errorCode ?? ''}</td>
              <td>
                {entry.callerId} ({entry.callerRole})
              </td>
              <td>{entry.durationMs} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
