import { AppError, badInput, isAppError } from '../../errors/app-error';
import type { DecodedPayload, PayloadDecoderPort } from '../../services/live/payload-port';
import { parseJsonExact } from '../pinot/exact-json';
import { buildCodec, type SchemaCodec } from './schema-codec';
import type { SchemaRegistryClient } from './schema-registry-client';
import type { SchemaInput, SchemaReference } from './registry-types';
import { readWireHeader, writeWireHeader } from '../../../shared/confluent-wire-format';

/** How long a failed schema fetch is remembered before the next record with that id asks the registry again. */
const FAILURE_TTL_MS = { notFound: 30_000, unavailable: 5_000 };

const FORMAT_OF = { AVRO: 'AVRO', PROTOBUF: 'PROTOBUF', JSON: 'JSON_SCHEMA' } as const;

/**
 * Decodes Confluent wire-format values with the writer schema fetched by id (ids are immutable: a codec is built once
 * and kept). `prefetch` fetches the schemas a batch needs, so `decode` itself is synchronous and can run once per event
 * for all subscribers. A schema that cannot be fetched leaves the value raw with an error; nothing throws.
 */
export class PayloadDecoder implements PayloadDecoderPort {
  private readonly codecs = new Map<number, SchemaCodec>();
  private readonly failures = new Map<number, { error: string; until: number }>();
  private readonly pending = new Map<number, Promise<void>>();
  /** Per topic: whether `<topic>-value` exists (TopicNameStrategy), and until when that answer is trusted. */
  private readonly valueSubjects = new Map<string, { schemaed: boolean; until: number }>();

  constructor(private readonly registry: Pick<SchemaRegistryClient, 'schemaById' | 'getVersion' | 'register'>) {}

  /** Fetches and compiles the schemas of these values not known yet; resolves when each is known or failed. */
  async prefetch(values: Iterable<Buffer | null>, topic?: string): Promise<void> {
    const waits: Array<Promise<void>> = [];
    if (topic !== undefined) {
      // The first batch of a topic waits for the answer; later refreshes run in the background, never stalling a feed.
      const known = this.valueSubjects.get(topic);
      if (!known) waits.push(this.learnSubject(topic));
      else if (known.until <= Date.now()) {
        known.until = Date.now() + FAILURE_TTL_MS.notFound;
        void this.learnSubject(topic);
      }
    }
    for (const value of values) {
      const header = readWireHeader(value);
      if (!header || this.codecs.has(header.schemaId)) continue;
      const failed = this.failures.get(header.schemaId);
      if (failed && failed.until > Date.now()) continue;
      let pending = this.pending.get(header.schemaId);
      if (!pending) {
        pending = this.load(header.schemaId).finally(() => this.pending.delete(header.schemaId));
        this.pending.set(header.schemaId, pending);
      }
      waits.push(pending);
    }
    await Promise.all(waits);
  }

  private async learnSubject(topic: string): Promise<void> {
    let schemaed = false;
    try {
      await this.registry.getVersion(`${topic}-value`, 'latest');
      schemaed = true;
    } catch {
      // NOT_FOUND, or the registry is down: no claim that the topic is schema'd.
    }
    this.valueSubjects.set(topic, { schemaed, until: Date.now() + FAILURE_TTL_MS.notFound });
  }

  private async load(id: number): Promise<void> {
    try {
      const schema = await this.registry.schemaById(id);
      const references = await this.referenceTexts(schema.references);
      this.codecs.set(id, buildCodec(schema.schemaType, schema.schema, references));
      this.failures.delete(id);
    } catch (error) {
      const notFound = isAppError(error) && error.code === 'NOT_FOUND';
      const reason = notFound ? `unknown schema id ${id}` : `schema ${id} could not be fetched: ${(error as Error).message}`;
      this.failures.set(id, { error: reason, until: Date.now() + (notFound ? FAILURE_TTL_MS.notFound : FAILURE_TTL_MS.unavailable) });
    }
  }

  private async referenceTexts(references: SchemaReference[], seen = new Set<string>()): Promise<string[]> {
    const out: string[] = [];
    for (const ref of references) {
      const key = `${ref.subject}/${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const target = await this.registry.getVersion(ref.subject, ref.version, { deleted: true });
      out.push(...(await this.referenceTexts(target.references, seen)), target.schema);
    }
    return out;
  }

  /** The value's format and decoded form; call `prefetch` with it first for wire-format values. */
  decode(value: Buffer | null, topic?: string): DecodedPayload {
    if (value === null) return { format: 'BYTES', schemaId: null, value: null, error: null };
    const header = readWireHeader(value);
    if (header) {
      const codec = this.codecs.get(header.schemaId);
      if (!codec) {
        const error = this.failures.get(header.schemaId)?.error ?? `schema ${header.schemaId} is not loaded`;
        return { format: 'BYTES', schemaId: header.schemaId, value: null, error };
      }
      try {
        return { format: FORMAT_OF[codec.schemaType], schemaId: header.schemaId, value: codec.decode(header.payload), error: null };
      } catch (error) {
        return { format: 'BYTES', schemaId: header.schemaId, value: null, error: `not a valid ${codec.schemaType} payload for schema ${header.schemaId}: ${(error as Error).message}` };
      }
    }
    const plain = plainPayload(value);
    // On a topic with a value subject every record should carry the wire format: say so, as the deserializer would.
    if (topic !== undefined && this.valueSubjects.get(topic)?.schemaed) return { ...plain, error: 'Unknown magic byte!' };
    return plain;
  }

  /** Encodes a JSON value with a subject's schema (latest or a given version) into the wire format. */
  async encode(subject: string, version: number | 'latest', value: unknown): Promise<{ bytes: Buffer; schemaId: number; version: number }> {
    const encoder = await this.encoderFor(subject, version);
    return { bytes: encoder.encode(value), schemaId: encoder.schemaId, version: encoder.version };
  }

  /**
   * A synchronous wire-format encoder for one subject version, for producers writing many values with one schema
   * (the schema is looked up once). `encode` throws BAD_USER_INPUT naming `value` when a value does not fit.
   */
  async encoderFor(subject: string, version: number | 'latest'): Promise<{ schemaId: number; version: number; encode(value: unknown): Buffer }> {
    const found = await this.registry.getVersion(subject, version);
    return { schemaId: found.id, version: found.version, encode: await this.encoderForId(found.id, `subject ${subject} version ${found.version}`) };
  }

  /**
   * Registers a schema under a subject (registering one that is there already just answers its id, as a serializer
   * with auto.register.schemas does) and returns a synchronous encoder to its wire format, for producers.
   */
  async register(subject: string, input: SchemaInput): Promise<{ schemaId: number; encode(value: unknown): Buffer }> {
    const { id } = await this.registry.register(subject, input);
    return { schemaId: id, encode: await this.encoderForId(id, `subject ${subject}`) };
  }

  /** An encoder for a schema id; a value that does not fit throws BAD_USER_INPUT on `value`. */
  private async encoderForId(schemaId: number, where: string): Promise<(value: unknown) => Buffer> {
    await this.prefetch([writeWireHeader(schemaId, Buffer.alloc(0))]);
    const codec = this.codecs.get(schemaId);
    if (!codec) throw new AppError('UPSTREAM_UNAVAILABLE', this.failures.get(schemaId)?.error ?? `schema ${schemaId} could not be loaded`, { retriable: true });
    return (value) => {
      let payload: Buffer;
      try {
        payload = codec.encode(value);
      } catch (error) {
        throw badInput('value', `value does not fit schema ${schemaId} (${where}): ${(error as Error).message}`);
      }
      return writeWireHeader(schemaId, payload);
    };
  }
}

/** A value without the wire format: JSON when it parses, else text when it is valid UTF-8, else bytes. */
export function plainPayload(value: Buffer): DecodedPayload {
  const text = value.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(value)) return { format: 'BYTES', schemaId: null, value: null, error: null };
  try {
    return { format: 'JSON', schemaId: null, value: parseJsonExact(text), error: null };
  } catch {
    return { format: 'STRING', schemaId: null, value: null, error: null };
  }
}
