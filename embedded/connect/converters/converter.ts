import type { ConnectSchema, SchemaAndValue } from '../data/schema';

/** Turns Kafka bytes into Connect data and back (Connect's Converter). */
export interface Converter {
  toConnectData(topic: string, bytes: Buffer | null): SchemaAndValue;
  fromConnectData(topic: string, schema: ConnectSchema | null, value: unknown): Buffer | null;
}

export type ConverterFactory = (props: Record<string, string>, isKey: boolean) => Converter;
