import type { Incompatibility } from './incompatibility';

type JsonSchema = { [key: string]: unknown };

const asSchema = (value: unknown): JsonSchema => (value && typeof value === 'object' ? (value as JsonSchema) : {});
const types = (s: JsonSchema): string[] | undefined => (s.type === undefined ? undefined : ([] as string[]).concat(s.type as string));
const isClosed = (s: JsonSchema) => s.additionalProperties === false;

/**
 * JSON Schema compatibility as the registry's STRICT policy sees it: can the `reader` schema accept every document the
 * `writer` schema accepts? Covers types, properties against open and closed content models, required properties and
 * enums, recursing into common properties and array items.
 */
export function checkJsonSchema(reader: unknown, writer: unknown, path = '#'): Incompatibility[] {
  const r = asSchema(reader);
  const w = asSchema(writer);
  const out: Incompatibility[] = [];
  const rTypes = types(r);
  const wTypes = types(w);
  if (rTypes && (!wTypes || wTypes.some((t) => !rTypes.includes(t) && !(t === 'integer' && rTypes.includes('number'))))) {
    out.push({ errorType: 'TYPE_NARROWED', description: `The type at path '${path}' is narrowed` });
    return out;
  }
  if (Array.isArray(r.enum) && Array.isArray(w.enum)) {
    const allowed = new Set(r.enum.map((v) => JSON.stringify(v)));
    if (w.enum.some((v) => !allowed.has(JSON.stringify(v)))) out.push({ errorType: 'ENUM_ARRAY_NARROWED', description: `The enum at path '${path}/enum' is narrowed` });
  }
  const rProps = asSchema(r.properties);
  const wProps = asSchema(w.properties);
  for (const name of Object.keys(wProps)) {
    if (name in rProps) out.push(...checkJsonSchema(rProps[name], wProps[name], `${path}/properties/${name}`));
    else if (isClosed(r)) {
      out.push({ errorType: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', description: `The property '${name}' at path '${path}/properties/${name}' is removed from a closed content model` });
    }
  }
  for (const name of Object.keys(rProps)) {
    if (name in wProps || isClosed(w)) continue;
    out.push({ errorType: 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', description: `The property '${name}' at path '${path}/properties/${name}' is added to an open content model` });
  }
  const wRequired = new Set(Array.isArray(w.required) ? (w.required as string[]) : []);
  for (const name of Array.isArray(r.required) ? (r.required as string[]) : []) {
    if (wRequired.has(name) || asSchema(rProps[name]).default !== undefined) continue;
    out.push({ errorType: 'REQUIRED_ATTRIBUTE_ADDED', description: `The required property '${name}' at path '${path}/required' is added without a default` });
  }
  if (r.items !== undefined && w.items !== undefined) out.push(...checkJsonSchema(r.items, w.items, `${path}/items`));
  return out;
}
