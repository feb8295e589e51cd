import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';
import { DateTimeScalar, LongScalar } from '../common/scalars';

@ObjectType({ description: 'A Kafka topic. Partitions, configs and readers are fetched only when selected.' })
export class Topic {
  @Field(() => String)
  name: string;

  @Field(() => Boolean, { description: 'Kafka-internal topic (name starts with "__").' })
  internal: boolean;

  @Field(() => Int)
  partitionCount: number;

  @Field(() => Int)
  replicationFactor: number;
}

@ObjectType()
export class TopicPartition {
  @Field(() => Int)
  partition: number;

  @Field(() => Int, { description: 'Broker id of the leader; -1 when none.' })
  leader: number;

  @Field(() => [Int])
  replicas: number[];

  @Field(() => [Int])
  inSyncReplicas: number[];

  @Field(() => LongScalar, { description: 'First offset still in the log.' })
  earliestOffset: string;

  @Field(() => LongScalar, { description: 'Offset the next record will get (log end offset).' })
  latestOffset: string;

  @Field(() => LongScalar, { description: 'latestOffset − earliestOffset (an upper bound with compaction or transactions).' })
  messageCount: string;
}

@ObjectType()
export class TopicConfigEntry {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true, description: 'null for sensitive entries.' })
  value: string | null;

  @Field(() => Boolean, { description: 'True when the broker default applies (no override on the topic).' })
  isDefault: boolean;

  @Field(() => String, { description: 'TOPIC_OVERRIDE, BROKER, DEFAULT or UNKNOWN.' })
  source: string;

  @Field(() => Boolean)
  isSensitive: boolean;

  @Field(() => Boolean)
  readOnly: boolean;
}

@ObjectType()
export class TopicEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => Topic)
  node: Topic;
}

@ObjectType()
export class TopicConnection {
  @Field(() => [TopicEdge])
  edges: TopicEdge[];

  @Field(() => [Topic])
  nodes: Topic[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@ObjectType()
export class TopicDeletion {
  @Field(() => String)
  name: string;

  @Field(() => Boolean)
  deleted: boolean;
}

@ObjectType({ description: 'Where produceMessage put the record.' })
export class ProducedMessage {
  @Field(() => String)
  topic: string;

  @Field(() => Int)
  partition: number;

  @Field(() => LongScalar)
  offset: string;

  @Field(() => Int, { nullable: true, description: 'The schema id the value was encoded with (valueSchemaSubject).' })
  schemaId: number | null;
}

@ObjectType()
export class TopicPartitions {
  @Field(() => String)
  topic: string;

  @Field(() => [Int])
  partitions: number[];
}

@ObjectType()
export class ConsumerGroupMember {
  @Field(() => String)
  memberId: string;

  @Field(() => String)
  clientId: string;

  @Field(() => String)
  clientHost: string;

  @Field(() => [TopicPartitions], { description: 'Decoded for consumer-protocol groups; empty for others (e.g. Connect workers).' })
  assignments: TopicPartitions[];
}

@ObjectType({ description: 'Committed offset, log end and lag of one partition for one group.' })
export class ConsumerGroupPartitionOffset {
  @Field(() => String)
  topic: string;

  @Field(() => Int)
  partition: number;

  @Field(() => LongScalar, { nullable: true, description: 'null when the group has committed nothing here.' })
  committedOffset: string | null;

  @Field(() => LongScalar)
  endOffset: string;

  @Field(() => LongScalar, { nullable: true, description: 'endOffset − committedOffset; null without a committed offset.' })
  lag: string | null;
}

@ObjectType()
export class ConsumerGroupSummary {
  @Field(() => String)
  groupId: string;

  @Field(() => String, { description: 'Empty, Stable, PreparingRebalance, CompletingRebalance, Dead or Unknown.' })
  state: string;

  @Field(() => String, { description: '"consumer" for consumer groups, "connect" for Connect workers.' })
  protocolType: string;

  @Field(() => Int)
  memberCount: number;
}

@ObjectType()
export class ConsumerGroup {
  @Field(() => String)
  groupId: string;

  @Field(() => String)
  state: string;

  @Field(() => String)
  protocolType: string;

  @Field(() => String, { description: 'Assignor in use (range, roundrobin…); empty when the group has no members.' })
  protocol: string;

  @Field(() => [ConsumerGroupMember])
  members: ConsumerGroupMember[];

  @Field(() => [ConsumerGroupPartitionOffset])
  offsets: ConsumerGroupPartitionOffset[];

  @Field(() => LongScalar, { description: 'Sum of the known partition lags.' })
  totalLag: string;
}

@ObjectType()
export class ConsumerGroupEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => ConsumerGroupSummary)
  node: ConsumerGroupSummary;
}

@ObjectType()
export class ConsumerGroupConnection {
  @Field(() => [ConsumerGroupEdge])
  edges: ConsumerGroupEdge[];

  @Field(() => [ConsumerGroupSummary])
  nodes: ConsumerGroupSummary[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@ObjectType()
export class ConsumerGroupDeletion {
  @Field(() => String)
  groupId: string;

  @Field(() => Boolean)
  deleted: boolean;
}

// Re-exported for inputs that take a point in time.
export { DateTimeScalar };
