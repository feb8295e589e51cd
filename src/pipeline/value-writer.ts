import { valueSubject } from './demo/avro-schemas';

/**
 * Registers a value schema and encodes values to Confluent's wire format with it. Implemented by the schema-registry
 * adapter's PayloadDecoder (the same encoder produceMessage uses).
 */
export interface SchemaWriterPort {
  register(subject: string, input: { schema: string; schemaType: 'AVRO' }): Promise<{ schemaId: number; encode(value: unknown): Buffer }>;
}

/** How a producer turns a record into a topic's value bytes; throws when the record does not fit the topic's schema. */
export type ValueWriter = (value: Record<string, unknown>) => Buffer | string;

/** Plain JSON text: the format without a registry. */
export const jsonValues: ValueWriter = (value) => JSON.stringify(value);

/**
 * One writer per topic: Confluent Avro with the topic's schema registered by TopicNameStrategy when a registry is
 * configured, plain JSON otherwise. Registration failing (registry down, incompatible schema) rejects, so a
 * supervised worker retries its start instead of writing a format the topic's readers do not expect.
 */
export async function valueWriters<T extends string>(registry: SchemaWriterPort | undefined, schemas: Record<T, object>): Promise<Record<T, ValueWriter>> {
  const writers = {} as Record<T, ValueWriter>;
  for (const topic of Object.keys(schemas) as T[]) {
    if (!registry) {
      writers[topic] = jsonValues;
      continue;
    }
    const schema = schemas[topic] as AvroRecordSchema;
    const { encode } = await registry.register(valueSubject(topic), { schema: JSON.stringify(schema), schemaType: 'AVRO' });
    writers[topic] = (value) => encode(toAvroJson(schema, value));
  }
  return writers;
}

interface AvroRecordSchema {
  fields: ReadonlyArray<{ name: string; type: unknown }>;
}

/**
 * A plain record to Avro's JSON encoding, which the encoder reads: a non-null value of a union field is wrapped in
 * its branch's type name (`{"string": "ada"}`). The demo schemas' unions are all ["null", primitive].
 */
function toAvroJson(schema: AvroRecordSchema, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const field of schema.fields) {
    const v = value[field.name];
    if (!Array.isArray(field.type) || v === null || v === undefined) continue;
    const branch = field.type.find((t) => t !== 'null');
    out[field.name] = { [typeof branch === 'string' ? branch : (branch as { type: string }).type]: v };
  }
  return out;
}
