import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';
import { DateTimeScalar, JSONObjectScalar } from '../common/scalars';

@ObjectType({ description: 'One control mutation: who did what to which target, with what input (secrets redacted), and how it ended.' })
export class AuditEntry {
  @Field(() => String)
  id: string;

  @Field(() => DateTimeScalar)
  at: Date;

  @Field(() => String, { description: 'API key name, JWT subject, or anonymous.' })
  callerId: string;

  @Field(() => String)
  callerRole: string;

  @Field(() => String, { description: 'The mutation, e.g. pauseConnector, createTopic.' })
  operation: string;

  @Field(() => String, { description: 'Topics: the topic (or group) name; connectors: connectors/<cluster>/<name>.' })
  target: string;

  @Field(() => JSONObjectScalar)
  input: Record<string, unknown>;

  @Field(() => String, { description: 'ok or error' })
  outcome: string;

  @Field(() => String, { nullable: true, description: 'The public error code when outcome is error.' })
  errorCode: string | null;

  @Field(() => Int)
  durationMs: number;
}

@ObjectType()
export class AuditEntryEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => AuditEntry)
  node: AuditEntry;
}

@ObjectType({ description: 'Audit entries, newest first (Relay connection).' })
export class AuditLogConnection {
  @Field(() => [AuditEntryEdge])
  edges: AuditEntryEdge[];

  @Field(() => [AuditEntry])
  nodes: AuditEntry[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
