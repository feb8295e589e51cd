/** Bodies of the Kafka Connect REST API (Apache Kafka 2.4 – 4.x), as Connect sends them. */

export type ConnectorStateName = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING';
export type ConnectorType = 'source' | 'sink' | 'unknown';
export type InitialState = 'RUNNING' | 'PAUSED' | 'STOPPED';

export interface ServerInfo {
  version: string;
  commit: string;
  kafka_cluster_id: string;
}

export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: Array<{ connector: string; task: number }>;
  type: ConnectorType;
}

export interface TaskStateInfo {
  id: number;
  state: ConnectorStateName;
  worker_id: string;
  trace?: string;
  /** KIP-891 (4.x) */
  version?: string;
}

export interface ConnectorStatus {
  name: string;
  connector: { state: ConnectorStateName; worker_id: string; trace?: string; version?: string };
  tasks: TaskStateInfo[];
  type: ConnectorType;
}

export interface TaskConfig {
  id: { connector: string; task: number };
  config: Record<string, string>;
}

export interface ExpandedConnector {
  status?: ConnectorStatus;
  info?: ConnectorInfo;
}

export interface PluginInfo {
  class: string;
  type: string;
  version?: string;
}

export interface ConfigKeyDefinition {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string | null;
  group: string | null;
  order_in_group?: number;
  order?: number;
  width: string;
  display_name: string;
  dependents: string[];
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

export interface ValidationResult {
  name: string;
  error_count: number;
  groups: string[];
  configs: Array<{ definition: ConfigKeyDefinition; value: ConfigValueInfo }>;
}

export interface ConnectorOffset {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

export interface ConnectorOffsets {
  offsets: ConnectorOffset[];
}

export interface ConnectErrorBody {
  error_code: number;
  message: string;
}
