/**
 * The Kafka operations pipegraph's services rely on, in plain data (64-bit offsets as decimal strings). Services are
 * unit-tested against fakes of these interfaces; the kafkajs implementations live next to this file.
 */
export interface PartitionMetadata {
  partition: number;
  leader: number;
  replicas: number[];
  inSyncReplicas: number[];
}

export interface TopicMetadata {
  name: string;
  partitions: PartitionMetadata[];
}

export interface PartitionOffsets {
  partition: number;
  /** First offset still in the log. */
  low: string;
  /** Offset the next record will get (log end offset). */
  high: string;
}

export type ConfigSourceName = 'TOPIC_OVERRIDE' | 'BROKER' | 'DEFAULT' | 'UNKNOWN';

export interface ConfigEntry {
  name: string;
  value: string | null;
  isDefault: boolean;
  source: ConfigSourceName;
  isSensitive: boolean;
  readOnly: boolean;
}

export interface NewTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Array<{ name: string; value: string }>;
}

export interface GroupListing {
  groupId: string;
  protocolType: string;
}

export interface GroupMemberDescription {
  memberId: string;
  clientId: string;
  clientHost: string;
  /** Decoded consumer-protocol assignment; empty when the group uses another protocol (e.g. Connect workers). */
  assignments: Array<{ topic: string; partitions: number[] }>;
}

export interface GroupDescription {
  groupId: string;
  /** Kafka's group state: Empty, Stable, PreparingRebalance, CompletingRebalance, Dead, Unknown. */
  state: string;
  protocolType: string;
  protocol: string;
  members: GroupMemberDescription[];
}

export interface CommittedOffsets {
  topic: string;
  /** offset "-1" means nothing committed for that partition. */
  partitions: Array<{ partition: number; offset: string }>;
}

export interface KafkaAdminPort {
  listTopics(): Promise<string[]>;
  /** NOT_FOUND when any of the topics does not exist. */
  describeTopics(names: string[]): Promise<TopicMetadata[]>;
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Per partition, the first offset whose timestamp is at or after `timestamp` (the log end when none is). */
  offsetsForTimestamp(topic: string, timestamp: number): Promise<Array<{ partition: number; offset: string }>>;
  topicConfigs(topic: string): Promise<ConfigEntry[]>;
  createTopic(topic: NewTopic): Promise<void>;
  /** Creates the topic unless it exists; true when it was created. */
  ensureTopic(topic: NewTopic): Promise<boolean>;
  deleteTopic(topic: string): Promise<void>;
  /** `totalCount` is the new total number of partitions (Kafka's CreatePartitions semantics). */
  createPartitions(topic: string, totalCount: number): Promise<void>;
  /** Replaces the topic's whole set of overrides (AlterConfigs is not incremental). */
  replaceTopicConfigs(topic: string, overrides: Array<{ name: string; value: string }>): Promise<void>;
  listGroups(): Promise<GroupListing[]>;
  describeGroups(groupIds: string[]): Promise<GroupDescription[]>;
  committedOffsets(groupId: string, topics: string[]): Promise<CommittedOffsets[]>;
  /** Commits explicit offsets for an empty group. */
  setCommittedOffsets(groupId: string, topic: string, partitions: Array<{ partition: number; offset: string }>): Promise<void>;
  deleteGroup(groupId: string): Promise<void>;
  /**
   * The oldest Kafka release ("major.minor") among the brokers, from their `inter.broker.protocol.version` (what a
   * rolling upgrade keeps at the old release until it finishes); null when no broker reports a parsable one.
   */
  brokerVersion(): Promise<string | null>;
  /** Cheap round trip used by readiness. */
  describeCluster(): Promise<{ brokers: number; controller: number | null; clusterId: string }>;
}

export interface OutgoingMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
  partition?: number;
  timestamp?: number;
}

export interface ProducedRecord {
  topic: string;
  partition: number;
  /** Offset of the first record of the request in that partition. */
  baseOffset: string;
}

export interface KafkaProducerPort {
  /** Resolves once every record is acknowledged by all in-sync replicas. */
  send(topic: string, messages: OutgoingMessage[]): Promise<ProducedRecord[]>;
  /** Several topics in one request, still acknowledged as a whole. */
  sendBatch(batches: Array<{ topic: string; messages: OutgoingMessage[] }>): Promise<ProducedRecord[]>;
}

/** One record as readers hand it to the live plane and the pipeline workers. */
export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}
