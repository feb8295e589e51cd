/** Formats a record value can have; the wire-format ones come through a schema registry. */
export type PayloadFormat = 'AVRO' | 'PROTOBUF' | 'JSON_SCHEMA' | 'JSON' | 'STRING' | 'BYTES';

export interface DecodedPayload {
  format: PayloadFormat;
  schemaId: number | null;
  /** JSON-safe decoded value (64-bit integers beyond 2^53 as strings); null when not decodable or not JSON. */
  value: unknown;
  /** Why a wire-format value could not be decoded (it is then delivered raw); null otherwise. */
  error: string | null;
}

/**
 * Decodes record values (Confluent wire format through the schema registry; plain JSON, text, bytes otherwise).
 * `prefetch` loads what a batch needs, so `decode` can be synchronous and run once per event for every subscriber.
 * Implemented by the schema-registry adapter's PayloadDecoder. Neither method throws for a bad record.
 */
export interface PayloadDecoderPort {
  /** With `topic`, also learns whether the topic has a value subject (then a value without the magic byte is an error). */
  prefetch(values: Iterable<Buffer | null>, topic?: string): Promise<void>;
  decode(value: Buffer | null, topic?: string): DecodedPayload;
}
