import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';

export enum LivePosition {
  LATEST = 'LATEST',
  EARLIEST = 'EARLIEST',
}
registerEnumType(LivePosition, { name: 'LivePosition', description: 'LATEST: only new records. EARLIEST: everything still retained, then live.' });

export enum MessageFormat {
  JSON = 'JSON',
  STRING = 'STRING',
  BASE64 = 'BASE64',
}
registerEnumType(MessageFormat, { name: 'MessageFormat', description: 'How topicMessages renders keys, values and headers.' });

@InputType({ description: 'Where a live subscription starts: exactly one of position, timestamp or cursor (default: position LATEST).' })
export class LiveStartInput {
  @Field(() => LivePosition, { nullable: true })
  position: LivePosition | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'The first record at or after this time, per partition, then live.' })
  timestamp: Date | null;

  @Field(() => String, { nullable: true, description: 'A cursor received on this stream: every later record exactly once, in partition order.' })
  cursor: string | null;
}

@InputType({ description: 'Server-side filter, fields AND-ed.' })
export class EnrichedClickstreamWhereInput {
  @Field(() => Int, { nullable: true })
  userId: number | null;

  @Field(() => String, { nullable: true, description: 'mobile, desktop, tablet, tv' })
  deviceType: string | null;

  @Field(() => String, { nullable: true, description: 'news, sports, shopping, tech, travel, finance, video, social' })
  urlCategory: string | null;

  @Field(() => String, { nullable: true })
  urlPrefix: string | null;
}

@InputType()
export class HeaderMatchInput {
  @Field(() => String)
  key: string;

  @Field(() => String, { nullable: true, description: 'Omit to match any value of the header.' })
  value: string | null;
}

@InputType({ description: 'Server-side filter, fields AND-ed.' })
export class TopicMessagesWhereInput {
  @Field(() => String, { nullable: true, description: 'Exact record key (UTF-8).' })
  key: string | null;

  @Field(() => HeaderMatchInput, { nullable: true })
  header: HeaderMatchInput | null;
}
