/** The operations the pipeline page runs; separate queries, so one backend down blanks only its part. */

export const PIPELINE_CONNECTORS = `query ConsolePipelineConnectors {
  connectors { name type className state config tasks { id state } lineage { sourceTopics targetTopics targetTables { schema name } } }
}`;

export const PIPELINE_TOPIC_OFFSETS = `query ConsolePipelineTopics {
  topics(first: 100) { nodes { name partitions { partition latestOffset } } }
}`;

export const PIPELINE_GROUPS = `query ConsolePipelineGroups {
  consumerGroups(first: 100) { nodes { groupId state } }
}`;

export const PIPELINE_PINOT_TABLES = `query ConsolePipelinePinotTables {
  analyticsTables { name }
}`;

export const CONNECTOR_STATUS_CHANGED = `subscription ConsoleConnectorStatus {
  connectorStatusChanged { name state deleted tasks { id state } at }
}`;

export const GROUP_LAG = `subscription ConsoleGroupLag($groupId: String!, $intervalMs: Int) {
  consumerGroupLag(groupId: $groupId, intervalMs: $intervalMs) { groupId state totalLag at partitions { topic partition committedOffset endOffset lag } }
}`;

export interface GroupLag {
  groupId: string;
  state: string;
  totalLag: number | string;
  at: string;
  partitions: Array<{ topic: string; partition: number; committedOffset: number | string | null; endOffset: number | string; lag: number | string | null }>;
}

export interface StatusEvent {
  name: string;
  state: string | null;
  deleted: boolean;
  tasks: Array<{ id: number; state: string }>;
  at: string;
}
