import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONObjectScalar, DateTimeScalar } from '../common/scalars';
import { SinkTable } from '../sinks/sink-table.type';

export enum ConnectorState {
  UNASSIGNED = 'UNASSIGNED',
  RUNNING = 'RUNNING',
  PAUSED = 'PAUSED',
  STOPPED = 'STOPPED',
  FAILED = 'FAILED',
  RESTARTING = 'RESTARTING',
}
registerEnumType(ConnectorState, { name: 'ConnectorState', description: 'Kafka Connect states; STOPPED needs Connect 3.5+, RESTARTING is transient.' });

export enum ConnectorType {
  SOURCE = 'SOURCE',
  SINK = 'SINK',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(ConnectorType, { name: 'ConnectorType' });

export enum PluginType {
  SOURCE = 'SOURCE',
  SINK = 'SINK',
  CONVERTER = 'CONVERTER',
  HEADER_CONVERTER = 'HEADER_CONVERTER',
  TRANSFORMATION = 'TRANSFORMATION',
  PREDICATE = 'PREDICATE',
}
registerEnumType(PluginType, { name: 'PluginType', description: 'Anything but SOURCE and SINK needs Connect 3.2+ to be listed.' });

@ObjectType({ description: 'One task of a connector.' })
export class ConnectorTask {
  @Field(() => Int)
  id: number;

  @Field(() => ConnectorState)
  state: ConnectorState;

  @Field(() => String, { nullable: true, description: 'host:port of the worker running it.' })
  workerId: string | null;

  @Field(() => String, { nullable: true, description: 'Stack trace of a FAILED task (secrets cut out).' })
  trace: string | null;
}

@ObjectType({ description: 'A table a JDBC sink connector writes.' })
export class LineageTable {
  @Field(() => String, { nullable: true, description: 'Schema from table.name.format; null means the connection\'s default schema.' })
  schema: string | null;

  @Field(() => String)
  name: string;

  /** resolved by ConnectorResolver through the sinks plane */
  sinkTable?: SinkTable | null;
}

@ObjectType({ description: 'Where an S3 sink writes one topic: a bucket and the prefix of its objects.' })
export class LineageObjects {
  @Field(() => String)
  bucket: string;

  @Field(() => String, { description: '<topics.dir>/<topic>/ — list it with sinkObjects(bucket, prefix).' })
  prefix: string;
}

export enum SchemaPart {
  KEY = 'KEY',
  VALUE = 'VALUE',
}
registerEnumType(SchemaPart, { name: 'SchemaPart', description: 'Which part of a record a subject describes.' });

export enum SubjectAccess {
  READ = 'READ',
  WRITE = 'WRITE',
}
registerEnumType(SubjectAccess, { name: 'SubjectAccess', description: 'READ: a sink decodes its topics with the subject; WRITE: a source registers or uses it.' });

@ObjectType({ description: 'A registry subject a connector\'s Schema Registry converter reads or writes (TopicNameStrategy: `<topic>-key` / `<topic>-value`).' })
export class LineageSubject {
  @Field(() => String)
  subject: string;

  @Field(() => String)
  topic: string;

  @Field(() => SchemaPart)
  part: SchemaPart;

  @Field(() => SubjectAccess)
  access: SubjectAccess;

  @Field(() => String, { description: 'key.converter / value.converter, e.g. io.confluent.connect.avro.AvroConverter' })
  converter: string;
}

@ObjectType({ description: 'Where a connector reads from and writes to.' })
export class ConnectorLineage {
  @Field(() => [String], { description: 'Topics a sink consumes (for topics.regex: the topics it is actively using).' })
  sourceTopics: string[];

  @Field(() => [String], { description: 'Topics a source produces to.' })
  targetTopics: string[];

  @Field(() => [LineageTable], { description: 'Tables a JDBC sink writes: table.name.format applied to each source topic.' })
  targetTables: LineageTable[];

  @Field(() => [LineageObjects], { description: 'Bucket and prefix an S3 sink writes, per source topic.' })
  targetObjects: LineageObjects[];

  @Field(() => [LineageSubject], {
    description:
      'Registry subjects its AvroConverter / ProtobufConverter / JsonSchemaConverter (set in the connector config, TopicNameStrategy) ' +
      'read for a sink\'s topics or write for a source\'s. latestSchema tells whether each is registered yet.',
  })
  schemaSubjects: LineageSubject[];
}

@ObjectType({ description: 'A Kafka Connect connector with its state, tasks and config (secrets redacted).' })
export class Connector {
  @Field(() => String, { description: 'The Connect cluster it lives on.' })
  cluster: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true, description: 'connector.class' })
  className: string | null;

  @Field(() => ConnectorType)
  type: ConnectorType;

  @Field(() => ConnectorState)
  state: ConnectorState;

  @Field(() => String, { nullable: true })
  workerId: string | null;

  @Field(() => String, { nullable: true, description: 'Stack trace when the connector itself FAILED.' })
  trace: string | null;

  @Field(() => [ConnectorTask])
  tasks: ConnectorTask[];

  @Field(() => JSONObjectScalar, { description: 'The config; values of keys naming a password, secret, token, credential or private key read "[REDACTED]".' })
  config: Record<string, string>;

  @Field(() => ConnectorLineage)
  lineage: ConnectorLineage;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'On a mutation\'s answer: true when the connector reached what the mutation waits for (the target state; after a config change, ' +
      'tasks running the new config) within CONNECT_LIFECYCLE_WAIT_MS, false when the wait ran out first. Null on queries.',
  })
  settled: boolean | null;
}

@ObjectType({ description: 'A source partition (or a sink\'s Kafka topic-partition) and the connector\'s position in it.' })
export class ConnectorOffset {
  @Field(() => JSONObjectScalar, { description: 'Sinks: {kafka_topic, kafka_partition}; sources: connector-defined.' })
  partition: Record<string, unknown>;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Sinks: {kafka_offset}; sources: connector-defined.' })
  offset: Record<string, unknown> | null;
}

@ObjectType()
export class ConnectorPlugin {
  @Field(() => String)
  className: string;

  @Field(() => PluginType)
  type: PluginType;

  @Field(() => String, { nullable: true })
  version: string | null;
}

@ObjectType({ description: 'One config key a plugin understands (Connect\'s ConfigDef).' })
export class ConfigDefinition {
  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'BOOLEAN, STRING, INT, SHORT, LONG, DOUBLE, LIST, CLASS or PASSWORD.' })
  type: string;

  @Field(() => Boolean)
  required: boolean;

  @Field(() => String, { nullable: true })
  defaultValue: string | null;

  @Field(() => String, { description: 'HIGH, MEDIUM or LOW.' })
  importance: string;

  @Field(() => String, { nullable: true })
  documentation: string | null;

  @Field(() => String, { nullable: true })
  group: string | null;

  @Field(() => Int, { nullable: true })
  orderInGroup: number | null;

  @Field(() => String, { nullable: true })
  width: string | null;

  @Field(() => String, { nullable: true })
  displayName: string | null;

  @Field(() => [String])
  dependents: string[];
}

@ObjectType({ description: 'Validation of one config key.' })
export class ConfigFieldValidation {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true, description: 'The value Connect saw (secrets redacted).' })
  value: string | null;

  @Field(() => [String])
  recommendedValues: string[];

  @Field(() => [String], { description: 'Empty when the value is fine.' })
  errors: string[];

  @Field(() => Boolean)
  visible: boolean;

  @Field(() => ConfigDefinition)
  definition: ConfigDefinition;
}

@ObjectType()
export class ConfigFieldErrors {
  @Field(() => String)
  field: string;

  @Field(() => [String])
  messages: string[];
}

@ObjectType({ description: 'Connect\'s verdict on a config, field by field.' })
export class ConfigValidation {
  @Field(() => String)
  className: string;

  @Field(() => Boolean)
  valid: boolean;

  @Field(() => Int)
  errorCount: number;

  @Field(() => [String])
  groups: string[];

  @Field(() => [ConfigFieldValidation], { description: 'Every key the plugin knows, with its value and errors.' })
  fields: ConfigFieldValidation[];

  @Field(() => [ConfigFieldErrors], { description: 'Only the keys with errors.' })
  errors: ConfigFieldErrors[];
}

@ObjectType()
export class ConnectorDeletion {
  @Field(() => String)
  cluster: string;

  @Field(() => String)
  name: string;

  @Field(() => Boolean)
  deleted: boolean;
}

@ObjectType({ description: 'The result of an offset change: Connect\'s message, the offsets now, and the (stopped) connector.' })
export class ConnectorOffsetsChange {
  @Field(() => Connector)
  connector: Connector;

  @Field(() => String)
  message: string;

  @Field(() => [ConnectorOffset])
  offsets: ConnectorOffset[];
}

@ObjectType({ description: 'A connector\'s state changed (its own or one of its tasks\'), or it was created or deleted.' })
export class ConnectorStatusEvent {
  @Field(() => String)
  cluster: string;

  @Field(() => String)
  name: string;

  @Field(() => ConnectorState, { nullable: true, description: 'null once deleted.' })
  state: ConnectorState | null;

  @Field(() => ConnectorState, { nullable: true, description: 'null for a connector first seen.' })
  previousState: ConnectorState | null;

  @Field(() => [ConnectorTask])
  tasks: ConnectorTask[];

  @Field(() => Boolean)
  deleted: boolean;

  @Field(() => DateTimeScalar, { description: 'When the poller saw the change.' })
  at: Date;
}

@ObjectType({ description: 'A configured Kafka Connect cluster.' })
export class ConnectCluster {
  @Field(() => String)
  name: string;

  @Field(() => Boolean, { description: 'Used when an operation names no cluster.' })
  isDefault: boolean;

  @Field(() => String, { nullable: true, description: 'Version from GET /; null when the cluster does not answer.' })
  version: string | null;

  @Field(() => String, { nullable: true })
  kafkaClusterId: string | null;
}
