import type { ConnectSchema, SchemaAndValue } from '../data/schema';

/**
 * Turns Kafka bytes into Connect data and back (Connect's Converter). The Schema Registry converters answer
 * asynchronously (they may ask the registry); the others synchronously.
 */
export interface Converter {
  toConnectData(topic: string, bytes: Buffer | null): SchemaAndValue | Promise<SchemaAndValue>;
  fromConnectData(topic: string, schema: ConnectSchema | null, value: unknown): Buffer | null | Promise<Buffer | null>;
}

/** A converter that never needs to wait (JsonConverter, StringConverter, ByteArrayConverter). */
export interface SyncConverter extends Converter {
  toConnectData(topic: string, bytes: Buffer | null): SchemaAndValue;
  fromConnectData(topic: string, schema: ConnectSchema | null, value: unknown): Buffer | null;
}

export type ConverterFactory = (props: Record<string, string>, isKey: boolean) => Converter;
