import { ConfigDef } from '../config/config-def';
import { DataException, fieldOf, withoutFieldName } from '../data/schema';
import { operand, requireMap, requireStruct, withOperand, type TransformPlugin } from './transformation';

const configDef = new ConfigDef().define({ name: 'field', type: 'STRING', importance: 'MEDIUM', documentation: 'Field name to extract.' });

/** ExtractField$Key / $Value: replaces the key or value with one of its fields. */
export function extractField(isKey: boolean): TransformPlugin {
  return {
    className: `org.apache.kafka.connect.transforms.ExtractField$${isKey ? 'Key' : 'Value'}`,
    configDef,
    create(props) {
      const name = props.field ?? '';
      const purpose = 'field extraction';
      return {
        apply(record) {
          const { schema, value } = operand(record, isKey);
          if (schema === null) {
            if (value === null || value === undefined) return withOperand(record, isKey, { schema: null, value: null });
            return withOperand(record, isKey, { schema: null, value: requireMap(value, purpose)[name] ?? null });
          }
          const f = fieldOf(schema, name);
          if (!f) throw new DataException(`Unknown field: ${name}`);
          if (value === null || value === undefined) return withOperand(record, isKey, { schema: withoutFieldName(f), value: null });
          const struct = requireStruct(schema, value, purpose);
          return withOperand(record, isKey, { schema: withoutFieldName(f), value: struct[name] ?? null });
        },
      };
    },
  };
}
