import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONScalar, LongScalar } from '../common/scalars';
import { ConsumerGroupPartitionOffset } from '../topics/topic.type';

export enum PayloadFormat {
  AVRO = 'AVRO',
  PROTOBUF = 'PROTOBUF',
  JSON_SCHEMA = 'JSON_SCHEMA',
  JSON = 'JSON',
  STRING = 'STRING',
  BYTES = 'BYTES',
}
registerEnumType(PayloadFormat, {
  name: 'PayloadFormat',
  description: "A record value's format as detected: Confluent wire format (magic byte 0 + schema id) decoded through the schema registry as AVRO, PROTOBUF or JSON_SCHEMA; otherwise JSON, STRING (UTF-8 text) or BYTES.",
});

@ObjectType({ description: 'A clickstream event joined with its user, device and URL category, live from `enriched-clickstream`.' })
export class EnrichedClickEvent {
  @Field(() => DateTimeScalar)
  timestamp: Date;

  @Field(() => Int)
  userId: number;

  @Field(() => Int)
  deviceId: number;

  @Field(() => String)
  url: string;

  @Field(() => String, { nullable: true })
  userName: string | null;

  @Field(() => String, { nullable: true })
  deviceType: string | null;

  @Field(() => String, { nullable: true })
  urlCategory: string | null;

  @Field(() => Int)
  partition: number;

  @Field(() => LongScalar)
  offset: number;

  @Field(() => String, { description: 'Opaque resume point: pass it as from: { cursor } to continue right after this event, exactly once.' })
  cursor: string;
}

@ObjectType()
export class MessageHeader {
  @Field(() => String)
  key: string;

  @Field(() => String, { description: 'UTF-8 text, or base64 with format: BASE64.' })
  value: string;
}

@ObjectType({ description: 'One record of a topic tail.' })
export class TopicMessage {
  @Field(() => String)
  topic: string;

  @Field(() => Int)
  partition: number;

  @Field(() => LongScalar)
  offset: number;

  @Field(() => DateTimeScalar)
  timestamp: Date;

  @Field(() => String, { nullable: true, description: 'UTF-8 text, or base64 with format: BASE64.' })
  key: string | null;

  @Field(() => String, { nullable: true, description: 'UTF-8 text (JSON, STRING) or base64 (BASE64); null for a tombstone.' })
  value: string | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "With format: JSON, the parsed value, or a schema'd record's decoded value (64-bit integers beyond 2^53 as strings); null when neither.",
  })
  valueJson: unknown;

  @Field(() => PayloadFormat, { nullable: true, description: "The value's detected format (independent of the `format` argument, which only picks how `value` is rendered)." })
  format: PayloadFormat | null;

  @Field(() => Int, { nullable: true, description: 'Schema id of a Confluent wire-format value.' })
  schemaId: number | null;

  @Field(() => String, { nullable: true, description: 'Why a wire-format value could not be decoded (unknown schema id, registry down, bad payload); `value` is then the raw bytes in base64. The stream goes on.' })
  decodeError: string | null;

  @Field(() => [MessageHeader])
  headers: MessageHeader[];

  @Field(() => String, { description: 'Opaque resume point (see EnrichedClickEvent.cursor).' })
  cursor: string;
}

@ObjectType({ description: 'Lag of a consumer group at one moment.' })
export class ConsumerGroupLag {
  @Field(() => String)
  groupId: string;

  @Field(() => String)
  state: string;

  @Field(() => LongScalar)
  totalLag: string;

  @Field(() => [ConsumerGroupPartitionOffset])
  partitions: ConsumerGroupPartitionOffset[];

  @Field(() => DateTimeScalar, { description: 'When the offsets were read.' })
  at: Date;
}
