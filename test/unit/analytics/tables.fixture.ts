import type { TableColumn, TableInfo } from '../../../src/services/analytics/table-catalog';

const column = (name: string, type: TableColumn['type'], kind: TableColumn['kind'], extra: Partial<TableColumn> = {}): [string, TableColumn] => [
  name,
  { name, type, kind, singleValue: true, ...extra },
];

export const stockTable: TableInfo = {
  name: 'stock_transactions',
  columns: new Map([
    column('id', 'STRING', 'DIMENSION'),
    column('user_id', 'INT', 'DIMENSION'),
    column('symbol', 'STRING', 'DIMENSION'),
    column('purchase', 'BOOLEAN', 'DIMENSION'),
    column('shares', 'INT', 'METRIC'),
    column('update_at', 'TIMESTAMP', 'TIME', { format: '1:MILLISECONDS:TIMESTAMP' }),
  ]),
  timeUnitMs: 1,
};
stockTable.timeColumn = stockTable.columns.get('update_at');

export const clickTable: TableInfo = {
  name: 'clickstream_enriched',
  columns: new Map([
    column('timestamp', 'TIMESTAMP', 'TIME', { format: '1:MILLISECONDS:TIMESTAMP' }),
    column('user_id', 'INT', 'DIMENSION'),
    column('device_id', 'INT', 'DIMENSION'),
    column('url', 'STRING', 'DIMENSION'),
    column('user_name', 'STRING', 'DIMENSION'),
    column('device_type', 'STRING', 'DIMENSION'),
    column('url_category', 'STRING', 'DIMENSION'),
    column('tags', 'STRING', 'DIMENSION', { singleValue: false }),
    column('price', 'BIG_DECIMAL', 'METRIC'),
    column('big', 'LONG', 'METRIC'),
    column('score', 'DOUBLE', 'METRIC'),
  ]),
  timeUnitMs: 1,
};
clickTable.timeColumn = clickTable.columns.get('timestamp');

export const secondsTable: TableInfo = {
  name: 'metrics_s',
  columns: new Map([column('ts', 'LONG', 'TIME', { format: '1:SECONDS:EPOCH' }), column('host', 'STRING', 'DIMENSION'), column('cpu', 'DOUBLE', 'METRIC')]),
  timeUnitMs: 1000,
};
secondsTable.timeColumn = secondsTable.columns.get('ts');
