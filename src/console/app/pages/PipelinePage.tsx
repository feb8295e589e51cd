import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useSession, useSubscription } from '../api/hooks';
import { ErrorList } from '../components/ErrorList';
import { formatRate, LAG_WARN, nodeHealth, type NodeFacts } from '../pipeline/health';
import { layoutLineage, type Layout } from '../pipeline/layout';
import { buildLineage, type ConnectorInput, type Lineage, type LineageEdge, type LineageNode } from '../pipeline/lineage-model';
import { RateMeter } from '../pipeline/rate-meter';
import {
  CONNECTOR_STATUS_CHANGED,
  GROUP_LAG,
  type GroupLag,
  PIPELINE_CONNECTORS,
  PIPELINE_GROUPS,
  PIPELINE_PINOT_TABLES,
  PIPELINE_TOPIC_OFFSETS,
  type StatusEvent,
} from '../pipeline/queries';

interface ConnectorRow extends ConnectorInput {
  state: string;
  tasks: Array<{ id: number; state: string }>;
}

/** Every 2 s: topic end offsets (produce rates) and the graph's shape (connectors, groups, tables) every 15 s. */
const OFFSETS_POLL_MS = 2_000;
const SHAPE_POLL_MS = 15_000;

/**
 * The lineage graph: topics, connectors, the enricher and the tables they feed, laid out by elkjs. Live through one
 * connectorStatusChanged subscription (node states) and one consumerGroupLag subscription per consumer group in the
 * graph (lag, consume rates); produce rates come from polled topic end offsets.
 */
export function PipelinePage() {
  const { config } = useSession();
  const connectors = useQuery<{ connectors: ConnectorRow[] }>(PIPELINE_CONNECTORS, {}, SHAPE_POLL_MS);
  const topics = useQuery<{ topics: { nodes: Array<{ name: string; partitions: Array<{ latestOffset: string }> }> } }>(PIPELINE_TOPIC_OFFSETS, {}, OFFSETS_POLL_MS);
  const groups = useQuery<{ consumerGroups: { nodes: Array<{ groupId: string; state: string }> } }>(PIPELINE_GROUPS, {}, SHAPE_POLL_MS);
  const pinot = useQuery<{ analyticsTables: Array<{ name: string }> }>(PIPELINE_PINOT_TABLES, {}, SHAPE_POLL_MS);

  const meter = useRef(new RateMeter()).current;
  const lags = useRef(new Map<string, GroupLag>()).current;
  const [, setTick] = useState(0);
  const [states, setStates] = useState(new Map<string, StatusEvent>());

  const status = useSubscription<StatusEvent>(CONNECTOR_STATUS_CHANGED, {}, {
    onEvent: (event) => setStates((previous) => new Map(previous).set(event.name, event)),
  });

  useEffect(() => {
    const at = topics.at ?? Date.now();
    for (const topic of topics.data?.topics.nodes ?? []) {
      meter.observe(`topic:${topic.name}`, topic.partitions.reduce((sum, partition) => sum + Number(partition.latestOffset), 0), at);
    }
  }, [topics.data, topics.at, meter]);

  const shapeKey = JSON.stringify([
    connectors.data?.connectors.map((c) => [c.name, c.type, c.lineage, c.config['errors.deadletterqueue.topic.name'], c.config['s3.bucket.name']]),
    topics.data?.topics.nodes.map((topic) => topic.name),
    groups.data?.consumerGroups.nodes.map((group) => group.groupId),
    pinot.data?.analyticsTables.map((table) => table.name),
  ]);
  const lineage = useMemo<Lineage>(
    () =>
      buildLineage({
        connectors: connectors.data?.connectors ?? [],
        topics: (topics.data?.topics.nodes ?? []).map((topic) => topic.name),
        groups: (groups.data?.consumerGroups.nodes ?? []).map((group) => group.groupId),
        pinotTables: (pinot.data?.analyticsTables ?? []).map((table) => table.name),
        enricher: config.enricher,
      }),
    // The shape only: rates and states change every second, the layout should not.
    [shapeKey, config.enricher],
  );
  const [layout, setLayout] = useState<Layout | undefined>();
  useEffect(() => {
    let current = true;
    layoutLineage(lineage).then((placed) => current && setLayout(placed), () => undefined);
    return () => void (current = false);
  }, [lineage]);

  const watchedGroups = [...new Set(lineage.nodes.map((node) => node.groupId).filter((id): id is string => Boolean(id)))].sort();
  const onLag = (lag: GroupLag) => {
    lags.set(lag.groupId, lag);
    const at = Date.parse(lag.at);
    const perTopic = new Map<string, number>();
    for (const partition of lag.partitions) perTopic.set(partition.topic, (perTopic.get(partition.topic) ?? 0) + Number(partition.committedOffset ?? 0));
    let total = 0;
    for (const [topic, committed] of perTopic) {
      meter.observe(`group:${lag.groupId}:${topic}`, committed, at);
      total += committed;
    }
    meter.observe(`group:${lag.groupId}`, total, at);
    setTick((value) => value + 1);
  };

  const connectorByName = new Map((connectors.data?.connectors ?? []).map((connector) => [connector.name, connector]));
  const factsOf = (node: LineageNode): NodeFacts => {
    const live = node.connector ? states.get(node.connector) : undefined;
    const fetched = node.connector ? connectorByName.get(node.connector) : undefined;
    const deadLetterTopic = [...lineage.deadLetterTopics].find(([, writer]) => writer === node.id)?.[0];
    return {
      connectorState: live ? live.state : fetched?.state,
      taskStates: (live?.tasks ?? fetched?.tasks ?? []).map((task) => task.state),
      lag: node.groupId ? numberOr(lags.get(node.groupId)?.totalLag) : undefined,
      deadLetterRate: deadLetterTopic ? meter.rate(`topic:${deadLetterTopic}`) : undefined,
    };
  };
  const rateOf = (edge: LineageEdge): number | undefined =>
    'topic' in edge.rate && !('group' in edge.rate) ? meter.rate(`topic:${edge.rate.topic}`) : meter.rate(edge.rate.topic ? `group:${edge.rate.group}:${edge.rate.topic}` : `group:${edge.rate.group}`);

  const errors = [...connectors.errors, ...topics.errors, ...groups.errors, ...pinot.errors, ...status.errors];
  return (
    <section className="page pipeline" data-page="pipeline" data-subscriptions={1 + watchedGroups.length}>
      <header className="page-head">
        <h1>Pipeline</h1>
        <p className="legend">
          <span className="health-ok">healthy</span> <span className="health-warn">lag &gt; {LAG_WARN} or dead letters</span> <span className="health-bad">failed</span>{' '}
          <span className="health-idle">paused / stopped</span> · edges: events/s · dashed: inferred from names
        </p>
      </header>
      {watchedGroups.map((groupId) => (
        <GroupLagWatcher key={groupId} groupId={groupId} onLag={onLag} />
      ))}
      <ErrorList errors={errors} />
      {layout ? <LineageSvg lineage={lineage} layout={layout} facts={factsOf} rate={rateOf} /> : <p className="loading">Laying out the pipeline…</p>}
    </section>
  );
}

function GroupLagWatcher({ groupId, onLag }: { groupId: string; onLag: (lag: GroupLag) => void }) {
  useSubscription<GroupLag>(GROUP_LAG, { groupId, intervalMs: 1_000 }, { onEvent: onLag });
  return null;
}

const KIND_LABELS: Record<string, string> = { topic: 'topic', source: 'source connector', sink: 'sink connector', worker: 'stream worker', postgres: 'Postgres table', pinot: 'Pinot table', s3: 'S3 prefix' };

function LineageSvg({ lineage, layout, facts, rate }: { lineage: Lineage; layout: Layout; facts: (node: LineageNode) => NodeFacts; rate: (edge: LineageEdge) => number | undefined }) {
  const pad = 12;
  const width = layout.width + pad * 2;
  const height = layout.height + pad * 2;
  return (
    <svg className="lineage" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="pipeline lineage graph">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b" />
        </marker>
      </defs>
      <g transform={`translate(${pad},${pad})`}>
        {lineage.edges.map((edge) => {
          const placed = layout.edges.get(edge.id);
          if (!placed || placed.points.length === 0) return null;
          const value = rate(edge);
          return (
            <g key={edge.id} className={`edge${edge.inferred ? ' inferred' : ''}${edge.deadLetters ? ' dead-letters' : ''}`} data-edge={edge.id} data-rate={value ?? ''}>
              <polyline points={placed.points.map((point) => `${point.x},${point.y}`).join(' ')} markerEnd="url(#arrow)" />
              <text x={placed.labelAt.x} y={placed.labelAt.y} textAnchor="middle" className="edge-label">
                {formatRate(value)}
              </text>
            </g>
          );
        })}
        {lineage.nodes.map((node) => {
          const placed = layout.nodes.get(node.id);
          if (!placed) return null;
          const nodeFacts = facts(node);
          const health = nodeHealth(node, nodeFacts);
          const detail = [nodeFacts.connectorState, nodeFacts.lag !== undefined ? `lag ${nodeFacts.lag}` : undefined].filter(Boolean).join(' · ') || KIND_LABELS[node.kind];
          return (
            <g key={node.id} className={`node kind-${node.kind} health-${health}`} data-node={node.id} data-kind={node.kind} data-health={health} data-state={nodeFacts.connectorState ?? ''} transform={`translate(${placed.x},${placed.y})`}>
              <title>{`${KIND_LABELS[node.kind]}: ${node.label}`}</title>
              <rect width={placed.width} height={placed.height} rx="6" />
              <text x="10" y="18" className="node-label">
                {node.label}
              </text>
              <text x="10" y="34" className="node-detail">
                {detail}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}

function numberOr(value: number | string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}
