/** What the connectors service returns: Connect's answers, normalised, with every secret already redacted. */

export const CONNECTOR_STATES = ['UNASSIGNED', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING'] as const;
export type ConnectorState = (typeof CONNECTOR_STATES)[number];
export type ConnectorKind = 'SOURCE' | 'SINK' | 'UNKNOWN';

export interface ConnectorTaskView {
  id: number;
  state: ConnectorState;
  workerId: string | null;
  /** Java stack trace of a FAILED task, secrets cut out */
  trace: string | null;
}

export interface LineageTable {
  schema: string | null;
  name: string;
}

export interface ConnectorLineage {
  /** topics a sink reads (configured list, or the active topics for topics.regex) */
  sourceTopics: string[];
  /** topics a source writes (kafka.topic / topic / active topics) */
  targetTopics: string[];
  /** tables a JDBC sink writes: table.name.format applied to each source topic */
  targetTables: LineageTable[];
  /** where an S3 sink writes: its bucket and, per topic, the prefix of that topic's objects */
  targetObjects: LineageObjects[];
  /** registry subjects its Schema Registry converters read (sinks) or write (sources), by TopicNameStrategy */
  schemaSubjects: LineageSubject[];
}

export interface LineageSubject {
  /** `<topic>-key` or `<topic>-value` */
  subject: string;
  topic: string;
  part: 'KEY' | 'VALUE';
  /** READ: a sink's converter decodes with it; WRITE: a source's converter registers or uses it */
  access: 'READ' | 'WRITE';
  /** the converter class, e.g. io.confluent.connect.avro.AvroConverter */
  converter: string;
}

export interface LineageObjects {
  bucket: string;
  prefix: string;
}

export interface ConnectorView {
  cluster: string;
  name: string;
  className: string | null;
  type: ConnectorKind;
  state: ConnectorState;
  workerId: string | null;
  trace: string | null;
  tasks: ConnectorTaskView[];
  /** redacted */
  config: Record<string, string>;
  lineage: ConnectorLineage;
  /** A mutation's answer: whether the connector reached what the mutation waits for in time. Null for queries. */
  settled: boolean | null;
}

export interface ConnectorOffsetView {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

export interface PluginView {
  className: string;
  type: string;
  version: string | null;
}

export interface ConfigDefinitionView {
  name: string;
  type: string;
  required: boolean;
  defaultValue: string | null;
  importance: string;
  documentation: string | null;
  group: string | null;
  orderInGroup: number | null;
  width: string | null;
  displayName: string | null;
  dependents: string[];
}

export interface ConfigFieldValidation {
  name: string;
  /** redacted */
  value: string | null;
  recommendedValues: string[];
  errors: string[];
  visible: boolean;
  definition: ConfigDefinitionView;
}

export interface ConfigValidationView {
  className: string;
  valid: boolean;
  errorCount: number;
  groups: string[];
  fields: ConfigFieldValidation[];
  /** only the fields with errors, for quick display */
  errors: Array<{ field: string; messages: string[] }>;
}

export interface ConnectorStatusEvent {
  cluster: string;
  name: string;
  /** null when the connector was deleted */
  state: ConnectorState | null;
  previousState: ConnectorState | null;
  tasks: ConnectorTaskView[];
  deleted: boolean;
  at: Date;
}
