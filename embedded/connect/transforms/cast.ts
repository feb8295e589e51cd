import { ConfigDef } from '../config/config-def';
import { DataException, type ConnectSchema, type SchemaType } from '../data/schema';
import { operand, requireMap, requireStruct, withOperand, type TransformPlugin } from './transformation';

const TYPES = new Set<SchemaType>(['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string']);
const WHOLE = '__whole_value__';

function parseSpec(spec: string): Map<string, SchemaType> | string {
  const out = new Map<string, SchemaType>();
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return 'Must specify at least one field to cast.';
  for (const part of parts) {
    const pieces = part.split(':');
    const [name, type] = pieces.length === 1 ? [WHOLE, pieces[0]!] : [pieces[0]!, pieces[1]!];
    if (pieces.length > 2 || !TYPES.has(type as SchemaType)) return `Invalid cast mapping: ${part}`;
    if (name === WHOLE && parts.length > 1) return 'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec';
    out.set(name, type as SchemaType);
  }
  return out;
}

const configDef = new ConfigDef().define({
  name: 'spec',
  type: 'LIST',
  importance: 'HIGH',
  documentation: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value.',
  validator: (value) => {
    const parsed = parseSpec((value as string[]).join(','));
    return typeof parsed === 'string' ? parsed : undefined;
  },
});

function castValue(value: unknown, type: SchemaType): unknown {
  if (value === null || value === undefined) return null;
  const fail = () => new DataException(`Unexpected type in Cast transformation: ${typeof value} to ${type.toUpperCase()}`);
  const asNumber = (): number => {
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return value.getTime();
    if (typeof value === 'string') {
      const n = Number(value.trim());
      if (value.trim() === '' || Number.isNaN(n)) throw new DataException(`Value (${value}) was out of range for requested data type ${type.toUpperCase()}`);
      return n;
    }
    throw fail();
  };
  const integer = (bits: number) => {
    const n = Math.trunc(asNumber());
    if (typeof value === 'string' && !/^[-+]?\d+$/.test(value.trim())) throw new DataException(`Value (${value}) is not a valid ${type.toUpperCase()}`);
    const half = 2 ** (bits - 1);
    // Java narrows by two's complement wrap-around.
    return bits >= 53 ? n : ((((n + half) % (2 * half)) + 2 * half) % (2 * half)) - half;
  };
  switch (type) {
    case 'int8':
      return integer(8);
    case 'int16':
      return integer(16);
    case 'int32':
      return integer(32);
    case 'int64':
      return integer(64);
    case 'float32':
      return Math.fround(asNumber());
    case 'float64':
      return asNumber();
    case 'boolean':
      if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
      return asNumber() !== 0;
    case 'string':
      if (value instanceof Date) return value.toISOString();
      if (Buffer.isBuffer(value)) return value.toString('base64');
      if (typeof value === 'object') return JSON.stringify(value);
      return String(value);
    default:
      throw fail();
  }
}

/** Cast$Key / $Value: casts fields (or the whole value) to another primitive type. */
export function cast(isKey: boolean): TransformPlugin {
  return {
    className: `org.apache.kafka.connect.transforms.Cast$${isKey ? 'Key' : 'Value'}`,
    configDef,
    create(props) {
      const spec = parseSpec(props.spec ?? '');
      if (typeof spec === 'string') throw new DataException(spec);
      const purpose = 'cast types';
      return {
        apply(record) {
          const { schema, value } = operand(record, isKey);
          const whole = spec.get(WHOLE);
          if (whole) {
            const nextSchema: ConnectSchema | null = schema ? { type: whole, optional: schema.optional === true } : null;
            return withOperand(record, isKey, { schema: nextSchema, value: castValue(value, whole) });
          }
          if (value === null || value === undefined) return record;
          if (schema === null) {
            const map = { ...requireMap(value, purpose) };
            for (const [name, type] of spec) if (name in map) map[name] = castValue(map[name], type);
            return withOperand(record, isKey, { schema: null, value: map });
          }
          const struct = { ...requireStruct(schema, value, purpose) };
          const fields = (schema.fields ?? []).map((f) => {
            const type = spec.get(f.field);
            if (!type) return f;
            struct[f.field] = castValue(struct[f.field], type);
            return { field: f.field, type, optional: f.optional === true };
          });
          return withOperand(record, isKey, { schema: { ...schema, fields }, value: struct });
        },
      };
    },
  };
}
