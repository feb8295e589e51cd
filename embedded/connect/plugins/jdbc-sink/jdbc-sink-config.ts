import { ConfigDef, validators } from '../../config/config-def';
import { parseJdbcUrl } from './jdbc-url';

export type InsertMode = 'insert' | 'upsert' | 'update';
export type PkMode = 'none' | 'kafka' | 'record_key' | 'record_value';

export interface JdbcSinkConfig {
  connectionUrl: string;
  user?: string;
  password?: string;
  insertMode: InsertMode;
  pkMode: PkMode;
  pkFields: string[];
  fieldsWhitelist: string[];
  tableNameFormat: string;
  autoCreate: boolean;
  autoEvolve: boolean;
  deleteEnabled: boolean;
  batchSize: number;
  maxRetries: number;
  retryBackoffMs: number;
  quoteIdentifiers: boolean;
}

const CONNECTION = 'Connection';
const WRITES = 'Writes';
const FIELDS = 'Data Mapping';
const DDL = 'DDL Support';
const RETRIES = 'Retries';

export const KAFKA_PK_FIELDS = ['__connect_topic', '__connect_partition', '__connect_offset'];

/** io.confluent.connect.jdbc.JdbcSinkConnector's keys (the ones that matter for PostgreSQL), with its defaults. */
export const jdbcSinkConfigDef = new ConfigDef()
  .define({ name: 'connection.url', type: 'STRING', importance: 'HIGH', documentation: 'JDBC connection URL, e.g. jdbc:postgresql://localhost:5432/db', group: CONNECTION, orderInGroup: 1, width: 'LONG', displayName: 'JDBC URL', validator: (v) => { const parsed = parseJdbcUrl(String(v)); return 'error' in parsed ? parsed.error : undefined; } })
  .define({ name: 'connection.user', type: 'STRING', defaultValue: null, importance: 'HIGH', documentation: 'JDBC connection user.', group: CONNECTION, orderInGroup: 2, width: 'MEDIUM', displayName: 'JDBC User' })
  .define({ name: 'connection.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', documentation: 'JDBC connection password.', group: CONNECTION, orderInGroup: 3, width: 'MEDIUM', displayName: 'JDBC Password' })
  .define({ name: 'connection.attempts', type: 'INT', defaultValue: '3', importance: 'LOW', documentation: 'Maximum number of attempts to retrieve a valid JDBC connection.', group: CONNECTION, orderInGroup: 4, width: 'SHORT', displayName: 'JDBC connection attempts', validator: validators.atLeast(1) })
  .define({ name: 'connection.backoff.ms', type: 'LONG', defaultValue: '10000', importance: 'LOW', documentation: 'Backoff time in milliseconds between connection attempts.', group: CONNECTION, orderInGroup: 5, width: 'SHORT', displayName: 'JDBC connection backoff in milliseconds' })
  .define({ name: 'dialect.name', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'The name of the database dialect that should be used for this connector. Only PostgreSqlDatabaseDialect (or empty) is supported here.', group: CONNECTION, orderInGroup: 6, width: 'LONG', displayName: 'Database Dialect', validator: validators.oneOf(['', 'PostgreSqlDatabaseDialect']) })
  .define({ name: 'insert.mode', type: 'STRING', defaultValue: 'insert', importance: 'HIGH', documentation: 'The insertion mode to use: insert, upsert or update.', group: WRITES, orderInGroup: 1, width: 'MEDIUM', displayName: 'Insert Mode', validator: validators.oneOf(['insert', 'upsert', 'update'], true), recommendedValues: ['insert', 'upsert', 'update'] })
  .define({ name: 'batch.size', type: 'INT', defaultValue: '3000', importance: 'MEDIUM', documentation: 'Specifies how many records to attempt to batch together for insertion into the destination table, when possible.', group: WRITES, orderInGroup: 2, width: 'SHORT', displayName: 'Batch Size', validator: validators.atLeast(0) })
  .define({ name: 'delete.enabled', type: 'BOOLEAN', defaultValue: 'false', importance: 'MEDIUM', documentation: 'Whether to treat null record values as deletes. Requires pk.mode to be record_key.', group: WRITES, orderInGroup: 3, width: 'SHORT', displayName: 'Enable deletes' })
  .define({ name: 'table.name.format', type: 'STRING', defaultValue: '${topic}', importance: 'MEDIUM', documentation: "A format string for the destination table name, which may contain '${topic}' as a placeholder for the originating topic name.", group: DDL, orderInGroup: 1, width: 'LONG', displayName: 'Table Name Format', validator: validators.nonEmpty() })
  .define({ name: 'table.types', type: 'LIST', defaultValue: 'TABLE', importance: 'LOW', documentation: 'The comma-separated types of database tables to which the sink connector can write.', group: DDL, orderInGroup: 2, width: 'LONG', displayName: 'Table Types' })
  .define({ name: 'pk.mode', type: 'STRING', defaultValue: 'none', importance: 'HIGH', documentation: 'The primary key mode: none, kafka, record_key or record_value.', group: FIELDS, orderInGroup: 1, width: 'MEDIUM', displayName: 'Primary Key Mode', validator: validators.oneOf(['none', 'kafka', 'record_key', 'record_value'], true), recommendedValues: ['none', 'kafka', 'record_key', 'record_value'] })
  .define({ name: 'pk.fields', type: 'LIST', defaultValue: '', importance: 'MEDIUM', documentation: 'List of comma-separated primary key field names. The runtime interpretation of this config depends on the pk.mode.', group: FIELDS, orderInGroup: 2, width: 'LONG', displayName: 'Primary Key Fields' })
  .define({ name: 'fields.whitelist', type: 'LIST', defaultValue: '', importance: 'MEDIUM', documentation: 'List of comma-separated record value field names. If empty, all fields from the record value are utilized, otherwise used to filter to the desired fields.', group: FIELDS, orderInGroup: 3, width: 'LONG', displayName: 'Fields Whitelist' })
  .define({ name: 'db.timezone', type: 'STRING', defaultValue: 'UTC', importance: 'MEDIUM', documentation: 'Name of the JDBC timezone used in the connector when inserting time-based values. Only UTC is supported here.', group: FIELDS, orderInGroup: 4, width: 'MEDIUM', displayName: 'DB Time Zone', validator: validators.oneOf(['UTC']) })
  .define({ name: 'quote.sql.identifiers', type: 'STRING', defaultValue: 'always', importance: 'MEDIUM', documentation: 'When to quote table names, column names, and other identifiers in SQL statements.', group: DDL, orderInGroup: 3, width: 'SHORT', displayName: 'Quote Identifiers', validator: validators.oneOf(['always', 'never'], true) })
  .define({ name: 'auto.create', type: 'BOOLEAN', defaultValue: 'false', importance: 'MEDIUM', documentation: 'Whether to automatically create the destination table based on record schema if it is found to be missing by issuing CREATE.', group: DDL, orderInGroup: 4, width: 'SHORT', displayName: 'Auto-Create' })
  .define({ name: 'auto.evolve', type: 'BOOLEAN', defaultValue: 'false', importance: 'MEDIUM', documentation: 'Whether to automatically add columns in the table schema when found to be missing relative to the record schema by issuing ALTER.', group: DDL, orderInGroup: 5, width: 'SHORT', displayName: 'Auto-Evolve' })
  .define({ name: 'max.retries', type: 'INT', defaultValue: '10', importance: 'MEDIUM', documentation: 'The maximum number of times to retry on errors before failing the task.', group: RETRIES, orderInGroup: 1, width: 'SHORT', displayName: 'Maximum Retries', validator: validators.atLeast(0) })
  .define({ name: 'retry.backoff.ms', type: 'INT', defaultValue: '3000', importance: 'MEDIUM', documentation: 'The time in milliseconds to wait following an error before a retry attempt is made.', group: RETRIES, orderInGroup: 2, width: 'SHORT', displayName: 'Retry Backoff (millis)', validator: validators.atLeast(0) });

const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** Cross-field rules of the JDBC sink, reported per key. */
export function validateJdbcSink(config: Record<string, string>): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  const add = (key: string, message: string) => errors.set(key, [...(errors.get(key) ?? []), message]);
  const pkMode = (config['pk.mode'] ?? 'none').toLowerCase();
  const insertMode = (config['insert.mode'] ?? 'insert').toLowerCase();
  const pkFields = list(config['pk.fields']);
  if ((config['delete.enabled'] ?? 'false').toLowerCase() === 'true' && pkMode !== 'record_key') {
    add('delete.enabled', 'Deletes are only supported for pk.mode record_key');
    add('pk.mode', 'Deletes are only supported for pk.mode record_key');
  }
  if ((insertMode === 'upsert' || insertMode === 'update') && pkMode === 'none') {
    add('insert.mode', `Write to table in ${insertMode.toUpperCase()} mode requires key field names to be known, check the primary key configuration (pk.mode must not be none)`);
    add('pk.mode', `pk.mode none cannot identify rows for insert.mode ${insertMode}`);
  }
  if (pkMode === 'kafka' && pkFields.length !== 0 && pkFields.length !== 3) {
    add('pk.fields', `PK mode is kafka so there should either be no field names defined for defaults ${KAFKA_PK_FIELDS.join(',')} to be applicable, or exactly 3, defined fields are: ${pkFields.join(',')}`);
  }
  if (pkMode === 'none' && pkFields.length > 0) add('pk.fields', 'pk.fields must be empty when pk.mode is none');
  const format = config['table.name.format'] ?? '${topic}';
  if (format.split('.').length > 2) add('table.name.format', `Invalid value ${format} for configuration table.name.format: expected [schema.]table`);
  return errors;
}

export function parseJdbcSinkConfig(config: Record<string, string>): JdbcSinkConfig {
  const bool = (key: string, fallback: boolean) => (config[key] === undefined ? fallback : config[key]!.trim().toLowerCase() === 'true');
  const int = (key: string, fallback: number) => (config[key] === undefined ? fallback : Number(config[key]));
  return {
    connectionUrl: config['connection.url'] ?? '',
    user: config['connection.user'] || undefined,
    password: config['connection.password'] || undefined,
    insertMode: (config['insert.mode'] ?? 'insert').toLowerCase() as InsertMode,
    pkMode: (config['pk.mode'] ?? 'none').toLowerCase() as PkMode,
    pkFields: list(config['pk.fields']),
    fieldsWhitelist: list(config['fields.whitelist']),
    tableNameFormat: config['table.name.format'] ?? '${topic}',
    autoCreate: bool('auto.create', false),
    autoEvolve: bool('auto.evolve', false),
    deleteEnabled: bool('delete.enabled', false),
    batchSize: int('batch.size', 3000) || 3000,
    maxRetries: int('max.retries', 10),
    retryBackoffMs: int('retry.backoff.ms', 3000),
    quoteIdentifiers: (config['quote.sql.identifiers'] ?? 'always').toLowerCase() !== 'never',
  };
}
