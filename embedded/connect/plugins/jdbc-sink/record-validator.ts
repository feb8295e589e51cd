import type { SinkRecord } from '../../data/record';
import { isPrimitive, type ConnectSchema } from '../../data/schema';
import { JdbcWriteError } from './jdbc-write-error';
import type { JdbcSinkConfig } from './jdbc-sink-config';

/** Java's getClass().getSimpleName() of a Connect value, as the sink's messages print it. */
function valueTypeOrNull(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Buffer.isBuffer(value)) return 'byte[]';
  if (value instanceof Date) return 'Date';
  if (Array.isArray(value)) return 'ArrayList';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'number':
      return Number.isInteger(value) ? 'Long' : 'Double';
    case 'bigint':
      return 'Long';
    case 'boolean':
      return 'Boolean';
    default:
      return 'HashMap';
  }
}

const schemaTypeOrNull = (schema: ConnectSchema | null) => (schema === null ? 'null' : schema.type === 'struct' ? 'Struct' : schema.type);

/**
 * Confluent's RecordValidator (kafka-connect-jdbc 10.x before 10.9.4): unless deletes are enabled, every record needs a
 * Struct value with a Struct schema (pk.mode none, kafka or record_value); record_key and delete.enabled need a key with a
 * Struct or primitive schema. Schemaless JSON (a HashMap with a null schema) is refused. The sink throws this from
 * put(), outside errors.tolerance, so the task fails even with errors.tolerance=all.
 */
export function createRecordValidator(config: JdbcSinkConfig, connectorName: string): (record: SinkRecord) => void {
  const configured = `Sink connector '${connectorName}' is configured with 'delete.enabled=${config.deleteEnabled}' and 'pk.mode=${config.pkMode}' and therefore requires`;
  const at = (r: SinkRecord) => `(topic='${r.topic}',partition=${r.kafkaPartition},offset=${r.kafkaOffset},timestamp=${r.timestamp ?? 'null'})`;
  const requiresKey = (r: SinkRecord) => {
    if (r.key !== null && r.key !== undefined && r.keySchema && (r.keySchema.type === 'struct' || isPrimitive(r.keySchema))) return;
    throw new JdbcWriteError(
      `${configured} records with a non-null key and non-null Struct or primitive key schema, but found record at ${at(r)} with a ${valueTypeOrNull(r.key)} key and ${schemaTypeOrNull(r.keySchema)} key schema.`,
    );
  };
  const requiresValue = (r: SinkRecord) => {
    if (r.value !== null && r.value !== undefined && r.valueSchema?.type === 'struct') return;
    throw new JdbcWriteError(
      `${configured} records with a non-null Struct value and non-null Struct schema, but found record at ${at(r)} with a ${valueTypeOrNull(r.value)} value and ${schemaTypeOrNull(r.valueSchema)} value schema.`,
    );
  };
  const checks: Array<(r: SinkRecord) => void> = [];
  if (config.pkMode === 'record_key' || config.deleteEnabled) checks.push(requiresKey);
  if (config.pkMode === 'record_value' || config.pkMode === 'none' || !config.deleteEnabled) checks.push(requiresValue);
  return (record) => checks.forEach((check) => check(record));
}
