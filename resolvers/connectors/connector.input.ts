import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { JSONObjectScalar } from '../common/scalars';

export enum ConnectorInitialState {
  RUNNING = 'RUNNING',
  PAUSED = 'PAUSED',
  STOPPED = 'STOPPED',
}
registerEnumType(ConnectorInitialState, { name: 'ConnectorInitialState', description: 'PAUSED and STOPPED need Connect 3.7+ (KIP-980).' });

export enum ConfigUpdateMode {
  REPLACE = 'REPLACE',
  MERGE = 'MERGE',
}
registerEnumType(ConfigUpdateMode, { name: 'ConfigUpdateMode', description: 'REPLACE writes the whole config; MERGE changes the given keys (null removes one).' });

export enum JdbcInsertMode {
  INSERT = 'INSERT',
  UPSERT = 'UPSERT',
  UPDATE = 'UPDATE',
}
registerEnumType(JdbcInsertMode, { name: 'JdbcInsertMode' });

export enum JdbcPkMode {
  NONE = 'NONE',
  KAFKA = 'KAFKA',
  RECORD_KEY = 'RECORD_KEY',
  RECORD_VALUE = 'RECORD_VALUE',
}
registerEnumType(JdbcPkMode, { name: 'JdbcPkMode' });

export enum ErrorTolerance {
  NONE = 'NONE',
  ALL = 'ALL',
}
registerEnumType(ErrorTolerance, { name: 'ErrorTolerance', description: 'NONE fails the task on the first bad record; ALL skips it (to the dead-letter topic when set).' });

export enum ConverterKind {
  JSON = 'JSON',
  JSON_SCHEMALESS = 'JSON_SCHEMALESS',
  STRING = 'STRING',
  BYTES = 'BYTES',
  AVRO = 'AVRO',
  PROTOBUF = 'PROTOBUF',
  JSON_SCHEMA = 'JSON_SCHEMA',
}
registerEnumType(ConverterKind, { name: 'ConverterKind', description: 'JSON carries schemas (schemas.enable=true); AVRO, PROTOBUF and JSON_SCHEMA need a Schema Registry.' });

export enum S3Format {
  PARQUET = 'PARQUET',
  JSON = 'JSON',
  AVRO = 'AVRO',
}
registerEnumType(S3Format, { name: 'S3Format' });

export enum TimestampExtractor {
  RECORD = 'RECORD',
  RECORD_FIELD = 'RECORD_FIELD',
  WALLCLOCK = 'WALLCLOCK',
}
registerEnumType(TimestampExtractor, { name: 'TimestampExtractor' });

@InputType()
export class ConnectorOffsetInput {
  @Field(() => JSONObjectScalar, { description: 'Sinks: {kafka_topic, kafka_partition}; sources: as the connector reports it.' })
  partition: Record<string, unknown>;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Sinks: {kafka_offset}; null resets this partition.' })
  offset: Record<string, unknown> | null;
}

@InputType()
export class ConverterInput {
  @Field(() => ConverterKind)
  kind: ConverterKind;

  @Field(() => String, { nullable: true, description: 'Required for AVRO, PROTOBUF and JSON_SCHEMA.' })
  schemaRegistryUrl?: string | null;
}

// Shared fields of the sink templates; only the subclasses appear in the schema.
@InputType()
abstract class SinkCommonInput {
  @Field(() => String)
  name: string;

  @Field(() => [String], { nullable: true, description: 'Topics to consume; or topicsRegex.' })
  topics?: string[] | null;

  @Field(() => String, { nullable: true })
  topicsRegex?: string | null;

  @Field(() => Int, { nullable: true, description: 'tasks.max, default 1.' })
  tasksMax?: number | null;

  @Field(() => ErrorTolerance, { nullable: true, description: 'Default NONE.' })
  errorsTolerance?: ErrorTolerance | null;

  @Field(() => String, { nullable: true, description: 'Dead-letter topic for records that fail (needs errorsTolerance ALL).' })
  deadLetterTopic?: string | null;

  @Field(() => Int, { nullable: true })
  deadLetterTopicReplicationFactor?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Add __connect.errors.* headers to dead-letter records.' })
  deadLetterContextHeaders?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'errors.log.enable' })
  logErrors?: boolean | null;

  @Field(() => ConverterInput, { nullable: true, description: 'Default: the worker\'s key.converter.' })
  keyConverter?: ConverterInput | null;

  @Field(() => ConverterInput, { nullable: true, description: 'Default: the worker\'s value.converter.' })
  valueConverter?: ConverterInput | null;
}

@InputType({ description: 'A Confluent JDBC sink (io.confluent.connect.jdbc.JdbcSinkConnector).' })
export class JdbcSinkConnectorInput extends SinkCommonInput {
  @Field(() => String, { description: 'jdbc:postgresql://host:5432/database (no password in the URL).' })
  connectionUrl: string;

  @Field(() => String, { nullable: true })
  connectionUser?: string | null;

  @Field(() => String, { nullable: true, description: 'Stored in Connect; never returned, logged or audited.' })
  connectionPassword?: string | null;

  @Field(() => JdbcInsertMode, { nullable: true, description: 'Default INSERT.' })
  insertMode?: JdbcInsertMode | null;

  @Field(() => JdbcPkMode, { nullable: true, description: 'Default NONE.' })
  pkMode?: JdbcPkMode | null;

  @Field(() => [String], { nullable: true })
  pkFields?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  autoCreate?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  autoEvolve?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Default ${topic}.' })
  tableNameFormat?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Tombstones delete rows (needs pkMode RECORD_KEY).' })
  deleteEnabled?: boolean | null;

  @Field(() => Int, { nullable: true })
  batchSize?: number | null;
}

@InputType({ description: 'A Confluent S3 sink (io.confluent.connect.s3.S3SinkConnector) with the TimeBasedPartitioner.' })
export class S3SinkConnectorInput extends SinkCommonInput {
  @Field(() => String)
  bucket: string;

  @Field(() => String, { description: 'e.g. eu-central-1' })
  region: string;

  @Field(() => Int, { description: 'Records per object (flush.size).' })
  flushSize: number;

  @Field(() => Int, { nullable: true, description: 'rotate.interval.ms' })
  rotateIntervalMs?: number | null;

  @Field(() => Int, { nullable: true, description: 'rotate.schedule.interval.ms (wall clock)' })
  rotateScheduleIntervalMs?: number | null;

  @Field(() => S3Format)
  format: S3Format;

  @Field(() => String, { nullable: true, description: 'PARQUET only: snappy, gzip, zstd, none…' })
  parquetCodec?: string | null;

  @Field(() => String, { description: "Joda path format, e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH" })
  pathFormat: string;

  @Field(() => Int, { nullable: true, description: 'partition.duration.ms, default 3600000.' })
  partitionDurationMs?: number | null;

  @Field(() => String, { description: 'e.g. en-US' })
  locale: string;

  @Field(() => String, { description: 'IANA zone, e.g. UTC' })
  timezone: string;

  @Field(() => TimestampExtractor, { nullable: true, description: 'Default RECORD.' })
  timestampExtractor?: TimestampExtractor | null;

  @Field(() => String, { nullable: true, description: 'With RECORD_FIELD: the field holding the timestamp.' })
  timestampField?: string | null;

  @Field(() => String, { nullable: true })
  topicsDir?: string | null;

  @Field(() => String, { nullable: true, description: 'S3-compatible endpoint (MinIO…).' })
  storeUrl?: string | null;

  @Field(() => String, { nullable: true })
  awsAccessKeyId?: string | null;

  @Field(() => String, { nullable: true, description: 'Never returned, logged or audited.' })
  awsSecretAccessKey?: string | null;
}
