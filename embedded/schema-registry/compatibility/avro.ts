import type * as avro from 'avsc';
import type { Incompatibility } from './incompatibility';

/** Writer → reader promotions the Avro specification allows (schema resolution). */
const PROMOTIONS: Record<string, string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

const isUnion = (t: avro.Type) => t.typeName.startsWith('union');
const unqualified = (name: string | undefined) => (name ?? '').split('.').pop();

/** Compares names as modern Avro does: unqualified names, or the reader's aliases naming the writer's full name. */
function namesMatch(reader: avro.Type, writer: avro.Type): boolean {
  if (unqualified(reader.name) === unqualified(writer.name)) return true;
  return (reader.aliases ?? []).some((alias) => alias === writer.name || unqualified(alias) === unqualified(writer.name));
}

/**
 * Checks that data written with `writer` can be read with `reader`, per the Avro specification's schema resolution
 * rules, and reports each failure with Avro's SchemaCompatibility error types. `labels` names the two schemas in the
 * messages: for BACKWARD the reader is the new schema; for FORWARD it is the old one.
 */
export function checkAvro(
  reader: avro.Type,
  writer: avro.Type,
  labels: { reader: string; writer: string },
  seen: Set<string> = new Set(),
): Incompatibility[] {
  const out: Incompatibility[] = [];

  const visit = (r: avro.Type, w: avro.Type, path: string): void => {
    // Recursive records: a pair already under check is assumed compatible (as Avro does).
    if (r.name && w.name) {
      const pairKey = `${r.name}|${w.name}`;
      if (seen.has(pairKey)) return;
      seen.add(pairKey);
    }
    if (isUnion(w)) {
      (w as avro.types.UnwrappedUnionType).types.forEach((branch, i) => visit(r, branch, `${path}/${i}`));
      return;
    }
    if (isUnion(r)) {
      const branches = (r as avro.types.UnwrappedUnionType).types;
      const fits = branches.some((branch) => readable(branch, w));
      if (!fits) {
        out.push({
          errorType: 'MISSING_UNION_BRANCH',
          description: `The ${labels.reader} schema is missing a type inside a union field at path '${path}' in the ${labels.writer} schema`,
          additionalInfo: `reader union lacking writer type: ${w.typeName.toUpperCase()}`,
        });
      }
      return;
    }
    if (r.typeName !== w.typeName) {
      if ((PROMOTIONS[w.typeName] ?? []).includes(r.typeName)) return;
      out.push({
        errorType: 'TYPE_MISMATCH',
        description: `The type (path '${path}') of a field in the ${labels.reader} schema does not match with the ${labels.writer} schema`,
        additionalInfo: `reader type: ${r.typeName.toUpperCase()} not compatible with writer type: ${w.typeName.toUpperCase()}`,
      });
      return;
    }
    switch (r.typeName) {
      case 'record':
      case 'error': {
        if (!namesMatch(r, w)) return nameMismatch(r, w, path);
        const rFields = (r as avro.types.RecordType).fields;
        const wFields = (w as avro.types.RecordType).fields;
        rFields.forEach((field, i) => {
          const match = wFields.find((wf) => wf.name === field.name) ?? wFields.find((wf) => (field.aliases ?? []).includes(wf.name));
          if (match) visit(field.type, match.type, `${path}/fields/${i}/type`);
          else if (field.defaultValue() === undefined) {
            out.push({
              errorType: 'READER_FIELD_MISSING_DEFAULT_VALUE',
              description: `The field '${field.name}' at path '${path}/fields/${i}' in the ${labels.reader} schema has no default value and is missing in the ${labels.writer} schema`,
              additionalInfo: field.name,
            });
          }
        });
        return;
      }
      case 'enum': {
        if (!namesMatch(r, w)) return nameMismatch(r, w, path);
        const readerSymbols = new Set((r as avro.types.EnumType).symbols);
        const missing = (w as avro.types.EnumType).symbols.filter((s) => !readerSymbols.has(s));
        const hasDefault = (r.schema() as { default?: unknown }).default !== undefined;
        if (missing.length > 0 && !hasDefault) {
          out.push({
            errorType: 'MISSING_ENUM_SYMBOLS',
            description: `The ${labels.reader} schema is missing enum symbols '[${missing.join(', ')}]' at path '${path}/symbols' in the ${labels.writer} schema`,
            additionalInfo: `[${missing.join(', ')}]`,
          });
        }
        return;
      }
      case 'fixed':
        if (!namesMatch(r, w)) return nameMismatch(r, w, path);
        if ((r as avro.types.FixedType).size !== (w as avro.types.FixedType).size) {
          out.push({
            errorType: 'FIXED_SIZE_MISMATCH',
            description: `The size of FIXED type field at path '${path}/size' in the ${labels.reader} schema does not match with the ${labels.writer} schema`,
            additionalInfo: `expected: ${(w as avro.types.FixedType).size}, found: ${(r as avro.types.FixedType).size}`,
          });
        }
        return;
      case 'array':
        return visit((r as avro.types.ArrayType).itemsType, (w as avro.types.ArrayType).itemsType, `${path}/items`);
      case 'map':
        return visit((r as avro.types.MapType).valuesType as avro.Type, (w as avro.types.MapType).valuesType as avro.Type, `${path}/values`);
      default:
        return;
    }
  };

  const nameMismatch = (r: avro.Type, w: avro.Type, path: string) => {
    out.push({
      errorType: 'NAME_MISMATCH',
      description: `The name of the schema has changed (path '${path}/name')`,
      additionalInfo: `expected: ${w.name}`,
    });
  };

  /** Whether one reader branch reads the writer type, without recording the failures of branches tried. */
  const readable = (r: avro.Type, w: avro.Type): boolean => checkAvro(r, w, labels, new Set(seen)).length === 0;

  visit(reader, writer, '');
  return out;
}
