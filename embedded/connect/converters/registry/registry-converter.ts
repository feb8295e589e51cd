import { checkCompatibility } from '../../../schema-registry/compatibility';
import { parseSchema } from '../../../schema-registry/schema-types';
import { DataException, type ConnectSchema, type SchemaAndValue } from '../../data/schema';
import type { Converter } from '../converter';
import { configException, JavaException, RegistryConnectionError, RestClientException, serializationException } from './errors';
import { RegistryClient, userInfoFrom, type RegisteredSchema, type RegistrySchemaType } from './registry-client';
import { readFrame, writeFrame } from './wire-format';

/** A writer schema compiled once (per id, or per schema text for the one we register). */
export interface SchemaCodec {
  /** The payload after the 5-byte header (Protobuf: message indexes included) to Connect data. */
  decode(payload: Buffer): SchemaAndValue;
  /** Connect data (whose schema this codec was built from, or a compatible one) to the payload after the header. */
  encode(schema: ConnectSchema, value: unknown): Buffer;
}

/** What differs between Avro, Protobuf and JSON Schema; the rest of a registry converter is shared. */
export interface RegistryFormat {
  /** As in the converters' messages: Avro, Protobuf, JSON */
  label: 'Avro' | 'Protobuf' | 'JSON';
  schemaType: RegistrySchemaType;
  /** The Connect schema as a schema text for the registry and the record name RecordNameStrategy uses. */
  fromConnectSchema(schema: ConnectSchema): { text: string; recordName: string };
  compile(writer: Pick<RegisteredSchema, 'schema' | 'references'>): SchemaCodec;
  /** Deserializer and converter error wording, which differs per format in Confluent's code. */
  messages: { deserializeFailed(topic: string): string; serializeFailed(topic: string): string; retrieving(isKey: boolean, id: number): string };
}

const STRATEGIES: Record<string, (topic: string, isKey: boolean, recordName: string) => string> = {
  TopicNameStrategy: (topic, isKey) => `${topic}-${isKey ? 'key' : 'value'}`,
  RecordNameStrategy: (_topic, _isKey, recordName) => recordName,
  TopicRecordNameStrategy: (topic, _isKey, recordName) => `${topic}-${recordName}`,
};

/** TopicNameStrategy → `<topic>-key` / `<topic>-value`: the subject a converter with default settings uses. */
export const topicSubject = (topic: string, isKey: boolean) => STRATEGIES.TopicNameStrategy!(topic, isKey, '');

const bool = (value: string | undefined, fallback: boolean) => (value === undefined ? fallback : value.trim().toLowerCase() === 'true');

/**
 * A Schema Registry converter configured as Confluent's (`schema.registry.url` required, `auto.register.schemas`
 * default true, `use.latest.version` default false, `basic.auth.*`, `key|value.subject.name.strategy`):
 * fromConnectData registers (or looks up) the writer schema and frames the payload; toConnectData fetches the writer
 * schema by id (cached) and decodes. Failures carry Confluent's wording; an unreachable registry is retriable.
 */
export function createRegistryConverter(format: RegistryFormat, props: Record<string, string>, isKey: boolean): Converter {
  const rawUrls = (props['schema.registry.url'] ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (rawUrls.length === 0) throw configException('Missing required configuration "schema.registry.url" which has no default value.');
  const client = new RegistryClient(userInfoFrom(props, rawUrls));
  const autoRegister = bool(props['auto.register.schemas'], true);
  const useLatest = bool(props['use.latest.version'], false);
  const latestStrict = bool(props['latest.compatibility.strict'], true);
  const strategyClass = props[`${isKey ? 'key' : 'value'}.subject.name.strategy`] ?? 'io.confluent.kafka.serializers.subject.TopicNameStrategy';
  const strategy = STRATEGIES[strategyClass.slice(strategyClass.lastIndexOf('.') + 1)];
  if (!strategy) throw configException(`Invalid value ${strategyClass} for configuration ${isKey ? 'key' : 'value'}.subject.name.strategy: Class ${strategyClass} could not be found.`);

  const codecsById = new Map<number, SchemaCodec>();
  const codecsByText = new Map<string, SchemaCodec>();
  const codecById = async (id: number): Promise<SchemaCodec> => {
    const known = codecsById.get(id);
    if (known) return known;
    let writer: RegisteredSchema;
    try {
      writer = await client.schemaById(id);
    } catch (error) {
      throw retrievalError(format.messages.retrieving(isKey, id), error);
    }
    const codec = format.compile(writer);
    codecsById.set(id, codec);
    return codec;
  };

  return {
    async toConnectData(topic, bytes) {
      if (bytes === null) return { schema: null, value: null };
      try {
        const { schemaId, payload } = readFrame(bytes);
        const codec = await codecById(schemaId);
        try {
          return codec.decode(payload);
        } catch (error) {
          throw serializationException(`Error deserializing ${format.label} message for id ${schemaId}`, error);
        }
      } catch (error) {
        throw converterError(error, format.messages.deserializeFailed(topic), `Network connection error while deserializing data for topic ${topic}`);
      }
    },

    async fromConnectData(topic, schema, value) {
      if (value === null || value === undefined) return null;
      if (schema === null) throw new DataException(`${format.label} converter requires a schema: the record for topic ${topic} has none`);
      try {
        const { text, recordName } = format.fromConnectSchema(schema);
        const subject = strategy(topic, isKey, recordName);
        let id: number;
        let codec: SchemaCodec;
        try {
          if (useLatest) {
            const latest = await client.latest(subject);
            if (latestStrict) checkLatestReads(latest, format.schemaType, text);
            id = latest.id;
            codec = codecsById.get(id) ?? format.compile(latest);
            codecsById.set(id, codec);
          } else {
            id = autoRegister ? await client.register(subject, format.schemaType, text) : await client.lookup(subject, format.schemaType, text);
            codec = codecsByText.get(text) ?? format.compile({ schema: text, references: [] });
            codecsByText.set(text, codec);
          }
        } catch (error) {
          const what = useLatest ? `Error retrieving latest version of ${format.label} schema` : autoRegister ? `Error registering ${format.label} schema` : `Error retrieving ${format.label} schema`;
          throw retrievalError(`${what}: ${text}`, error);
        }
        try {
          return writeFrame(id, codec.encode(schema, value));
        } catch (error) {
          throw serializationException(`Error serializing ${format.label} message`, error);
        }
      } catch (error) {
        throw converterError(error, format.messages.serializeFailed(topic), `Network connection error while serializing ${format.label} data for topic ${topic}`);
      }
    },
  };
}

/**
 * latest.compatibility.strict (default true): the latest version must be able to read data written with the record's
 * own schema (backward compatible), by the same rules the embedded registry checks evolutions with.
 */
function checkLatestReads(latest: RegisteredSchema, schemaType: RegistrySchemaType, own: string): void {
  if (latest.schemaType !== schemaType || latest.references.length > 0) return;
  const parse = (schema: string) => parseSchema({ schemaType, schema, references: [] });
  if (checkCompatibility('BACKWARD', parse(latest.schema), [{ version: 0, schema: parse(own) }])) {
    throw new Error(`Incompatible schema of type '${schemaType}'. Set latest.compatibility.strict=false to disable this check. See log file for more details.`);
  }
}

/** The serializer's mapping of a registry failure (AbstractKafkaSchemaSerDe.toKafkaException): 5xx and timeouts are retriable. */
function retrievalError(message: string, error: unknown): Error {
  if (error instanceof RestClientException && [408, 500, 503, 504].includes(error.status)) {
    return new JavaException('org.apache.kafka.common.errors.TimeoutException', message, { cause: error, retriable: true });
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new JavaException('org.apache.kafka.common.errors.TimeoutException', message, { cause: error, retriable: true });
  }
  return serializationException(message, error);
}

/** The converter's mapping: unreachable registry → NetworkException, timeouts → RetriableException, the rest → DataException. */
function converterError(error: unknown, failed: string, network: string): Error {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof RegistryConnectionError) {
    return new JavaException('org.apache.kafka.common.errors.NetworkException', `${network}: ${cause.message}`, { cause: error, retriable: true });
  }
  if ((error as JavaException).retriable) return new JavaException('org.apache.kafka.connect.errors.RetriableException', `${failed} `, { cause: error, retriable: true });
  if (error instanceof DataException) return error;
  return new DataException(failed, { cause: error });
}
