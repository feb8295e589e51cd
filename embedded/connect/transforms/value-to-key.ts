import { ConfigDef } from '../config/config-def';
import { DataException, fieldOf, structSchema } from '../data/schema';
import { requireMap, requireStruct, type TransformPlugin } from './transformation';

const configDef = new ConfigDef().define({
  name: 'fields',
  type: 'LIST',
  importance: 'HIGH',
  documentation: 'Field names on the record value to extract as the record key.',
  validator: (value) => ((value as string[]).length === 0 ? 'Empty list' : undefined),
});

/** ValueToKey: replaces the key with a struct (or map) of fields taken from the value. */
export const valueToKey: TransformPlugin = {
  className: 'org.apache.kafka.connect.transforms.ValueToKey',
  configDef,
  create(props) {
    const fields = (props.fields ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const purpose = 'copying fields from value to key';
    return {
      apply(record) {
        if (record.valueSchema === null) {
          const map = requireMap(record.value, purpose);
          return { ...record, keySchema: null, key: Object.fromEntries(fields.map((f) => [f, map[f] ?? null])) };
        }
        const struct = requireStruct(record.valueSchema, record.value, purpose);
        const keyFields = fields.map((name) => {
          const f = fieldOf(record.valueSchema!, name);
          if (!f) throw new DataException(`Field does not exist: ${name}`);
          return f;
        });
        return {
          ...record,
          keySchema: structSchema(keyFields),
          key: Object.fromEntries(fields.map((f) => [f, struct[f]])),
        };
      },
    };
  },
};
