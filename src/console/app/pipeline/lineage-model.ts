/**
 * The lineage graph as data: which topics, connectors, workers and tables exist, and what flows between them. Built
 * only from what the public API returns (connectors with lineage and config, topics, consumer groups, analytics
 * tables), plus the enricher's topics the page config names. Pure, so the layout runs only when the shape changes.
 */

export type NodeKind = 'topic' | 'source' | 'sink' | 'worker' | 'postgres' | 'pinot' | 's3';
export type Health = 'ok' | 'idle' | 'warn' | 'bad' | 'unknown';

export interface LineageNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** The consumer group whose lag and rate describe this node (sinks, the enricher). */
  groupId?: string;
  /** The connector this node is (connector nodes). */
  connector?: string;
}

export interface LineageEdge {
  id: string;
  from: string;
  to: string;
  /** How its throughput is measured: the produce rate of a topic, or a group's consume rate on a topic. */
  rate: { topic: string } | { group: string; topic?: string };
  /** Not stated by the API (a Pinot table matched to a topic by name). */
  inferred?: boolean;
  /** Carries dead letters. */
  deadLetters?: boolean;
}

export interface ConnectorInput {
  name: string;
  type: string;
  className?: string | null;
  config: Record<string, unknown>;
  lineage: { sourceTopics: string[]; targetTopics: string[]; targetTables: Array<{ schema?: string | null; name: string }> };
}

export interface LineageInput {
  connectors: ConnectorInput[];
  topics: string[];
  groups: string[];
  pinotTables: string[];
  enricher?: { groupId: string; sourceTopic: string; targetTopic: string; dlqTopic: string };
}

export interface Lineage {
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** Dead-letter topics, whose produce rate counts against the node writing them. */
  deadLetterTopics: Map<string, string>;
}

export const topicId = (name: string) => `topic:${name}`;

/** Kafka Connect's default consumer group for a sink connector. */
export function sinkGroupId(connector: ConnectorInput): string {
  const override = connector.config['consumer.override.group.id'];
  return typeof override === 'string' && override ? override : `connect-${connector.name}`;
}

export function buildLineage(input: LineageInput): Lineage {
  const nodes = new Map<string, LineageNode>();
  const edges = new Map<string, LineageEdge>();
  const deadLetterTopics = new Map<string, string>();
  const groups = new Set(input.groups);
  const addNode = (node: LineageNode) => void (nodes.has(node.id) || nodes.set(node.id, node));
  const addTopic = (name: string) => addNode({ id: topicId(name), kind: 'topic', label: name });
  const addEdge = (edge: Omit<LineageEdge, 'id'>) => {
    const id = `${edge.from}->${edge.to}`;
    if (!edges.has(id)) edges.set(id, { id, ...edge });
  };

  for (const topic of input.topics) addTopic(topic);

  for (const connector of input.connectors) {
    const id = `connector:${connector.name}`;
    const sink = connector.type === 'SINK';
    const groupId = sink ? sinkGroupId(connector) : undefined;
    addNode({ id, kind: sink ? 'sink' : 'source', label: connector.name, connector: connector.name, groupId: groupId && groups.has(groupId) ? groupId : undefined });
    for (const topic of connector.lineage.targetTopics) {
      addTopic(topic);
      addEdge({ from: id, to: topicId(topic), rate: { topic } });
    }
    for (const topic of connector.lineage.sourceTopics) {
      addTopic(topic);
      addEdge({ from: topicId(topic), to: id, rate: { group: groupId!, topic } });
    }
    for (const table of connector.lineage.targetTables) {
      const name = table.schema ? `${table.schema}.${table.name}` : table.name;
      addNode({ id: `postgres:${name}`, kind: 'postgres', label: name });
      addEdge({ from: id, to: `postgres:${name}`, rate: { group: groupId! } });
    }
    const prefix = s3Prefix(connector);
    if (prefix) {
      addNode({ id: `s3:${prefix}`, kind: 's3', label: prefix });
      addEdge({ from: id, to: `s3:${prefix}`, rate: { group: groupId! } });
    }
    const dlq = connector.config['errors.deadletterqueue.topic.name'];
    if (sink && typeof dlq === 'string' && dlq) {
      addTopic(dlq);
      deadLetterTopics.set(dlq, id);
      addEdge({ from: id, to: topicId(dlq), rate: { topic: dlq }, deadLetters: true });
    }
  }

  // Drawn while its consumer group exists: the enricher may run in the server or as processes of its own.
  if (input.enricher && groups.has(input.enricher.groupId)) {
    const { groupId, sourceTopic, targetTopic, dlqTopic } = input.enricher;
    const id = 'worker:enricher';
    addNode({ id, kind: 'worker', label: 'enricher', groupId });
    for (const topic of [sourceTopic, targetTopic, dlqTopic]) addTopic(topic);
    addEdge({ from: topicId(sourceTopic), to: id, rate: { group: groupId, topic: sourceTopic } });
    addEdge({ from: id, to: topicId(targetTopic), rate: { topic: targetTopic } });
    addEdge({ from: id, to: topicId(dlqTopic), rate: { topic: dlqTopic }, deadLetters: true });
    deadLetterTopics.set(dlqTopic, id);
  }

  for (const table of input.pinotTables) {
    const topic = input.topics.find((candidate) => sameWords(candidate, table));
    addNode({ id: `pinot:${table}`, kind: 'pinot', label: table });
    if (topic) addEdge({ from: topicId(topic), to: `pinot:${table}`, rate: { topic }, inferred: true });
  }

  // A topic nothing reads or writes (Connect's own config/offset/status topics, scratch topics) is not lineage.
  const linked = new Set([...edges.values()].flatMap((edge) => [edge.from, edge.to]));
  const shown = [...nodes.values()].filter((node) => node.kind !== 'topic' || linked.has(node.id));
  return { nodes: shown, edges: [...edges.values()], deadLetterTopics };
}

/** s3://bucket/<topics.dir>/ of an S3 sink, from its config (the API has no object listing yet). */
function s3Prefix(connector: ConnectorInput): string | undefined {
  const bucket = connector.config['s3.bucket.name'];
  if (connector.type !== 'SINK' || typeof bucket !== 'string' || !bucket) return undefined;
  const dir = typeof connector.config['topics.dir'] === 'string' ? (connector.config['topics.dir'] as string) : 'topics';
  return `s3://${bucket}/${dir.replace(/^\/+|\/+$/g, '')}/`;
}

/** Pinot's real-time tables do not expose their stream config through the API: match "clickstream_enriched" to "enriched-clickstream". */
function sameWords(topic: string, table: string): boolean {
  const words = (name: string) => name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).sort().join(' ');
  return words(topic) === words(table);
}
