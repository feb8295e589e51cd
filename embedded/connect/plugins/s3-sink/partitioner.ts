import { DataException, LOGICAL } from '../../data/schema';
import type { SinkRecord } from '../../data/record';
import { compilePathFormat, zoneOffsetMs } from './joda-path-format';
import type { S3SinkConfig } from './s3-sink-config';

/**
 * Confluent's storage partitioners: where in the bucket a record goes (its "encoded partition"), and, for the
 * time-based family, the timestamp that drives rotate.interval.ms.
 */
export interface Partitioner {
  encodePartition(record: SinkRecord, now: number): string;
  /** the extractor's timestamp, for the time-based family; undefined otherwise */
  timestampOf?(record: SinkRecord, now: number): number;
}

export const PARTITIONERS = {
  default: 'io.confluent.connect.storage.partitioner.DefaultPartitioner',
  field: 'io.confluent.connect.storage.partitioner.FieldPartitioner',
  timeBased: 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
  hourly: 'io.confluent.connect.storage.partitioner.HourlyPartitioner',
  daily: 'io.confluent.connect.storage.partitioner.DailyPartitioner',
} as const;

export const TIME_BASED = new Set<string>([PARTITIONERS.timeBased, PARTITIONERS.hourly, PARTITIONERS.daily]);

/** Hourly and Daily are TimeBased with a fixed path.format and duration. */
export const FIXED_LAYOUTS: Record<string, { pathFormat: string; durationMs: number }> = {
  [PARTITIONERS.hourly]: { pathFormat: "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH", durationMs: 3_600_000 },
  [PARTITIONERS.daily]: { pathFormat: "'year'=YYYY/'month'=MM/'day'=dd", durationMs: 86_400_000 },
};

/** A partitioning failure, written to the DLQ under errors.tolerance=all like any DataException. */
export class PartitionException extends DataException {}

function fieldValue(record: SinkRecord, path: string): { value: unknown; type: string | undefined } {
  let value: unknown = record.value;
  let schema = record.valueSchema;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return { value: undefined, type: undefined };
    value = (value as Record<string, unknown>)[part];
    schema = schema?.fields?.find((f) => f.field === part) ?? null;
  }
  return { value, type: schema?.name ?? schema?.type };
}

function defaultPartitioner(): Partitioner {
  return { encodePartition: (record) => `partition=${record.kafkaPartition}` };
}

function fieldPartitioner(fields: string[], delim: string): Partitioner {
  return {
    encodePartition(record) {
      if (record.value === null || typeof record.value !== 'object' || Array.isArray(record.value)) {
        throw new PartitionException('Error encoding partition.');
      }
      return fields
        .map((name) => {
          const { value, type } = fieldValue(record, name);
          if (value === null || value === undefined) return `${name}=null`;
          const ok = typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string' || typeof value === 'boolean';
          if (!ok || (type && !['int8', 'int16', 'int32', 'int64', 'string', 'boolean'].includes(type))) {
            throw new PartitionException(`Type ${type ?? typeof value} is not supported as a partition key.`);
          }
          return `${name}=${String(value)}`;
        })
        .join(delim);
    },
  };
}

/** Epoch ms from a record field: int/long millis, numeric or ISO-8601 strings, or a Connect Timestamp. */
function timestampFromField(record: SinkRecord, path: string): number {
  const { value, type } = fieldValue(record, path);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    if (/^-?\d+$/.test(value)) return Number(value);
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw new PartitionException(`Unable to determine timestamp using timestamp.extractor RecordField for field ${path} of type ${type === LOGICAL.timestamp ? 'Timestamp' : (type ?? typeof value)}`);
}

function extractorFor(config: S3SinkConfig): (record: SinkRecord, now: number) => number {
  switch (config.timestampExtractor) {
    case 'Record':
      return (record) => {
        if (record.timestamp === null) {
          throw new PartitionException(`Unable to determine timestamp using timestamp.extractor Record for record: topic=${record.topic} partition=${record.kafkaPartition} offset=${record.kafkaOffset}`);
        }
        return record.timestamp;
      };
    case 'RecordField':
      return (record) => timestampFromField(record, config.timestampField);
    default:
      return (_record, now) => now;
  }
}

/** Start of the partition holding `ts`: floor to the duration in the zone's local time, as Joda's TimeBasedPartitioner does. */
export function partitionStart(ts: number, durationMs: number, zone: string): number {
  const local = ts + zoneOffsetMs(ts, zone);
  const flooredLocal = Math.floor(local / durationMs) * durationMs;
  // Convert back to UTC with the offset in force at that local time.
  const guess = flooredLocal - zoneOffsetMs(flooredLocal, zone);
  return flooredLocal - zoneOffsetMs(guess, zone);
}

function timeBasedPartitioner(config: S3SinkConfig): Partitioner {
  const layout = FIXED_LAYOUTS[config.partitionerClass];
  const pathFormat = layout?.pathFormat ?? config.pathFormat;
  const durationMs = layout?.durationMs ?? config.partitionDurationMs;
  const print = compilePathFormat(pathFormat);
  const extract = extractorFor(config);
  return {
    timestampOf: extract,
    encodePartition(record, now) {
      const ts = extract(record, now);
      return print(partitionStart(ts, durationMs, config.timezone), config.timezone);
    },
  };
}

export function createPartitioner(config: S3SinkConfig): Partitioner {
  if (config.partitionerClass === PARTITIONERS.field) return fieldPartitioner(config.partitionFieldNames, config.directoryDelim);
  if (TIME_BASED.has(config.partitionerClass)) return timeBasedPartitioner(config);
  return defaultPartitioner();
}
