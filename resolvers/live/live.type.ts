import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONScalar, LongScalar } from '../common/scalars';
import { ConsumerGroupPartitionOffset } from '../topics/topic.type';

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

  @Field(() => JSONScalar, { nullable: true, description: 'With format: JSON, the parsed value (null when the value is not JSON).' })
  valueJson: unknown;

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
