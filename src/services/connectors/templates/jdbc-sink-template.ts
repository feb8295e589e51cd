import {
  checkConnectorName,
  checkTasksMax,
  converterConfig,
  carriesSchema,
  errorHandlingConfig,
  FieldProblems,
  topicsConfig,
  type ConverterInput,
  type ErrorHandlingInput,
  type TopicsInput,
} from './template-errors';

export type JdbcInsertMode = 'INSERT' | 'UPSERT' | 'UPDATE';
export type JdbcPkMode = 'NONE' | 'KAFKA' | 'RECORD_KEY' | 'RECORD_VALUE';

export interface JdbcSinkTemplateInput extends TopicsInput, ErrorHandlingInput {
  name: string;
  /** jdbc:<subprotocol>:… — e.g. jdbc:postgresql://db:5432/analytics */
  connectionUrl: string;
  connectionUser?: string | null;
  connectionPassword?: string | null;
  insertMode?: JdbcInsertMode | null;
  pkMode?: JdbcPkMode | null;
  pkFields?: string[] | null;
  autoCreate?: boolean | null;
  autoEvolve?: boolean | null;
  tableNameFormat?: string | null;
  deleteEnabled?: boolean | null;
  batchSize?: number | null;
  tasksMax?: number | null;
  keyConverter?: ConverterInput | null;
  valueConverter?: ConverterInput | null;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * The exact io.confluent.connect.jdbc.JdbcSinkConnector config for a validated input. Every rule the connector would
 * only enforce at runtime is checked here first, each problem naming its input field (BAD_USER_INPUT).
 */
export function jdbcSinkConfig(input: JdbcSinkTemplateInput): Record<string, string> {
  const problems = new FieldProblems();
  checkConnectorName(input.name, problems);
  const { config: topics, topics: topicList } = topicsConfig(input, problems);
  problems.check(/^jdbc:[a-z0-9]+:/i.test(input.connectionUrl), 'input.connectionUrl', 'must be a JDBC URL such as jdbc:postgresql://host:5432/database');
  problems.check(!/[?&;]password=/i.test(input.connectionUrl), 'input.connectionUrl', 'put the password in connectionPassword, not in the URL (the URL is not treated as a secret)');

  const insertMode = input.insertMode ?? 'INSERT';
  const pkMode = input.pkMode ?? 'NONE';
  const pkFields = input.pkFields ?? [];
  if (insertMode !== 'INSERT') problems.check(pkMode !== 'NONE', 'input.pkMode', `insertMode ${insertMode} needs a primary key: pkMode KAFKA, RECORD_KEY or RECORD_VALUE`);
  if (input.deleteEnabled) problems.check(pkMode === 'RECORD_KEY', 'input.deleteEnabled', 'deletes (tombstones) need pkMode RECORD_KEY');
  if (pkMode === 'NONE') problems.check(pkFields.length === 0, 'input.pkFields', 'pkFields need a pkMode other than NONE');
  if (pkMode === 'KAFKA') problems.check(pkFields.length === 0 || pkFields.length === 3, 'input.pkFields', 'with pkMode KAFKA give no fields (defaults __connect_topic, __connect_partition, __connect_offset) or exactly 3');
  pkFields.forEach((f, i) => problems.check(IDENTIFIER.test(f), `input.pkFields[${i}]`, `"${f}" is not a column name`));
  if (input.valueConverter) {
    problems.check(carriesSchema(input.valueConverter.kind), 'input.valueConverter', `the JDBC sink needs records with schemas; ${input.valueConverter.kind} values have none (use JSON, AVRO, PROTOBUF or JSON_SCHEMA)`);
  }
  const tableNameFormat = input.tableNameFormat ?? '${topic}';
  problems.check(tableNameFormat.trim().length > 0 && tableNameFormat.split('.').length <= 3, 'input.tableNameFormat', 'must be [catalog.][schema.]table, optionally with ${topic}');
  if (input.batchSize != null) problems.check(Number.isInteger(input.batchSize) && input.batchSize >= 1 && input.batchSize <= 1_000_000, 'input.batchSize', 'must be between 1 and 1000000');
  const tasksMax = checkTasksMax(input.tasksMax, problems);
  const errors = errorHandlingConfig(input, topicList, problems);
  const keyConverter = converterConfig('key.converter', input.keyConverter, 'input.keyConverter', problems);
  const valueConverter = converterConfig('value.converter', input.valueConverter, 'input.valueConverter', problems);
  problems.throwIfAny();

  return {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    'tasks.max': tasksMax,
    ...topics,
    'connection.url': input.connectionUrl,
    ...(input.connectionUser ? { 'connection.user': input.connectionUser } : {}),
    ...(input.connectionPassword ? { 'connection.password': input.connectionPassword } : {}),
    'insert.mode': insertMode.toLowerCase(),
    'pk.mode': pkMode.toLowerCase(),
    ...(pkFields.length > 0 ? { 'pk.fields': pkFields.join(',') } : {}),
    'auto.create': String(input.autoCreate ?? false),
    'auto.evolve': String(input.autoEvolve ?? false),
    'table.name.format': tableNameFormat,
    'delete.enabled': String(input.deleteEnabled ?? false),
    ...(input.batchSize != null ? { 'batch.size': String(input.batchSize) } : {}),
    ...errors,
    ...keyConverter,
    ...valueConverter,
  };
}
