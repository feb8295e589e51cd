import { LOGICAL, type ConnectSchema } from './schema';

const DAY_MS = 86_400_000;

/**
 * Connect's Timestamp and Time travel as epoch milliseconds, Date as days since the epoch (in JsonConverter envelopes,
 * Avro's timestamp-millis / time-millis / date, JSON Schema integers). Undefined when the schema is none of the three.
 */
export function timeToWire(schema: ConnectSchema, value: unknown): number | undefined {
  const ms = () => (value instanceof Date ? value.getTime() : Number(value));
  switch (schema.name) {
    case LOGICAL.timestamp:
    case LOGICAL.time:
      return ms();
    case LOGICAL.date:
      return Math.floor(ms() / DAY_MS);
  }
  return undefined;
}

/** The inverse of timeToWire: a Date for Timestamp / Time / Date, undefined for any other schema. */
export function timeFromWire(schema: ConnectSchema, value: unknown): Date | undefined {
  switch (schema.name) {
    case LOGICAL.timestamp:
    case LOGICAL.time:
      return new Date(Number(value));
    case LOGICAL.date:
      return new Date(Number(value) * DAY_MS);
  }
  return undefined;
}
