import * as avro from 'avsc';
import type * as protobuf from 'protobufjs';
import { compileProtobufFile } from '../../shared/protobuf-file';
import { errors } from './registry-error';

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';
export const SCHEMA_TYPES: readonly SchemaType[] = ['JSON', 'PROTOBUF', 'AVRO'];

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** A schema with its references' texts (in dependency order), as every parser here needs them. */
export interface SchemaSource {
  schemaType: SchemaType;
  schema: string;
  references: Array<{ name: string; schema: string }>;
}

export type ParsedSchema =
  | { schemaType: 'AVRO'; canonical: string; type: avro.Type }
  | { schemaType: 'JSON'; canonical: string; json: unknown }
  | { schemaType: 'PROTOBUF'; canonical: string; root: protobuf.Root; packageName: string };

export function parseSchemaType(value: unknown): SchemaType {
  if (value === undefined || value === null) return 'AVRO';
  if (typeof value === 'string' && (SCHEMA_TYPES as readonly string[]).includes(value)) return value as SchemaType;
  throw errors.invalidSchema(`Invalid schema type ${String(value)}`);
}

function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.invalidSchema(`Invalid schema ${what}: ${(error as Error).message}`);
  }
}

/**
 * Parses and canonicalises a schema, or throws 42201 as the registry does. Avro and JSON Schema are reprinted without
 * whitespace (so the same schema typed differently gets the same id); Protobuf keeps its trimmed text.
 */
export function parseSchema(source: SchemaSource): ParsedSchema {
  switch (source.schemaType) {
    case 'AVRO': {
      const registry: Record<string, avro.Type> = {};
      try {
        for (const ref of source.references) avro.Type.forSchema(JSON.parse(ref.schema) as avro.Schema, { registry });
        const json = parseJsonText(source.schema, 'AVRO');
        const type = avro.Type.forSchema(json as avro.Schema, { registry });
        return { schemaType: 'AVRO', canonical: JSON.stringify(json), type };
      } catch (error) {
        if (error instanceof Error && error.name === 'RegistryError') throw error;
        throw errors.invalidSchema(`Invalid schema ${source.schema} with refs [${source.references.map((r) => r.name).join(', ')}] of type AVRO, details: ${(error as Error).message}`);
      }
    }
    case 'JSON': {
      const json = parseJsonText(source.schema, 'JSON');
      if (typeof json !== 'object' && typeof json !== 'boolean') throw errors.invalidSchema(`Invalid schema ${source.schema} of type JSON, details: not a JSON Schema`);
      return { schemaType: 'JSON', canonical: JSON.stringify(json), json };
    }
    case 'PROTOBUF': {
      try {
        const { root, packageName } = compileProtobufFile(source.schema, source.references.map((ref) => ref.schema));
        if (root.nestedArray.length === 0) throw new Error('no message defined');
        return { schemaType: 'PROTOBUF', canonical: source.schema.trim(), root, packageName };
      } catch (error) {
        throw errors.invalidSchema(`Invalid schema ${source.schema} of type PROTOBUF, details: ${(error as Error).message}`);
      }
    }
  }
}
