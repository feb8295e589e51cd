import { ConfigDef } from '../config/config-def';
import { field, structSchema } from '../data/schema';
import { operand, withOperand, type TransformPlugin } from './transformation';

const configDef = new ConfigDef().define({ name: 'field', type: 'STRING', importance: 'MEDIUM', documentation: 'Field name for the single field that will be created in the resulting Struct or Map.' });

/** HoistField$Key / $Value: wraps the key or value in a Struct (with a schema) or a Map (schemaless) of one field. */
export function hoistField(isKey: boolean): TransformPlugin {
  return {
    className: `org.apache.kafka.connect.transforms.HoistField$${isKey ? 'Key' : 'Value'}`,
    configDef,
    create(props) {
      const name = props.field ?? '';
      return {
        apply(record) {
          const { schema, value } = operand(record, isKey);
          if (schema === null) return withOperand(record, isKey, { schema: null, value: { [name]: value ?? null } });
          return withOperand(record, isKey, { schema: structSchema([field(name, schema)]), value: { [name]: value ?? null } });
        },
      };
    },
  };
}
