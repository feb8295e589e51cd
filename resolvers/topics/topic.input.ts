import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { DateTimeScalar, LongScalar } from '../common/scalars';

export enum OffsetResetTarget {
  EARLIEST = 'EARLIEST',
  LATEST = 'LATEST',
  TIMESTAMP = 'TIMESTAMP',
  OFFSET = 'OFFSET',
}
registerEnumType(OffsetResetTarget, {
  name: 'OffsetResetTarget',
  description: 'Where resetConsumerGroupOffsets moves the group: log start, log end, first record at/after a time, or explicit offsets.',
});

@InputType({ description: 'A topic-level config override; known keys only (retention.ms, cleanup.policy, …), typed values as strings.' })
export class TopicConfigInput {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true, description: 'In updateTopicConfigs, null removes the override.' })
  value: string | null;
}

@InputType()
export class CreateTopicInput {
  @Field(() => String, { description: '1–249 characters of [a-zA-Z0-9._-], not "." or "..", not starting with "__".' })
  name: string;

  @Field(() => Int, { nullable: true, defaultValue: 1 })
  partitions: number;

  @Field(() => Int, { nullable: true, defaultValue: 1 })
  replicationFactor: number;

  @Field(() => [TopicConfigInput], { nullable: true })
  configs: TopicConfigInput[] | null;
}

@InputType()
export class PartitionOffsetInput {
  @Field(() => Int)
  partition: number;

  @Field(() => LongScalar)
  offset: bigint;
}

@InputType()
export class ResetConsumerGroupOffsetsInput {
  @Field(() => String)
  groupId: string;

  @Field(() => String)
  topic: string;

  @Field(() => OffsetResetTarget)
  to: OffsetResetTarget;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Required with to: TIMESTAMP.' })
  timestamp: Date | null;

  @Field(() => [PartitionOffsetInput], { nullable: true, description: 'Required with to: OFFSET; partitions not listed keep their offset.' })
  offsets: PartitionOffsetInput[] | null;
}

@InputType()
export class MessageHeaderInput {
  @Field(() => String)
  key: string;

  @Field(() => String)
  value: string;
}

@InputType()
export class ProduceMessageInput {
  @Field(() => String)
  topic: string;

  @Field(() => String, { nullable: true, description: 'Records with the same key go to the same partition.' })
  key: string | null;

  @Field(() => String, { nullable: true, description: 'UTF-8 value; null produces a tombstone.' })
  value: string | null;

  @Field(() => [MessageHeaderInput], { nullable: true })
  headers: MessageHeaderInput[] | null;

  @Field(() => Int, { nullable: true, description: 'Explicit partition; default: by key hash, or spread when there is no key.' })
  partition: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Encode `value` (then JSON text) with this subject's schema in the Confluent wire format (Avro, Protobuf or JSON Schema).",
  })
  valueSchemaSubject: string | null;

  @Field(() => Int, { nullable: true, description: 'The version of valueSchemaSubject to encode with; default the latest.' })
  valueSchemaVersion: number | null;
}
