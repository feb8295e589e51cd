import { ConfigDef } from '../config/config-def';
import type { ConnectRecord, SinkRecord } from '../data/record';
import { field, LOGICAL, type ConnectField, type ConnectSchema } from '../data/schema';
import { operand, requireMap, requireStruct, withOperand, type TransformPlugin } from './transformation';

const configDef = new ConfigDef()
  .define({ name: 'topic.field', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Field name for Kafka topic. Suffix with ! to make this a required field, or ? to keep it optional (the default).' })
  .define({ name: 'partition.field', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Field name for Kafka partition.' })
  .define({ name: 'offset.field', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Field name for Kafka offset - only applicable to sink connectors.' })
  .define({ name: 'timestamp.field', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Field name for record timestamp.' })
  .define({ name: 'static.field', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Field name for static data field.' })
  .define({ name: 'static.value', type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'Static field value, if field name configured.' });

interface Insert {
  name: string;
  optional: boolean;
  schema: ConnectSchema;
  valueOf(record: ConnectRecord): unknown;
}

function spec(raw: string | undefined): { name: string; optional: boolean } | undefined {
  if (!raw) return undefined;
  if (raw.endsWith('!')) return { name: raw.slice(0, -1), optional: false };
  if (raw.endsWith('?')) return { name: raw.slice(0, -1), optional: true };
  return { name: raw, optional: true };
}

/** InsertField$Key / $Value: adds topic, partition, offset, timestamp or a static value as fields. */
export function insertField(isKey: boolean): TransformPlugin {
  return {
    className: `org.apache.kafka.connect.transforms.InsertField$${isKey ? 'Key' : 'Value'}`,
    configDef,
    create(props) {
      const inserts: Insert[] = [];
      const add = (key: string, schema: ConnectSchema, valueOf: (r: ConnectRecord) => unknown) => {
        const s = spec(props[key]);
        if (s) inserts.push({ ...s, schema: { ...schema, optional: s.optional }, valueOf });
      };
      add('topic.field', { type: 'string' }, (r) => r.topic);
      add('partition.field', { type: 'int32' }, (r) => r.kafkaPartition);
      add('offset.field', { type: 'int64' }, (r) => (r as Partial<SinkRecord>).kafkaOffset ?? null);
      add('timestamp.field', { type: 'int64', name: LOGICAL.timestamp }, (r) => (r.timestamp === null ? null : new Date(r.timestamp)));
      add('static.field', { type: 'string' }, () => props['static.value'] ?? null);
      const purpose = 'field insertion';

      return {
        apply(record) {
          const { schema, value } = operand(record, isKey);
          // Tombstones pass through untouched so deletes still reach the sink.
          if (value === null || value === undefined) return record;
          if (schema === null) {
            const map = { ...requireMap(value, purpose) };
            for (const insert of inserts) {
              const v = insert.valueOf(record);
              map[insert.name] = v instanceof Date ? v.getTime() : v;
            }
            return withOperand(record, isKey, { schema: null, value: map });
          }
          const struct = { ...requireStruct(schema, value, purpose) };
          const fields: ConnectField[] = [...(schema.fields ?? [])];
          for (const insert of inserts) {
            if (!fields.some((f) => f.field === insert.name)) fields.push(field(insert.name, insert.schema));
            struct[insert.name] = insert.valueOf(record);
          }
          return withOperand(record, isKey, { schema: { ...schema, fields }, value: struct });
        },
      };
    },
  };
}
