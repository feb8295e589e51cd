import * as protobuf from 'protobufjs';
import type { Incompatibility } from './incompatibility';

/** Scalar types whose wire encodings read each other (the registry's FieldSchemaDiff groups). */
const SCALAR_GROUPS = [
  ['int32', 'int64', 'uint32', 'uint64', 'bool'],
  ['sint32', 'sint64'],
  ['string', 'bytes'],
  ['fixed32', 'sfixed32'],
  ['fixed64', 'sfixed64'],
  ['float'],
  ['double'],
];

function messagesOf(root: protobuf.Root): Map<string, protobuf.Type> {
  const out = new Map<string, protobuf.Type>();
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const nested of ns.nestedArray) {
      if (nested instanceof protobuf.Type) out.set(nested.fullName, nested);
      if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) walk(nested);
    }
  };
  walk(root);
  return out;
}

/** A field's type class: its scalar group, "enum" (wire-compatible with the varint group), or the named message. */
function typeClass(field: protobuf.Field): string {
  const group = SCALAR_GROUPS.findIndex((g) => g.includes(field.type));
  if (group >= 0) return `scalar:${group}`;
  if (field.resolvedType instanceof protobuf.Enum) return 'scalar:0';
  return `message:${field.resolvedType?.fullName ?? field.type}`;
}

/**
 * Protobuf compatibility as the registry's SchemaDiff checks it: adding or removing fields and messages is compatible;
 * a changed package, a removed message, a field whose scalar group, named type or label changed, and required fields
 * added or removed are not. `reader`/`writer` as for Avro.
 */
export function checkProtobuf(
  reader: { root: protobuf.Root; packageName: string },
  writer: { root: protobuf.Root; packageName: string },
): Incompatibility[] {
  const out: Incompatibility[] = [];
  if (reader.packageName !== writer.packageName) {
    out.push({ errorType: 'PACKAGE_CHANGED', description: `The package at '#/' in the new schema does not match the one in the old schema` });
    return out;
  }
  const readerMessages = messagesOf(reader.root);
  for (const [name, w] of messagesOf(writer.root)) {
    const r = readerMessages.get(name);
    const path = `#/${name.replace(/^\./, '')}`;
    if (!r) {
      out.push({ errorType: 'MESSAGE_REMOVED', description: `The message at '${path}' in the old schema is missing in the new schema` });
      continue;
    }
    for (const wf of w.fieldsArray) {
      const rf = r.fieldsById[wf.id];
      if (!rf) {
        if (wf.required) out.push({ errorType: 'REQUIRED_FIELD_REMOVED', description: `The required field at '${path}/${wf.id}' is removed` });
        continue;
      }
      if (rf.repeated !== wf.repeated || (rf.map ?? false) !== (wf.map ?? false)) {
        out.push({ errorType: 'FIELD_KIND_CHANGED', description: `The kind of the field at '${path}/${wf.id}' has changed` });
      } else if (typeClass(rf) !== typeClass(wf)) {
        const named = typeClass(rf).startsWith('message') || typeClass(wf).startsWith('message');
        out.push({
          errorType: named ? 'FIELD_NAMED_TYPE_CHANGED' : 'FIELD_SCALAR_KIND_CHANGED',
          description: `The type of the field at '${path}/${wf.id}' has changed from ${wf.type} to ${rf.type}`,
        });
      }
    }
    for (const rf of r.fieldsArray) {
      if (rf.required && !w.fieldsById[rf.id]) out.push({ errorType: 'REQUIRED_FIELD_ADDED', description: `A required field at '${path}/${rf.id}' is added` });
    }
  }
  return out;
}
