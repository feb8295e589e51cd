import { useRef, useState } from 'react';
import { useQuery, useSession, useSubscription } from '../api/hooks';
import type { ApiError } from '../api/api-error';
import { AGGREGATE_OPERATION, BUCKET_UNITS, type BuilderChoice, buildAggregateVariables, MEASURE_FUNCTIONS } from '../analytics/query-builder';
import { ErrorList } from '../components/ErrorList';
import { Freshness } from '../components/Freshness';
import { BoundedHistory } from '../components/history';
import { TimeChart } from '../components/TimeChart';

interface Stats {
  freshnessMs: number | null;
  partial: boolean;
  cached: boolean;
}

const LEADERBOARD = `subscription ConsoleLeaderboard {
  liveStockLeaderboard(last: "PT1H", limit: 10) { rows { symbol totalShares } stats { freshnessMs partial cached } }
}`;
const TRAFFIC = `subscription ConsoleTraffic {
  liveClickstreamTraffic(bucket: { unit: MINUTE }, groupBy: URL_CATEGORY, timeRange: { last: "PT30M" }) { rows { bucket key views } stats { freshnessMs partial cached } }
}`;
const TABLES = `query ConsoleAnalyticsTables { analyticsTables { name timeColumn dimensions { name type } metrics { name type } } }`;

/** Minutes kept per category in the traffic chart. */
const TRAFFIC_HISTORY = 120;

/** The seed charts, live (top symbols by shares; views per URL category per minute) and a small aggregate builder. */
export function AnalyticsPage() {
  return (
    <section className="page analytics" data-page="analytics">
      <header className="page-head">
        <h1>Analytics</h1>
      </header>
      <div className="split even">
        <Leaderboard />
        <Traffic />
      </div>
      <QueryBuilder />
    </section>
  );
}

function Leaderboard() {
  const stream = useSubscription<{ rows: Array<{ symbol: string | null; totalShares: number | null }>; stats: Stats }>(LEADERBOARD, {});
  const rows = stream.data?.rows ?? [];
  return (
    <div className="panel" data-chart="leaderboard" data-rows={rows.length}>
      <h2>Top symbols by shares (last hour)</h2>
      <Freshness stats={stream.data?.stats} events={stream.events} status={stream.status} />
      <ErrorList errors={stream.errors} />
      {rows.length > 0 ? (
        <TimeChart label="top symbols by shares" names={['shares']} categories={rows.map((row) => row.symbol ?? '∅')} data={[rows.map((_row, index) => index), rows.map((row) => row.totalShares ?? 0)]} />
      ) : (
        <p className="loading">No trades yet.</p>
      )}
    </div>
  );
}

function Traffic() {
  const history = useRef(new BoundedHistory(TRAFFIC_HISTORY)).current;
  const [, setVersion] = useState(0);
  const stream = useSubscription<{ rows: Array<{ bucket: string | null; key: string | null; views: string | null }>; stats: Stats }>(
    TRAFFIC,
    {},
    {
      onEvent: (traffic) => {
        // Each push is the whole window; minutes already seen are replaced by their newer counts.
        const byMinute = new Map<number, Record<string, number>>();
        for (const row of traffic.rows) {
          if (!row.bucket) continue;
          const minute = Math.round(Date.parse(row.bucket) / 1_000);
          byMinute.set(minute, { ...byMinute.get(minute), [row.key ?? 'unknown']: Number(row.views ?? 0) });
        }
        for (const [minute, values] of [...byMinute].sort(([a], [b]) => a - b)) mergeMinute(history, minute, values);
        setVersion((value) => value + 1);
      },
    },
  );
  return (
    <div className="panel" data-chart="traffic" data-points={history.length}>
      <h2>Clickstream views per minute by URL category</h2>
      <Freshness stats={stream.data?.stats} events={stream.events} status={stream.status} />
      <ErrorList errors={stream.errors} />
      {history.length > 0 ? <TimeChart label="views per minute by URL category" names={history.names()} data={history.columns()} /> : <p className="loading">No traffic yet.</p>}
    </div>
  );
}

/** Minutes arrive in order; a minute older than the newest kept is a late correction of a point already drawn. */
function mergeMinute(history: BoundedHistory, minute: number, values: Record<string, number>): void {
  const [times] = history.columns();
  const newest = times[times.length - 1];
  if (newest === undefined || minute >= newest) history.push(minute, values);
}

interface TableInfo {
  name: string;
  timeColumn: string | null;
  dimensions: Array<{ name: string; type: string }>;
  metrics: Array<{ name: string; type: string }>;
}

function QueryBuilder() {
  const { api } = useSession();
  const tables = useQuery<{ analyticsTables: TableInfo[] }>(TABLES);
  const list = tables.data?.analyticsTables ?? [];
  const [choice, setChoice] = useState<BuilderChoice>({ table: '', measures: [{ fn: 'COUNT' }], groupBy: [], bucket: '', last: 'PT1H', limit: 20 });
  const table = list.find((candidate) => candidate.name === choice.table) ?? list[0];
  const effective = { ...choice, table: table?.name ?? '' };
  const variables = buildAggregateVariables(effective);
  const [result, setResult] = useState<{ data?: { aggregate: { columns: Array<{ name: string }>; rows: unknown[][]; sql: string; stats: Stats } }; errors: ApiError[] }>();
  const columns = [...(table?.metrics ?? []), ...(table?.dimensions ?? [])];
  const set = (change: Partial<BuilderChoice>) => setChoice({ ...effective, ...change });

  return (
    <div className="panel builder" data-builder>
      <h2>Query builder</h2>
      <ErrorList errors={tables.errors} />
      <div className="builder-form">
        <label>
          table
          <select aria-label="table" value={effective.table} onChange={(event: Event) => set({ table: (event.target as HTMLSelectElement).value, groupBy: [], measures: [{ fn: 'COUNT' }] })}>
            {list.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
        {effective.measures.map((measure, index) => (
          <label key={index}>
            measure {index + 1}
            <select aria-label={`measure ${index + 1} function`} value={measure.fn} onChange={(event: Event) => set({ measures: effective.measures.map((m, i) => (i === index ? { ...m, fn: (event.target as HTMLSelectElement).value } : m)) })}>
              {MEASURE_FUNCTIONS.map((fn) => (
                <option key={fn}>{fn}</option>
              ))}
            </select>
            <select aria-label={`measure ${index + 1} column`} value={measure.column ?? ''} onChange={(event: Event) => set({ measures: effective.measures.map((m, i) => (i === index ? { ...m, column: (event.target as HTMLSelectElement).value || undefined } : m)) })}>
              <option value="">(rows)</option>
              {columns.map((column) => (
                <option key={column.name}>{column.name}</option>
              ))}
            </select>
          </label>
        ))}
        <button type="button" onClick={() => set({ measures: [...effective.measures, { fn: 'SUM', column: table?.metrics[0]?.name }] })}>
          + measure
        </button>
        <label>
          group by
          <select multiple aria-label="group by" value={effective.groupBy} onChange={(event: Event) => set({ groupBy: [...(event.target as HTMLSelectElement).selectedOptions].map((option) => option.value) })}>
            {(table?.dimensions ?? []).map((column) => (
              <option key={column.name}>{column.name}</option>
            ))}
          </select>
        </label>
        <label>
          time bucket
          <select aria-label="time bucket" value={effective.bucket} onChange={(event: Event) => set({ bucket: (event.target as HTMLSelectElement).value })}>
            {BUCKET_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {unit || '(none)'}
              </option>
            ))}
          </select>
        </label>
        <label>
          last
          <input aria-label="time range" value={effective.last} onChange={(event: Event) => set({ last: (event.target as HTMLInputElement).value })} />
        </label>
        <button type="button" data-run disabled={!table} onClick={() => void api.request<NonNullable<typeof result>['data']>(AGGREGATE_OPERATION, variables).then(setResult)}>
          Run
        </button>
      </div>
      <h3>Generated operation</h3>
      <pre className="operation" data-operation>
        {`${AGGREGATE_OPERATION}\n\n# variables\n${JSON.stringify(variables, null, 2)}`}
      </pre>
      {result ? (
        <>
          <ErrorList errors={result.errors} />
          {result.data ? (
            <>
              <Freshness stats={result.data.aggregate.stats} />
              <pre className="sql">{result.data.aggregate.sql}</pre>
              <table className="list" data-result-rows={result.data.aggregate.rows.length}>
                <thead>
                  <tr>
                    {result.data.aggregate.columns.map((column) => (
                      <th key={column.name}>{column.name}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.data.aggregate.rows.map((row, index) => (
                    <tr key={index}>
                      {row.map((cell, cellIndex) => (
                        <td key={cellIndex}>{cell === null ? '∅' : String(cell)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
