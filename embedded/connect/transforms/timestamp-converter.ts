import { ConfigDef, validators } from '../config/config-def';
import { compileDateFormat, type DateFormat } from '../data/simple-date-format';
import { DataException, LOGICAL, type ConnectSchema } from '../data/schema';
import { operand, requireMap, requireStruct, withOperand, type TransformPlugin } from './transformation';

const TARGETS = ['string', 'unix', 'Date', 'Time', 'Timestamp'];
const PRECISIONS = ['nanoseconds', 'microseconds', 'milliseconds', 'seconds'];
const DAY_MS = 86_400_000;

const configDef = new ConfigDef()
  .define({ name: 'field', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'The field containing the timestamp, or empty if the entire value is a timestamp' })
  .define({ name: 'target.type', type: 'STRING', importance: 'HIGH', documentation: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp', validator: validators.oneOf(TARGETS) })
  .define({
    name: 'format',
    type: 'STRING',
    defaultValue: '',
    importance: 'MEDIUM',
    documentation: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.',
    validator: (value) => {
      try {
        if (value) compileDateFormat(String(value));
        return undefined;
      } catch (error) {
        return `Invalid format: ${(error as Error).message}`;
      }
    },
  })
  .define({ name: 'unix.precision', type: 'STRING', defaultValue: 'milliseconds', importance: 'LOW', documentation: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds.', validator: validators.oneOf(PRECISIONS) });

const TARGET_SCHEMA: Record<string, ConnectSchema> = {
  string: { type: 'string' },
  unix: { type: 'int64' },
  Date: { type: 'int32', name: LOGICAL.date },
  Time: { type: 'int32', name: LOGICAL.time },
  Timestamp: { type: 'int64', name: LOGICAL.timestamp },
};

/** TimestampConverter$Key / $Value: converts a timestamp between string, unix epoch and the logical types. */
export function timestampConverter(isKey: boolean): TransformPlugin {
  return {
    className: `org.apache.kafka.connect.transforms.TimestampConverter$${isKey ? 'Key' : 'Value'}`,
    configDef,
    create(props) {
      const fieldName = props.field ?? '';
      const target = props['target.type']!;
      const precision = props['unix.precision'] ?? 'milliseconds';
      const format: DateFormat | undefined = props.format ? compileDateFormat(props.format) : undefined;
      if (target === 'string' && !format) throw new DataException('TimestampConverter requires format option to be specified when using string timestamps');
      const unitMs = { nanoseconds: 1e-6, microseconds: 1e-3, milliseconds: 1, seconds: 1000 }[precision] ?? 1;
      const purpose = 'converting timestamp formats';

      const toDate = (value: unknown, schema: ConnectSchema | null): Date => {
        if (value instanceof Date) return value;
        if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value) * unitMs);
        if (typeof value === 'string') {
          if (schema === null && /^-?\d+$/.test(value) && !format) return new Date(Number(value) * unitMs);
          if (!format) throw new DataException('TimestampConverter requires format option to be specified when using string timestamps');
          try {
            return format.parse(value);
          } catch (error) {
            throw new DataException(`Could not parse timestamp: value (${value}) does not match pattern (${props.format})`, { cause: error });
          }
        }
        throw new DataException(`Expected a timestamp, found ${typeof value}`);
      };
      const fromDate = (date: Date): unknown => {
        switch (target) {
          case 'string':
            return format!.format(date);
          case 'unix':
            return Math.floor(date.getTime() / unitMs);
          case 'Date':
            return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
          case 'Time':
            return new Date(((date.getTime() % DAY_MS) + DAY_MS) % DAY_MS);
          default:
            return date;
        }
      };
      const convert = (value: unknown, schema: ConnectSchema | null) => (value === null || value === undefined ? null : fromDate(toDate(value, schema)));
      const targetSchema = (optional: boolean | undefined): ConnectSchema => ({ ...TARGET_SCHEMA[target]!, optional: optional === true });

      return {
        apply(record) {
          const { schema, value } = operand(record, isKey);
          if (fieldName === '') {
            return withOperand(record, isKey, { schema: schema ? targetSchema(schema.optional) : null, value: convert(value, schema) });
          }
          if (value === null || value === undefined) return record;
          if (schema === null) {
            const map = { ...requireMap(value, purpose) };
            // Schemaless maps hold the Date itself, as Connect's do; JsonConverter writes it as epoch millis.
            map[fieldName] = convert(map[fieldName], null);
            return withOperand(record, isKey, { schema: null, value: map });
          }
          const struct = { ...requireStruct(schema, value, purpose) };
          const f = schema.fields?.find((x) => x.field === fieldName);
          if (!f) throw new DataException(`Unknown field: ${fieldName}`);
          struct[fieldName] = convert(struct[fieldName], f);
          const fields = schema.fields!.map((x) => (x.field === fieldName ? { ...targetSchema(x.optional), field: fieldName } : x));
          return withOperand(record, isKey, { schema: { ...schema, fields }, value: struct });
        },
      };
    },
  };
}
