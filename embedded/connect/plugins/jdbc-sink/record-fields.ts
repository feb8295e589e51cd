import type { SinkRecord } from '../../data/record';
import { DataException, isPrimitive, type ConnectSchema } from '../../data/schema';
import { KAFKA_PK_FIELDS, type JdbcSinkConfig } from './jdbc-sink-config';

export interface ColumnField {
  name: string;
  schema: ConnectSchema;
  isPrimaryKey: boolean;
}

/** The columns one record writes and their values, in column order: key columns first (Confluent's FieldsMetadata). */
export interface RecordRow {
  keyColumns: ColumnField[];
  valueColumns: ColumnField[];
  keyValues: unknown[];
  values: unknown[];
  /** delete statement (tombstone with delete.enabled) */
  isDelete: boolean;
}

function describeRecord(record: SinkRecord): string {
  return `(topic='${record.topic}',partition=${record.kafkaPartition},offset=${record.kafkaOffset},timestamp=${record.timestamp ?? 'null'})`;
}

function structFields(schema: ConnectSchema | null, value: unknown): { schema: ConnectSchema; value: Record<string, unknown> } | undefined {
  if (!schema || schema.type !== 'struct' || !value || typeof value !== 'object') return undefined;
  return { schema, value: value as Record<string, unknown> };
}

/**
 * Extracts key and value columns of a record per pk.mode / pk.fields / fields.whitelist, or throws a ConnectException-style
 * error. The record's shape (Struct value, key schema) was checked by the record validator before.
 */
export function extractRow(record: SinkRecord, table: string, config: JdbcSinkConfig): RecordRow {
  const isTombstone = record.value === null || record.value === undefined;
  const value = isTombstone ? undefined : structFields(record.valueSchema, record.value);

  const keyColumns: ColumnField[] = [];
  const keyValues: unknown[] = [];
  const pkNames = new Set<string>();
  const addKey = (name: string, schema: ConnectSchema, v: unknown) => {
    keyColumns.push({ name, schema: { ...schema, optional: false }, isPrimaryKey: true });
    keyValues.push(v);
    pkNames.add(name);
  };

  switch (config.pkMode) {
    case 'none':
      break;
    case 'kafka': {
      const [topicCol, partitionCol, offsetCol] = config.pkFields.length === 3 ? config.pkFields : KAFKA_PK_FIELDS;
      addKey(topicCol!, { type: 'string' }, record.topic);
      addKey(partitionCol!, { type: 'int32' }, record.kafkaPartition);
      addKey(offsetCol!, { type: 'int64' }, record.kafkaOffset);
      break;
    }
    case 'record_key': {
      const keySchema = record.keySchema;
      if (!keySchema || record.key === null || record.key === undefined) {
        throw new DataException(`PK mode for table '${table}' is RECORD_KEY, but record key schema is missing`);
      }
      if (isPrimitive(keySchema)) {
        if (config.pkFields.length !== 1) {
          throw new DataException(`Need exactly one PK column defined since the key schema for records is a primitive type, defined columns are: [${config.pkFields.join(', ')}]`);
        }
        addKey(config.pkFields[0]!, keySchema, record.key);
        break;
      }
      const key = structFields(keySchema, record.key);
      if (!key) throw new DataException(`Key schema must be primitive type or Struct, but is of type: ${keySchema.type.toUpperCase()}`);
      const names = config.pkFields.length > 0 ? config.pkFields : (key.schema.fields ?? []).map((f) => f.field);
      for (const name of names) {
        const f = key.schema.fields?.find((x) => x.field === name);
        if (!f) throw new DataException(`PK mode for table '${table}' is RECORD_KEY with configured PK fields [${names.join(', ')}], but record key schema does not contain field: ${name}`);
        addKey(name, f, key.value[name]);
      }
      break;
    }
    case 'record_value': {
      if (!value) throw new DataException(`PK mode for table '${table}' is RECORD_VALUE, but record value schema is missing`);
      const names = config.pkFields.length > 0 ? config.pkFields : (value.schema.fields ?? []).map((f) => f.field);
      for (const name of names) {
        const f = value.schema.fields?.find((x) => x.field === name);
        if (!f) throw new DataException(`PK mode for table '${table}' is RECORD_VALUE with configured PK fields [${names.join(', ')}], but record value schema does not contain field: ${name}`);
        if (value.value[name] === null || value.value[name] === undefined) throw new DataException(`Primary key field ${name} of the record at ${describeRecord(record)} is null`);
        addKey(name, f, value.value[name]);
      }
      break;
    }
  }

  const valueColumns: ColumnField[] = [];
  const values: unknown[] = [];
  if (value) {
    for (const f of value.schema.fields ?? []) {
      if (pkNames.has(f.field)) continue;
      if (config.fieldsWhitelist.length > 0 && !config.fieldsWhitelist.includes(f.field)) continue;
      valueColumns.push({ name: f.field, schema: f, isPrimaryKey: false });
      values.push(value.value[f.field]);
    }
  }
  return { keyColumns, valueColumns, keyValues, values, isDelete: isTombstone };
}
