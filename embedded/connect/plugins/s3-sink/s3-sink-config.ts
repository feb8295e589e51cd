import { ConfigDef, validators } from '../../config/config-def';
import { checkTimeZone, compilePathFormat } from './joda-path-format';
import { PARTITIONERS, TIME_BASED } from './partitioner';

/** io.confluent.connect.s3.S3SinkConnector's keys that shape what lands in the bucket, with Confluent's defaults. */
export interface S3SinkConfig {
  bucket: string;
  region: string;
  storeUrl: string | null;
  pathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  topicsDir: string;
  directoryDelim: string;
  fileDelim: string;
  format: 'parquet' | 'json' | 'avro';
  flushSize: number;
  rotateIntervalMs: number;
  rotateScheduleIntervalMs: number;
  partitionerClass: string;
  partitionFieldNames: string[];
  pathFormat: string;
  partitionDurationMs: number;
  locale: string;
  timezone: string;
  timestampExtractor: 'Record' | 'RecordField' | 'Wallclock';
  timestampField: string;
  partSize: number;
  parquetCodec: string;
  zeroPadWidth: number;
  partRetries: number;
  retryBackoffMs: number;
  behaviorOnNullValues: 'fail' | 'ignore';
}

export const FORMATS = {
  parquet: 'io.confluent.connect.s3.format.parquet.ParquetFormat',
  json: 'io.confluent.connect.s3.format.json.JsonFormat',
  avro: 'io.confluent.connect.s3.format.avro.AvroFormat',
  byteArray: 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
} as const;
export const S3_STORAGE = 'io.confluent.connect.s3.storage.S3Storage';
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** Parquet codec → DuckDB's COMPRESSION name and the extension parquet-mr's CompressionCodecName gives. */
export const PARQUET_CODECS: Record<string, { duckdb: string; extension: string }> = {
  none: { duckdb: 'uncompressed', extension: '' },
  snappy: { duckdb: 'snappy', extension: '.snappy' },
  gzip: { duckdb: 'gzip', extension: '.gz' },
  lz4: { duckdb: 'lz4', extension: '.lz4' },
  zstd: { duckdb: 'zstd', extension: '.zstd' },
  brotli: { duckdb: 'brotli', extension: '.br' },
};

const S3 = 'S3';
const STORAGE = 'Storage';
const CONNECTOR = 'Connector';
const PARTITIONER = 'Partitioner';

export const s3SinkConfigDef = new ConfigDef()
  .define({ name: 's3.bucket.name', type: 'STRING', importance: 'HIGH', documentation: 'The S3 Bucket.', group: S3, orderInGroup: 1, width: 'LONG', displayName: 'S3 Bucket', validator: validators.nonEmpty() })
  .define({ name: 's3.region', type: 'STRING', defaultValue: 'us-west-2', importance: 'MEDIUM', documentation: 'The AWS region to be used the connector.', group: S3, orderInGroup: 2, width: 'LONG', displayName: 'AWS region' })
  .define({ name: 's3.part.size', type: 'INT', defaultValue: String(25 * 1024 * 1024), importance: 'HIGH', documentation: 'The Part Size in S3 Multi-part Uploads.', group: S3, orderInGroup: 3, width: 'LONG', displayName: 'S3 Part Size', validator: (v) => (typeof v === 'number' && v < MIN_PART_SIZE ? `Part size must be at least: ${MIN_PART_SIZE} bytes (5MB)` : undefined) })
  .define({ name: 'aws.access.key.id', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'The AWS access key ID used to authenticate personal AWS credentials.', group: S3, orderInGroup: 4, width: 'LONG', displayName: 'AWS Access Key ID' })
  .define({ name: 'aws.secret.access.key', type: 'PASSWORD', defaultValue: '', importance: 'HIGH', documentation: 'The secret access key used to authenticate personal AWS credentials.', group: S3, orderInGroup: 5, width: 'LONG', displayName: 'AWS Secret Access Key' })
  .define({ name: 's3.path.style.access.enabled', type: 'BOOLEAN', defaultValue: 'true', importance: 'LOW', documentation: 'Specifies whether or not to enable path style access to the bucket used by the connector', group: S3, orderInGroup: 6, width: 'SHORT', displayName: 'Enable Path Style Access to S3' })
  .define({ name: 's3.part.retries', type: 'INT', defaultValue: '3', importance: 'MEDIUM', documentation: 'Maximum number of retry attempts for failed requests.', group: S3, orderInGroup: 7, width: 'LONG', displayName: 'S3 Part Upload Retries', validator: validators.atLeast(0) })
  .define({ name: 's3.retry.backoff.ms', type: 'LONG', defaultValue: '200', importance: 'LOW', documentation: 'How long to wait in milliseconds before attempting the first retry of a failed S3 request.', group: S3, orderInGroup: 8, width: 'SHORT', displayName: 'S3 retry backoff (ms)', validator: validators.atLeast(0) })
  .define({ name: 'parquet.codec', type: 'STRING', defaultValue: 'snappy', importance: 'LOW', documentation: 'The Parquet compression codec to be used for output files.', group: S3, orderInGroup: 9, width: 'LONG', displayName: 'Parquet Compression type', validator: validators.oneOf(Object.keys(PARQUET_CODECS)) })
  .define({ name: 'behavior.on.null.values', type: 'STRING', defaultValue: 'fail', importance: 'LOW', documentation: 'How to handle records with a null value (i.e. Kafka tombstone records).', group: S3, orderInGroup: 10, width: 'SHORT', displayName: 'Behavior for null-valued records', validator: validators.oneOf(['fail', 'ignore'], true) })
  .define({ name: 'store.url', type: 'STRING', defaultValue: null, importance: 'HIGH', documentation: 'Store\'s connection URL, if applicable.', group: STORAGE, orderInGroup: 1, width: 'NONE', displayName: 'Store URL' })
  .define({ name: 'storage.class', type: 'CLASS', importance: 'HIGH', documentation: 'The underlying storage layer.', group: STORAGE, orderInGroup: 2, width: 'NONE', displayName: 'Storage Class', validator: validators.oneOf([S3_STORAGE]) })
  .define({ name: 'topics.dir', type: 'STRING', defaultValue: 'topics', importance: 'HIGH', documentation: 'Top level directory to store the data ingested from Kafka.', group: STORAGE, orderInGroup: 3, width: 'NONE', displayName: 'Topics directory' })
  .define({ name: 'directory.delim', type: 'STRING', defaultValue: '/', importance: 'MEDIUM', documentation: 'Directory delimiter pattern', group: STORAGE, orderInGroup: 4, width: 'MEDIUM', displayName: 'Directory Delimiter' })
  .define({ name: 'file.delim', type: 'STRING', defaultValue: '+', importance: 'MEDIUM', documentation: 'File delimiter pattern', group: STORAGE, orderInGroup: 5, width: 'MEDIUM', displayName: 'File Delimiter' })
  .define({ name: 'format.class', type: 'CLASS', importance: 'HIGH', documentation: 'The format class to use when writing data to the store. This embedded sink writes ParquetFormat, JsonFormat and AvroFormat (codec null).', group: CONNECTOR, orderInGroup: 1, width: 'NONE', displayName: 'Format class', validator: validators.oneOf([FORMATS.parquet, FORMATS.json, FORMATS.avro]) })
  .define({ name: 'flush.size', type: 'INT', importance: 'HIGH', documentation: 'Number of records written to store before invoking file commits.', group: CONNECTOR, orderInGroup: 2, width: 'SHORT', displayName: 'Flush Size', validator: validators.atLeast(1) })
  .define({ name: 'rotate.interval.ms', type: 'LONG', defaultValue: '-1', importance: 'HIGH', documentation: 'The time interval in milliseconds to invoke file commits, measured with the partitioner\'s timestamp extractor (TimeBased partitioners only).', group: CONNECTOR, orderInGroup: 3, width: 'SHORT', displayName: 'Rotate Interval (ms)' })
  .define({ name: 'rotate.schedule.interval.ms', type: 'LONG', defaultValue: '-1', importance: 'MEDIUM', documentation: 'The time interval in milliseconds to periodically invoke file commits, on the wall clock, aligned to midnight in timezone.', group: CONNECTOR, orderInGroup: 4, width: 'SHORT', displayName: 'Scheduled Rotate Interval (ms)' })
  .define({ name: 'filename.offset.zero.pad.width', type: 'INT', defaultValue: '10', importance: 'LOW', documentation: 'Width to zero-pad offsets in store\'s filenames if offsets are too short in order to provide fixed-width filenames that can be ordered by simple lexicographic sorting.', group: CONNECTOR, orderInGroup: 5, width: 'SHORT', displayName: 'Filename Offset Zero Pad Width', validator: validators.atLeast(0) })
  .define({ name: 'partitioner.class', type: 'CLASS', defaultValue: PARTITIONERS.default, importance: 'HIGH', documentation: 'The partitioner to use when writing data to the store.', group: PARTITIONER, orderInGroup: 1, width: 'LONG', displayName: 'Partitioner Class', validator: validators.oneOf(Object.values(PARTITIONERS)) })
  .define({ name: 'partition.field.name', type: 'LIST', defaultValue: '', importance: 'MEDIUM', documentation: 'The name of the partitioning field when FieldPartitioner is used.', group: PARTITIONER, orderInGroup: 2, width: 'NONE', displayName: 'Partition Field Name' })
  .define({ name: 'partition.duration.ms', type: 'LONG', defaultValue: '-1', importance: 'MEDIUM', documentation: 'The duration of a partition milliseconds used by TimeBasedPartitioner.', group: PARTITIONER, orderInGroup: 3, width: 'LONG', displayName: 'Partition Duration (ms)' })
  .define({ name: 'path.format', type: 'STRING', defaultValue: '', importance: 'MEDIUM', documentation: "This configuration is used to set the format of the data directories when partitioning with TimeBasedPartitioner, e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH (Joda-Time).", group: PARTITIONER, orderInGroup: 4, width: 'LONG', displayName: 'Path Format' })
  .define({ name: 'locale', type: 'STRING', defaultValue: '', importance: 'MEDIUM', documentation: 'The locale to use when partitioning with TimeBasedPartitioner.', group: PARTITIONER, orderInGroup: 5, width: 'LONG', displayName: 'Locale' })
  .define({ name: 'timezone', type: 'STRING', defaultValue: '', importance: 'MEDIUM', documentation: 'The timezone to use when partitioning with TimeBasedPartitioner.', group: PARTITIONER, orderInGroup: 6, width: 'LONG', displayName: 'Timezone' })
  .define({ name: 'timestamp.extractor', type: 'STRING', defaultValue: 'Wallclock', importance: 'MEDIUM', documentation: 'The extractor that gets the timestamp for records when partitioning with TimeBasedPartitioner: Wallclock, Record or RecordField.', group: PARTITIONER, orderInGroup: 7, width: 'LONG', displayName: 'Timestamp Extractor', validator: validators.oneOf(['Wallclock', 'Record', 'RecordField']) })
  .define({ name: 'timestamp.field', type: 'STRING', defaultValue: 'timestamp', importance: 'MEDIUM', documentation: 'The record field to be used as timestamp by the timestamp extractor.', group: PARTITIONER, orderInGroup: 8, width: 'LONG', displayName: 'Record Field for Timestamp Extractor' });

const invalid = (value: string | undefined, key: string, why: string) => `Invalid value ${value ?? ''} for configuration ${key}: ${why}`;

/** Cross-key rules of the partitioners and rotation (ConfigExceptions naming the key). */
export function validateS3Sink(config: Record<string, string>): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  const add = (key: string, message: string) => errors.set(key, [...(errors.get(key) ?? []), message]);
  const partitioner = (config['partitioner.class'] ?? PARTITIONERS.default).trim();
  const timezone = (config.timezone ?? '').trim();
  if (timezone) {
    try {
      checkTimeZone(timezone);
    } catch {
      add('timezone', invalid(timezone, 'timezone', `The datetime zone id '${timezone}' is not recognised`));
    }
  }
  if (TIME_BASED.has(partitioner)) {
    if (!(config.locale ?? '').trim()) add('locale', invalid(config.locale, 'locale', 'Locale cannot be empty.'));
    if (!timezone) add('timezone', invalid(config.timezone, 'timezone', 'Timezone cannot be empty.'));
    if (partitioner === PARTITIONERS.timeBased) {
      const duration = Number(config['partition.duration.ms'] ?? '-1');
      if (!(duration > 0)) add('partition.duration.ms', invalid(config['partition.duration.ms'] ?? '-1', 'partition.duration.ms', 'Partition duration needs to be a positive.'));
      const pathFormat = config['path.format'] ?? '';
      if (!pathFormat.trim()) add('path.format', invalid(pathFormat, 'path.format', 'Path format cannot be empty.'));
      else {
        try {
          compilePathFormat(pathFormat);
        } catch (error) {
          add('path.format', invalid(pathFormat, 'path.format', (error as Error).message));
        }
      }
    }
    if ((config['timestamp.extractor'] ?? 'Wallclock') === 'RecordField' && !(config['timestamp.field'] ?? 'timestamp').trim()) {
      add('timestamp.field', invalid('', 'timestamp.field', 'timestamp.field cannot be empty with the RecordField extractor.'));
    }
  }
  if (partitioner === PARTITIONERS.field && (config['partition.field.name'] ?? '').trim() === '') {
    add('partition.field.name', invalid('', 'partition.field.name', 'FieldPartitioner requires at least one field name.'));
  }
  if (Number(config['rotate.schedule.interval.ms'] ?? '-1') > 0 && !timezone) {
    add('timezone', invalid(config.timezone, 'timezone', 'Timezone cannot be empty when using scheduled file rotation.'));
  }
  return errors;
}

export function parseS3SinkConfig(config: Record<string, string>): S3SinkConfig {
  const values = s3SinkConfigDef.parse(config);
  const str = (key: string) => String(values[key] ?? '');
  const num = (key: string) => Number(values[key]);
  return {
    bucket: str('s3.bucket.name'),
    region: str('s3.region'),
    storeUrl: (values['store.url'] as string | null) || null,
    pathStyle: values['s3.path.style.access.enabled'] === true,
    accessKeyId: str('aws.access.key.id'),
    secretAccessKey: str('aws.secret.access.key'),
    topicsDir: str('topics.dir'),
    directoryDelim: str('directory.delim'),
    fileDelim: str('file.delim'),
    format: str('format.class') === FORMATS.json ? 'json' : str('format.class') === FORMATS.avro ? 'avro' : 'parquet',
    flushSize: num('flush.size'),
    rotateIntervalMs: num('rotate.interval.ms'),
    rotateScheduleIntervalMs: num('rotate.schedule.interval.ms'),
    partitionerClass: str('partitioner.class'),
    partitionFieldNames: (values['partition.field.name'] as string[]) ?? [],
    pathFormat: str('path.format'),
    partitionDurationMs: num('partition.duration.ms'),
    locale: str('locale'),
    timezone: str('timezone') || 'UTC',
    timestampExtractor: str('timestamp.extractor') as S3SinkConfig['timestampExtractor'],
    timestampField: str('timestamp.field'),
    partSize: num('s3.part.size'),
    parquetCodec: str('parquet.codec'),
    zeroPadWidth: num('filename.offset.zero.pad.width'),
    partRetries: num('s3.part.retries'),
    retryBackoffMs: num('s3.retry.backoff.ms'),
    behaviorOnNullValues: str('behavior.on.null.values').toLowerCase() as S3SinkConfig['behaviorOnNullValues'],
  };
}
