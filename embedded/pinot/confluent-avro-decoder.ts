/**
 * Pinot's KafkaConfluentSchemaRegistryAvroMessageDecoder (plugin pinot-confluent-avro): a value is Confluent's wire
 * format (magic byte 0, big-endian schema id, Avro binary), decoded with the writer schema fetched from the registry's
 * REST API by id and cached (ids are immutable). Decoding failures throw with the Confluent deserializer's wording; the
 * ingestor drops and counts such records, as Pinot's consuming segment does. Talks to the registry over HTTP only.
 */
import * as avro from 'avsc';
import { exactLongs } from '../../shared/avro-exact-long';
import { readWireHeader } from '../../shared/confluent-wire-format';

export const CONFLUENT_AVRO_DECODER = 'org.apache.pinot.plugin.inputformat.avro.confluent.KafkaConfluentSchemaRegistryAvroMessageDecoder';
/** The decoder props (streamConfigs `stream.kafka.decoder.prop.*`, prefix stripped) this decoder reads. */
export const REST_URL_PROP = 'schema.registry.rest.url';

const REGISTRY_TIMEOUT_MS = 5_000;

/**
 * Decoded Avro to what the column conversion reads (record-decoder.ts's convert, shared with the JSON decoder):
 * longs as numbers when exact else decimal strings, bytes and fixed as hex (Pinot's BYTES), records and maps kept as
 * objects. Unions arrive unwrapped, enums as their symbol.
 */
function toColumnValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (Array.isArray(value)) return value.map(toColumnValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toColumnValue(v)]));
  return value;
}

/** Undecodable record; `message` is what Pinot's server logs (the Confluent deserializer's SerializationException). */
export class DecodeError extends Error {}

export class ConfluentAvroDecoder {
  private readonly urls: string[];
  private readonly authorization?: string;
  private readonly types = new Map<number, avro.Type>();
  /** Ids that failed during the current batch: asked once per batch, not once per record. */
  private failed = new Map<number, string>();

  /** Throws Pinot's init error when the registry URL is missing (its checkState in init()). */
  constructor(props: Record<string, string>) {
    const raw = props[REST_URL_PROP];
    if (!raw) throw new Error(`Missing required property '${REST_URL_PROP}'`);
    this.urls = raw.split(',').map((url) => url.trim().replace(/\/+$/, '')).filter(Boolean);
    const first = new URL(this.urls[0]!);
    // basic.auth.credentials.source: URL (the default, user:pass@ in the URL) or USER_INFO (basic.auth.user.info).
    const userInfo =
      (props['basic.auth.credentials.source'] ?? 'URL').toUpperCase() === 'USER_INFO'
        ? props['basic.auth.user.info']
        : first.username
          ? `${decodeURIComponent(first.username)}:${decodeURIComponent(first.password)}`
          : undefined;
    if (userInfo) this.authorization = `Basic ${Buffer.from(userInfo).toString('base64')}`;
  }

  /** Fetches the writer schemas of a batch's values not known yet, so decode() is synchronous per record. */
  async prefetch(values: Iterable<Buffer | null>): Promise<void> {
    this.failed = new Map();
    const ids = new Set<number>();
    for (const value of values) {
      const header = readWireHeader(value);
      if (header) ids.add(header.schemaId);
    }
    await Promise.all([...ids].filter((id) => !this.types.has(id)).map((id) => this.load(id)));
  }

  /** One record as a column → value map; throws DecodeError for a record Pinot would drop. */
  decode(value: Buffer): Record<string, unknown> {
    const header = readWireHeader(value);
    if (!header) throw new DecodeError('Unknown magic byte!');
    const id = header.schemaId;
    const type = this.types.get(id);
    if (!type) throw new DecodeError(`Error retrieving Avro value schema for id ${id}: ${this.failed.get(id) ?? 'schema not loaded'}`);
    let decoded: unknown;
    try {
      decoded = type.fromBuffer(header.payload);
    } catch (error) {
      throw new DecodeError(`Error deserializing Avro message for id ${id}: ${(error as Error).message}`);
    }
    // Pinot's decoder casts the datum to a GenericRecord: a record schema is all it can turn into a row.
    if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded) || Buffer.isBuffer(decoded)) {
      throw new DecodeError(`Avro message for id ${id} is not a record`);
    }
    return toColumnValue(decoded) as Record<string, unknown>;
  }

  private async load(id: number): Promise<void> {
    let reason = 'no registry URL answered';
    for (const url of this.urls) {
      try {
        const response = await fetch(`${url}/schemas/ids/${id}?fetchMaxId=false`, {
          headers: { accept: 'application/vnd.schemaregistry.v1+json', ...(this.authorization ? { authorization: this.authorization } : {}) },
          signal: AbortSignal.timeout(REGISTRY_TIMEOUT_MS),
        });
        const body = (await response.json().catch(() => ({}))) as { schema?: string; schemaType?: string; message?: string; error_code?: number };
        if (!response.ok) {
          // The REST client's RestClientException text: "<message>; error code: <code>".
          reason = `${body.message ?? response.statusText}; error code: ${body.error_code ?? response.status}`;
          if (response.status < 500) break;
          continue;
        }
        if ((body.schemaType ?? 'AVRO') !== 'AVRO') {
          reason = `schema ${id} is ${body.schemaType}, not AVRO`;
          break;
        }
        this.types.set(id, avro.Type.forSchema(JSON.parse(body.schema!) as avro.Schema, { typeHook: exactLongs }));
        return;
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    this.failed.set(id, reason);
  }
}
