export { createConnectorsService, type ConnectorsService, type ConnectorsServiceOptions, type InitialState, type PluginKind, type UpdateMode } from './connectors-service';
export type * from './connector-model';
export { CONNECTOR_STATES } from './connector-model';
export type { JdbcSinkTemplateInput, JdbcInsertMode, JdbcPkMode } from './templates/jdbc-sink-template';
export type { S3SinkTemplateInput, S3Format, TimestampExtractor } from './templates/s3-sink-template';
export type { ConverterInput, ConverterKind } from './templates/template-errors';
export type { AutoRestartView } from './auto-restart-policy';
