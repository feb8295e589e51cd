import { useRef, useState } from 'react';
import { resumeFromCursor, useQuery, useSession, useSubscription } from '../api/hooks';
import { ErrorList } from '../components/ErrorList';
import { Freshness } from '../components/Freshness';
import { BoundedHistory } from '../components/history';
import { TimeChart } from '../components/TimeChart';
import { GROUP_LAG, type GroupLag } from '../pipeline/queries';

const TOPICS = `query ConsoleTopics { topics(first: 100) { nodes { name partitionCount replicationFactor } } }`;
const TOPIC = `query ConsoleTopic($name: String!) {
  topic(name: $name) { name partitions { partition leader inSyncReplicas earliestOffset latestOffset messageCount } consumerGroups }
}`;
const GROUPS = `query ConsoleGroups { consumerGroups(first: 100) { nodes { groupId state memberCount protocolType } } }`;
const TAIL = `subscription ConsoleTail($topic: String!, $where: TopicMessagesWhereInput, $from: LiveStartInput) {
  topicMessages(topic: $topic, where: $where, from: $from, format: JSON) { partition offset timestamp key value valueJson decodeError headers { key value } cursor }
}`;

/** Points kept per lag chart and rows kept in a tail: a page left open does not grow. */
const LAG_HISTORY = 300;
const TAIL_ROWS = 100;

/** Topics (partitions and offsets), consumer groups with a live lag chart, and a live tail with server-side filters. */
export function TopicsPage({ selected }: { selected?: string }) {
  const { config } = useSession();
  const topics = useQuery<{ topics: { nodes: Array<{ name: string; partitionCount: number; replicationFactor: number }> } }>(TOPICS, {}, 10_000);
  const groups = useQuery<{ consumerGroups: { nodes: Array<{ groupId: string; state: string; memberCount: number; protocolType: string }> } }>(GROUPS, {}, 10_000);
  const topicNames = (topics.data?.topics.nodes ?? []).map((topic) => topic.name);
  const topic = selected ?? (config.enricher && topicNames.includes(config.enricher.targetTopic) ? config.enricher.targetTopic : topicNames[0]);
  const groupIds = (groups.data?.consumerGroups.nodes ?? []).map((group) => group.groupId);
  const [chosenGroup, setChosenGroup] = useState<string | undefined>();
  const group = chosenGroup ?? (config.enricher && groupIds.includes(config.enricher.groupId) ? config.enricher.groupId : groupIds[0]);

  return (
    <section className="page topics" data-page="topics">
      <header className="page-head">
        <h1>Topics &amp; groups</h1>
      </header>
      <ErrorList errors={[...topics.errors, ...groups.errors]} />
      <div className="split">
        <div>
          <h2>Topics</h2>
          <table className="list">
            <tbody>
              {(topics.data?.topics.nodes ?? []).map((row) => (
                <tr key={row.name} className={row.name === topic ? 'selected' : ''} data-topic={row.name}>
                  <td>
                    <a href={`#/topics/${encodeURIComponent(row.name)}`}>{row.name}</a>
                  </td>
                  <td>{row.partitionCount} partitions</td>
                  <td>rf {row.replicationFactor}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Consumer groups</h2>
          <table className="list">
            <tbody>
              {(groups.data?.consumerGroups.nodes ?? []).map((row) => (
                <tr key={row.groupId} className={row.groupId === group ? 'selected' : ''} data-group={row.groupId}>
                  <td>
                    <button type="button" className="link" onClick={() => setChosenGroup(row.groupId)}>
                      {row.groupId}
                    </button>
                  </td>
                  <td>{row.state}</td>
                  <td>{row.memberCount} members</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          {topic ? <TopicPanel key={topic} name={topic} /> : null}
          {group ? <LagChart key={group} groupId={group} /> : null}
          {topic ? <Tail key={`tail:${topic}`} topic={topic} /> : null}
        </div>
      </div>
    </section>
  );
}

function TopicPanel({ name }: { name: string }) {
  const detail = useQuery<{ topic: { name: string; consumerGroups: string[]; partitions: Array<{ partition: number; leader: number; inSyncReplicas: number[]; earliestOffset: string; latestOffset: string; messageCount: string }> } | null }>(TOPIC, { name }, 3_000);
  const topic = detail.data?.topic;
  return (
    <div className="panel" data-topic-detail={name}>
      <h2>{name}</h2>
      <ErrorList errors={detail.errors} />
      {topic ? (
        <>
          <table className="list">
            <thead>
              <tr>
                <th>partition</th>
                <th>leader</th>
                <th>ISR</th>
                <th>earliest</th>
                <th>latest</th>
                <th>messages</th>
              </tr>
            </thead>
            <tbody>
              {topic.partitions.map((partition) => (
                <tr key={partition.partition}>
                  <td>{partition.partition}</td>
                  <td>{partition.leader}</td>
                  <td>{partition.inSyncReplicas.join(',')}</td>
                  <td>{partition.earliestOffset}</td>
                  <td>{partition.latestOffset}</td>
                  <td>{partition.messageCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>read by: {topic.consumerGroups.join(', ') || '—'}</p>
        </>
      ) : null}
    </div>
  );
}

function LagChart({ groupId }: { groupId: string }) {
  const history = useRef(new BoundedHistory(LAG_HISTORY)).current;
  const [, setVersion] = useState(0);
  const stream = useSubscription<GroupLag>(
    GROUP_LAG,
    { groupId, intervalMs: 1_000 },
    {
      onEvent: (lag) => {
        const perTopic: Record<string, number> = { total: Number(lag.totalLag) };
        for (const partition of lag.partitions) perTopic[partition.topic] = (perTopic[partition.topic] ?? 0) + Number(partition.lag ?? 0);
        history.push(Math.round(Date.parse(lag.at) / 1_000), perTopic);
        setVersion((value) => value + 1);
      },
    },
  );
  const names = history.names();
  return (
    <div className="panel" data-lag-chart={groupId} data-points={history.length} data-total-lag={stream.data?.totalLag ?? ''}>
      <h2>
        Lag of {groupId} {stream.data ? `· ${stream.data.state} · total ${stream.data.totalLag}` : ''}
      </h2>
      <Freshness status={stream.status} events={stream.events} />
      <ErrorList errors={stream.errors} />
      {names.length > 0 ? <TimeChart label={`lag of ${groupId}`} names={names} data={history.columns()} /> : <p className="loading">Waiting for the first lag reading…</p>}
    </div>
  );
}

interface TailRow {
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  value: string | null;
  /** The decoded value: schema'd records (Avro, Protobuf, JSON Schema) through the registry, or parsed JSON. */
  valueJson: unknown;
  decodeError: string | null;
  headers: Array<{ key: string; value: string | null }>;
  cursor: string;
}

/** What the value cell shows: the decoded value when there is one (a schema'd value's `value` is base64), else the text. */
function shownValue(row: TailRow): string {
  if (row.decodeError) return `${row.value ?? ''} (${row.decodeError})`;
  return row.valueJson !== null && row.valueJson !== undefined ? JSON.stringify(row.valueJson) : (row.value ?? '');
}

function Tail({ topic }: { topic: string }) {
  const [filters, setFilters] = useState({ key: '', headerKey: '', headerValue: '' });
  const [applied, setApplied] = useState(filters);
  const [paused, setPaused] = useState(false);
  const [rows, setRows] = useState<TailRow[]>([]);
  const [received, setReceived] = useState(0);
  const lastCursor = useRef<string | undefined>();
  // Resuming after a pause starts right after the last row shown: nothing skipped, nothing twice.
  const [from, setFrom] = useState<Record<string, unknown> | undefined>();
  const where = {
    ...(applied.key ? { key: applied.key } : {}),
    ...(applied.headerKey ? { header: { key: applied.headerKey, ...(applied.headerValue ? { value: applied.headerValue } : {}) } } : {}),
  };
  const stream = useSubscription<TailRow>(
    TAIL,
    { topic, ...(Object.keys(where).length > 0 ? { where } : {}), ...(from ? { from } : {}) },
    {
      enabled: !paused,
      resume: resumeFromCursor,
      onEvent: (row) => {
        lastCursor.current = row.cursor;
        setRows((previous) => [row, ...previous].slice(0, TAIL_ROWS));
        setReceived((count) => count + 1);
      },
    },
  );
  const togglePause = () => {
    if (!paused) return setPaused(true);
    if (lastCursor.current) setFrom({ cursor: lastCursor.current });
    setPaused(false);
  };
  return (
    <div className="panel tail" data-tail={topic} data-rows={rows.length} data-received={received} data-paused={paused ? 'yes' : 'no'}>
      <h2>Live tail of {topic}</h2>
      <form
        className="filters"
        onSubmit={(event: Event) => {
          event.preventDefault();
          setRows([]);
          setReceived(0);
          lastCursor.current = undefined;
          setFrom(undefined);
          setApplied(filters);
        }}
      >
        <input placeholder="key equals" aria-label="key filter" value={filters.key} onChange={(event: Event) => setFilters({ ...filters, key: (event.target as HTMLInputElement).value })} />
        <input placeholder="header" aria-label="header key filter" value={filters.headerKey} onChange={(event: Event) => setFilters({ ...filters, headerKey: (event.target as HTMLInputElement).value })} />
        <input placeholder="header value" aria-label="header value filter" value={filters.headerValue} onChange={(event: Event) => setFilters({ ...filters, headerValue: (event.target as HTMLInputElement).value })} />
        <button type="submit">Apply filters (server-side)</button>
        <button type="button" data-tail-toggle onClick={togglePause}>
          {paused ? 'Resume from cursor' : 'Pause'}
        </button>
      </form>
      <Freshness status={paused ? 'paused' : stream.status} events={received} />
      <ErrorList errors={stream.errors} />
      <table className="list tail-rows">
        <thead>
          <tr>
            <th>partition/offset</th>
            <th>time</th>
            <th>key</th>
            <th>value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.cursor} data-offset={`${row.partition}/${row.offset}`}>
              <td>
                {row.partition}/{row.offset}
              </td>
              <td>{new Date(row.timestamp).toLocaleTimeString()}</td>
              <td>{row.key ?? ''}</td>
              <td className="value">{shownValue(row)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
