/**
 * A stream message decoder's job: a record becomes one row, each field converted to its column's Pinot type. Fields
 * the record lacks (or cannot be converted) are stored as NULL; the broker shows Pinot's default null value for them
 * unless the query enables null handling. Unknown fields are ignored, as in Pinot. The decoder class comes from
 * streamConfigs: KafkaJSONMessageDecoder, or the Confluent Avro decoder reading through a schema registry.
 */
import { ConfluentAvroDecoder, CONFLUENT_AVRO_DECODER, DecodeError, REST_URL_PROP } from './confluent-avro-decoder';
import { parseJsonKeepingBigIntegers } from './json-exact';
import type { ColumnSpec } from './pinot-schema';

/** Decodes a batch's values: `prefetch` first (schemas), then `decode` per record, which throws DecodeError to drop it. */
export interface MessageDecoder {
  prefetch(values: Iterable<Buffer | null>): Promise<void>;
  decode(value: Buffer): Record<string, unknown>;
}

const DECODER_PROP_PREFIX = 'stream.kafka.decoder.prop.';

/** Both JSON decoder classes Pinot ships (the Kafka plugin's and the input-format one). */
const JSON_DECODERS = new Set(['org.apache.pinot.plugin.stream.kafka.KafkaJSONMessageDecoder', 'org.apache.pinot.plugin.inputformat.json.JSONMessageDecoder']);

/**
 * Checks the decoder a table's streamConfigs name, as creating it on a Pinot server would; the message says why not.
 * Pinot itself only finds out when the consuming segment starts; refusing the table config makes the mistake visible.
 */
export function decoderProblem(stream: Record<string, string>): string | undefined {
  const decoderClass = stream['stream.kafka.decoder.class.name'];
  if (!decoderClass) return 'Could not create StreamConfig using the streamConfig map: Must specify decoder class name stream.kafka.decoder.class.name';
  if (JSON_DECODERS.has(decoderClass)) return undefined;
  const creating = 'Caught exception while creating StreamMessageDecoder from stream config';
  if (decoderClass !== CONFLUENT_AVRO_DECODER) return `${creating}: java.lang.ClassNotFoundException: ${decoderClass}`;
  if (!stream[DECODER_PROP_PREFIX + REST_URL_PROP]) return `${creating}: Missing required property '${REST_URL_PROP}'`;
  return undefined;
}

/** The decoder for a (validated) table's streamConfigs, with its `stream.kafka.decoder.prop.*` keys. */
export function createMessageDecoder(stream: Record<string, string>): MessageDecoder {
  const decoderClass = stream['stream.kafka.decoder.class.name'] ?? '';
  if (decoderClass !== CONFLUENT_AVRO_DECODER) return jsonDecoder;
  const props = Object.fromEntries(
    Object.entries(stream)
      .filter(([key]) => key.startsWith(DECODER_PROP_PREFIX))
      .map(([key, value]) => [key.slice(DECODER_PROP_PREFIX.length), value]),
  );
  return new ConfluentAvroDecoder(props);
}

const jsonDecoder: MessageDecoder = {
  prefetch: async () => undefined,
  decode(value) {
    const record = decodeJsonRecord(value);
    if (!record) throw new DecodeError('not a JSON object');
    return record;
  },
};

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Parses a Kafka message value; undefined when it is not a JSON object (Pinot drops such messages). */
export function decodeJsonRecord(value: Buffer | null): Record<string, unknown> | undefined {
  if (!value || value.length === 0) return undefined;
  try {
    const parsed = parseJsonKeepingBigIntegers(value.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function toRow(record: Record<string, unknown>, columns: readonly ColumnSpec[]): unknown[] {
  return columns.map((column) => convert(record[column.name], column));
}

export function convert(value: unknown, column: ColumnSpec): unknown {
  if (value === null || value === undefined) return null;
  if (column.singleValueField === false) return JSON.stringify(Array.isArray(value) ? value : [value]);
  switch (column.dataType) {
    case 'INT': {
      const number = toNumber(value);
      return number === null ? null : clampInt(Math.trunc(number));
    }
    case 'LONG':
      return toLong(value);
    case 'FLOAT':
    case 'DOUBLE':
      return toNumber(value);
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      if (typeof value === 'string') return ['true', '1'].includes(value.trim().toLowerCase());
      return null;
    case 'TIMESTAMP':
      return toEpochMillis(value);
    case 'BIG_DECIMAL':
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim())) ? String(value).trim() : null;
    case 'JSON':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'BYTES':
      return typeof value === 'string' && /^([0-9a-fA-F]{2})*$/.test(value) ? Uint8Array.from(Buffer.from(value, 'hex')) : null;
    default:
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isNaN(number) ? null : number;
  }
  return null;
}

function clampInt(value: number): number | null {
  return value < INT_MIN || value > INT_MAX ? null : value;
}

function toLong(value: unknown): bigint | null {
  try {
    let long: bigint;
    if (typeof value === 'number') long = BigInt(Math.trunc(value));
    else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) long = BigInt(value.trim());
    else if (typeof value === 'string' || typeof value === 'boolean') {
      const number = toNumber(value);
      if (number === null || !Number.isFinite(number)) return null;
      long = BigInt(Math.trunc(number));
    } else return null;
    return long < LONG_MIN || long > LONG_MAX ? null : long;
  } catch {
    return null;
  }
}

/** TIMESTAMP accepts epoch millis or a 'yyyy-MM-dd HH:mm:ss[.SSS]' / ISO-8601 text (read as UTC without a zone). */
function toEpochMillis(value: unknown): bigint | null {
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value));
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return BigInt(text);
  const iso = text.includes('T') ? text : text.replace(' ', 'T');
  const zoned = /([zZ]|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : BigInt(ms);
}
