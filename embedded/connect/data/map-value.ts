import type { ConnectSchema } from './schema';

export interface MapValueOptions {
  /** What a null (or missing) value becomes; default null. May throw for a required schema. */
  ifNull?: (schema: ConnectSchema) => unknown;
  /** Maps to write as an array of `{key, value}` entries (Avro's MapEntry for non-string keys). */
  asEntries?: (schema: ConnectSchema) => boolean;
}

/**
 * Rebuilds a Connect value through its schema for a wire format: arrays, maps and structs are walked, every other
 * value (logical types included) goes through `leaf`. One walk shared by the registry converters' mappings.
 */
export function mapConnectValue(schema: ConnectSchema, value: unknown, leaf: (schema: ConnectSchema, value: unknown) => unknown, options: MapValueOptions = {}): unknown {
  if (value === null || value === undefined) return options.ifNull ? options.ifNull(schema) : null;
  const walk = (s: ConnectSchema, v: unknown) => mapConnectValue(s, v, leaf, options);
  switch (schema.type) {
    case 'array':
      return (value as unknown[]).map((v) => walk(schema.items!, v));
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      if (options.asEntries?.(schema)) return entries.map(([k, v]) => ({ key: walk(schema.keys!, k), value: walk(schema.values!, v) }));
      return Object.fromEntries(entries.map(([k, v]) => [k, walk(schema.values!, v)]));
    }
    case 'struct': {
      const source = value as Record<string, unknown>;
      return Object.fromEntries((schema.fields ?? []).map((f) => [f.field, walk(f, source[f.field])]));
    }
    default:
      return leaf(schema, value);
  }
}
