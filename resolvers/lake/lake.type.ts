import { Field, Float, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';
import { DateTimeScalar, JSONObjectScalar, LongScalar } from '../common/scalars';

@ObjectType({ simpleResolvers: true, description: 'An object an S3 sink wrote, with what its Confluent name tells (topic, Kafka partition, offsets).' })
export class SinkObject {
  @Field(() => String)
  bucket: string;

  @Field(() => String)
  key: string;

  @Field(() => Float, { description: 'Bytes.' })
  size: number;

  @Field(() => DateTimeScalar)
  lastModified: Date;

  @Field(() => String, { nullable: true })
  etag: string | null;

  @Field(() => String, { nullable: true, description: 'Topic from the object name; null for objects not named like a sink file.' })
  topic: string | null;

  @Field(() => Int, { nullable: true })
  kafkaPartition: number | null;

  @Field(() => String, { nullable: true, description: 'The encoded partition directory, e.g. partition=0 or year=2026/month=03/day=04/hour=10.' })
  encodedPartition: string | null;

  @Field(() => LongScalar, { nullable: true, description: 'Kafka offset of the first record (from the name).' })
  startOffset: number | null;

  @Field(() => LongScalar, {
    nullable: true,
    description:
      "Kafka offset of the last record: the next file of the same Kafka partition's start offset minus one; null for the newest file. " +
      'Exact for Default and time-based partitioners; an upper bound with FieldPartitioner or skipped records.',
  })
  endOffset: number | null;

  @Field(() => Int, { nullable: true, description: 'Records in the file, from the offset range (null when the range is open).' })
  recordCount: number | null;
}

@ObjectType({ simpleResolvers: true })
export class SinkObjectEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => SinkObject)
  node: SinkObject;
}

@ObjectType({ simpleResolvers: true, description: 'Objects in key order (Relay connection).' })
export class SinkObjectConnection {
  @Field(() => String, { description: 'The bucket listed.' })
  bucket: string;

  @Field(() => String, { description: 'The prefix listed (a connector: <topics.dir>/<topic>/).' })
  prefix: string;

  @Field(() => [SinkObjectEdge])
  edges: SinkObjectEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@ObjectType({ simpleResolvers: true })
export class PreviewColumn {
  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'Parquet: the DuckDB type read (BIGINT, VARCHAR, TIMESTAMP…); JSON: the JSON types seen (string, integer, number|null…).' })
  type: string;
}

@ObjectType({ simpleResolvers: true, description: 'The first rows of a Parquet or JSON-lines object.' })
export class SinkObjectPreview {
  @Field(() => String)
  bucket: string;

  @Field(() => String)
  key: string;

  @Field(() => String, { description: 'PARQUET or JSON.' })
  format: string;

  @Field(() => [PreviewColumn])
  columns: PreviewColumn[];

  @Field(() => [JSONObjectScalar], { description: 'Rows as objects; 64-bit integers beyond 2^53 are strings, timestamps ISO 8601 (UTC), bytes base64.' })
  rows: Array<Record<string, unknown>>;
}

@ObjectType({ simpleResolvers: true, description: 'Files written into one encoded partition during one hour.' })
export class PartitionHourFiles {
  @Field(() => String)
  partition: string;

  @Field(() => DateTimeScalar, { description: 'Start of the hour (UTC) the objects were last modified in.' })
  hour: Date;

  @Field(() => Int)
  files: number;

  @Field(() => Float)
  bytes: number;
}

@ObjectType({ simpleResolvers: true, description: 'A connector setting that decides file size, with its current value.' })
export class FileSizeSetting {
  @Field(() => String)
  key: string;

  @Field(() => String, { description: "The connector's value ('' or the default when unset)." })
  value: string;

  @Field(() => String)
  advice: string;
}

@ObjectType({ simpleResolvers: true, description: "An S3 sink's output seen as files: how many, how big, and whether they are too small." })
export class FileHealth {
  @Field(() => String)
  bucket: string;

  @Field(() => String)
  prefix: string;

  @Field(() => Int)
  objectCount: number;

  @Field(() => Float)
  totalBytes: number;

  @Field(() => Float, { nullable: true })
  medianFileBytes: number | null;

  @Field(() => Float, { nullable: true, description: '10th percentile of file sizes (nearest rank).' })
  p10FileBytes: number | null;

  @Field(() => Float, { nullable: true, description: 'Median records per file, where the offset range is known.' })
  medianRecordsPerFile: number | null;

  @Field(() => Float, { description: 'LAKE_SMALL_FILE_BYTES.' })
  smallFileThresholdBytes: number;

  @Field(() => Boolean, { description: 'The median file is smaller than the threshold: the small-files problem.' })
  smallFiles: boolean;

  @Field(() => [PartitionHourFiles])
  filesPerPartitionHour: PartitionHourFiles[];

  @Field(() => [FileSizeSetting], { description: 'When smallFiles: the settings to raise (flush.size, rotate.interval.ms, partition.duration.ms…).' })
  settings: FileSizeSetting[];

  @Field(() => Boolean, { description: 'Only the first LAKE_HEALTH_MAX_OBJECTS objects were read.' })
  truncated: boolean;
}
