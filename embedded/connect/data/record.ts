import type { ConnectSchema } from './schema';

export type Headers = Record<string, Buffer | string | undefined>;

/** A record as connectors and transforms see it, after the converters (Connect's ConnectRecord). */
export interface ConnectRecord {
  topic: string;
  kafkaPartition: number | null;
  keySchema: ConnectSchema | null;
  key: unknown;
  valueSchema: ConnectSchema | null;
  value: unknown;
  /** epoch millis, or null when unknown */
  timestamp: number | null;
  headers: Headers;
}

export interface SinkRecord extends ConnectRecord {
  kafkaPartition: number;
  kafkaOffset: number;
}

export interface SourceRecord extends ConnectRecord {
  /** where the record came from (e.g. `{filename}`), stored in the offsets topic under the connector's name */
  sourcePartition: Record<string, unknown>;
  /** how far into that partition this record is (e.g. `{position}`) */
  sourceOffset: Record<string, unknown>;
}

export function newRecord<R extends ConnectRecord>(
  record: R,
  changes: Partial<Pick<ConnectRecord, 'topic' | 'keySchema' | 'key' | 'valueSchema' | 'value' | 'timestamp' | 'headers'>>,
): R {
  return { ...record, ...changes };
}
