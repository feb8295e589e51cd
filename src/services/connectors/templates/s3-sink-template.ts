import {
  carriesSchema,
  checkConnectorName,
  checkTasksMax,
  converterConfig,
  errorHandlingConfig,
  FieldProblems,
  topicsConfig,
  type ConverterInput,
  type ErrorHandlingInput,
  type TopicsInput,
} from './template-errors';

export type S3Format = 'PARQUET' | 'JSON' | 'AVRO';
export type TimestampExtractor = 'RECORD' | 'RECORD_FIELD' | 'WALLCLOCK';

export interface S3SinkTemplateInput extends TopicsInput, ErrorHandlingInput {
  name: string;
  bucket: string;
  region: string;
  /** records per object before it is committed (flush.size) */
  flushSize: number;
  /** time-based rotation (rotate.interval.ms), by the partitioner's timestamps */
  rotateIntervalMs?: number | null;
  /** wall-clock rotation (rotate.schedule.interval.ms) */
  rotateScheduleIntervalMs?: number | null;
  format: S3Format;
  /** parquet.codec for PARQUET: snappy (default), gzip, zstd, none… */
  parquetCodec?: string | null;
  /** TimeBasedPartitioner: path.format (Joda), e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH */
  pathFormat: string;
  /** partition.duration.ms @default 3600000 */
  partitionDurationMs?: number | null;
  /** e.g. en-US */
  locale: string;
  /** IANA zone, e.g. UTC or Europe/Berlin */
  timezone: string;
  timestampExtractor?: TimestampExtractor | null;
  /** record field holding the timestamp, required with RECORD_FIELD */
  timestampField?: string | null;
  topicsDir?: string | null;
  /** for S3-compatible stores (MinIO): store.url */
  storeUrl?: string | null;
  awsAccessKeyId?: string | null;
  awsSecretAccessKey?: string | null;
  tasksMax?: number | null;
  keyConverter?: ConverterInput | null;
  valueConverter?: ConverterInput | null;
}

const FORMAT_CLASSES: Record<S3Format, string> = {
  PARQUET: 'io.confluent.connect.s3.format.parquet.ParquetFormat',
  JSON: 'io.confluent.connect.s3.format.json.JsonFormat',
  AVRO: 'io.confluent.connect.s3.format.avro.AvroFormat',
};

const EXTRACTORS: Record<TimestampExtractor, string> = { RECORD: 'Record', RECORD_FIELD: 'RecordField', WALLCLOCK: 'Wallclock' };
const PARQUET_CODECS = ['none', 'snappy', 'gzip', 'lzo', 'brotli', 'lz4', 'zstd'];

function validTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The exact io.confluent.connect.s3.S3SinkConnector config (S3Storage, TimeBasedPartitioner) for a validated input;
 * every problem names its input field (BAD_USER_INPUT).
 */
export function s3SinkConfig(input: S3SinkTemplateInput): Record<string, string> {
  const problems = new FieldProblems();
  checkConnectorName(input.name, problems);
  const { config: topics, topics: topicList } = topicsConfig(input, problems);
  // S3 bucket naming rules: 3–63 characters, lower-case letters, digits, dots and hyphens, starting and ending alphanumeric.
  problems.check(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(input.bucket) && !/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(input.bucket), 'input.bucket', 'not a valid S3 bucket name (3–63 lower-case letters, digits, dots, hyphens)');
  problems.check(/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(input.region), 'input.region', 'not an AWS region such as us-east-1 or eu-central-1');
  problems.check(Number.isInteger(input.flushSize) && input.flushSize >= 1, 'input.flushSize', 'must be a positive number of records');
  if (input.rotateIntervalMs != null) problems.check(Number.isInteger(input.rotateIntervalMs) && input.rotateIntervalMs >= 1, 'input.rotateIntervalMs', 'must be positive');
  if (input.rotateScheduleIntervalMs != null) problems.check(Number.isInteger(input.rotateScheduleIntervalMs) && input.rotateScheduleIntervalMs >= 1, 'input.rotateScheduleIntervalMs', 'must be positive');
  if (input.format === 'PARQUET' || input.format === 'AVRO') {
    problems.check(input.valueConverter == null || carriesSchema(input.valueConverter.kind), 'input.valueConverter', `${input.format} files need records with schemas; use JSON, AVRO, PROTOBUF or JSON_SCHEMA values`);
  }
  if (input.parquetCodec != null) {
    problems.check(input.format === 'PARQUET', 'input.parquetCodec', 'only applies to PARQUET');
    problems.check(PARQUET_CODECS.includes(input.parquetCodec), 'input.parquetCodec', `one of ${PARQUET_CODECS.join(', ')}`);
  }
  problems.check(/[YyMdHhmsw]/.test(input.pathFormat.replace(/'[^']*'/g, '')), 'input.pathFormat', "needs date-time pattern letters, e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH");
  const partitionDurationMs = input.partitionDurationMs ?? 3_600_000;
  problems.check(Number.isInteger(partitionDurationMs) && partitionDurationMs >= 1, 'input.partitionDurationMs', 'must be positive');
  problems.check(/^[a-z]{2,3}([-_][A-Z]{2})?$/.test(input.locale), 'input.locale', 'a locale such as en-US or de_DE');
  problems.check(validTimezone(input.timezone), 'input.timezone', 'not an IANA time zone such as UTC or Europe/Berlin');
  const extractor = input.timestampExtractor ?? 'RECORD';
  if (extractor === 'RECORD_FIELD') problems.check(!!input.timestampField, 'input.timestampField', 'required with timestampExtractor RECORD_FIELD');
  else problems.check(!input.timestampField, 'input.timestampField', 'only applies with timestampExtractor RECORD_FIELD');
  if (input.storeUrl != null) problems.check(/^https?:\/\//.test(input.storeUrl), 'input.storeUrl', 'must be an http(s) URL');
  problems.check(!!input.awsAccessKeyId === !!input.awsSecretAccessKey, input.awsAccessKeyId ? 'input.awsSecretAccessKey' : 'input.awsAccessKeyId', 'give both awsAccessKeyId and awsSecretAccessKey, or neither (then the worker\'s AWS credentials apply)');
  const tasksMax = checkTasksMax(input.tasksMax, problems);
  const errors = errorHandlingConfig(input, topicList, problems);
  const keyConverter = converterConfig('key.converter', input.keyConverter, 'input.keyConverter', problems);
  const valueConverter = converterConfig('value.converter', input.valueConverter, 'input.valueConverter', problems);
  problems.throwIfAny();

  return {
    'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
    'tasks.max': tasksMax,
    ...topics,
    's3.bucket.name': input.bucket,
    's3.region': input.region,
    'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
    'format.class': FORMAT_CLASSES[input.format],
    ...(input.parquetCodec ? { 'parquet.codec': input.parquetCodec } : {}),
    'flush.size': String(input.flushSize),
    ...(input.rotateIntervalMs != null ? { 'rotate.interval.ms': String(input.rotateIntervalMs) } : {}),
    ...(input.rotateScheduleIntervalMs != null ? { 'rotate.schedule.interval.ms': String(input.rotateScheduleIntervalMs) } : {}),
    'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
    'path.format': input.pathFormat,
    'partition.duration.ms': String(partitionDurationMs),
    locale: input.locale,
    timezone: input.timezone,
    'timestamp.extractor': EXTRACTORS[extractor],
    ...(input.timestampField ? { 'timestamp.field': input.timestampField } : {}),
    ...(input.topicsDir ? { 'topics.dir': input.topicsDir } : {}),
    ...(input.storeUrl ? { 'store.url': input.storeUrl } : {}),
    ...(input.awsAccessKeyId ? { 'aws.access.key.id': input.awsAccessKeyId, 'aws.secret.access.key': input.awsSecretAccessKey! } : {}),
    ...errors,
    ...keyConverter,
    ...valueConverter,
  };
}
