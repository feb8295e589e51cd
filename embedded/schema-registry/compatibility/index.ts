import type { ParsedSchema } from '../schema-types';
import { checkAvro } from './avro';
import type { Incompatibility } from './incompatibility';
import { checkJsonSchema } from './json-schema';
import { checkProtobuf } from './protobuf';

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

/** Can data written with `writer` be read with `reader`? */
function readerReadsWriter(reader: ParsedSchema, writer: ParsedSchema, readerIsNew: boolean): Incompatibility[] {
  if (reader.schemaType !== writer.schemaType) {
    return [{ errorType: 'TYPE_MISMATCH', description: 'Incompatible because of different schema type' }];
  }
  const labels = readerIsNew ? { reader: 'new', writer: 'old' } : { reader: 'old', writer: 'new' };
  if (reader.schemaType === 'AVRO' && writer.schemaType === 'AVRO') return checkAvro(reader.type, writer.type, labels);
  if (reader.schemaType === 'JSON' && writer.schemaType === 'JSON') return checkJsonSchema(reader.json, writer.json);
  if (reader.schemaType === 'PROTOBUF' && writer.schemaType === 'PROTOBUF') return checkProtobuf(reader, writer);
  return [];
}

/**
 * Checks `candidate` against the earlier live versions (oldest first in `previous`) per the level: the latest only, or
 * all of them (transitive, newest first, stopping at the first failure). Returns the failing version and reasons.
 */
export function checkCompatibility(
  level: CompatibilityLevel,
  candidate: ParsedSchema,
  previous: Array<{ version: number; schema: ParsedSchema }>,
): { version: number; reasons: Incompatibility[] } | undefined {
  if (level === 'NONE' || previous.length === 0) return undefined;
  const against = level.endsWith('_TRANSITIVE') ? [...previous].reverse() : [previous[previous.length - 1]!];
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  for (const old of against) {
    const reasons = [
      ...(backward ? readerReadsWriter(candidate, old.schema, true) : []),
      ...(forward ? readerReadsWriter(old.schema, candidate, false) : []),
    ];
    if (reasons.length > 0) return { version: old.version, reasons };
  }
  return undefined;
}
