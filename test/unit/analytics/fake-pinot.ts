import type { PinotQueryResult, PinotSchema } from '../../../src/adapters/pinot';
import type { PinotPort } from '../../../src/services/analytics/pinot-port';

export const stockSchema: PinotSchema = {
  schemaName: 'stock_transactions',
  dimensionFieldSpecs: [
    { name: 'id', dataType: 'STRING' },
    { name: 'user_id', dataType: 'INT' },
    { name: 'symbol', dataType: 'STRING' },
    { name: 'purchase', dataType: 'BOOLEAN' },
  ],
  metricFieldSpecs: [{ name: 'shares', dataType: 'INT' }, { name: 'big', dataType: 'LONG' }],
  dateTimeFieldSpecs: [{ name: 'update_at', dataType: 'TIMESTAMP', format: '1:MILLISECONDS:TIMESTAMP', granularity: '1:MILLISECONDS' }],
};

export function result(columns: Array<[string, string]>, rows: unknown[][], stats: Partial<PinotQueryResult['stats']> = {}): PinotQueryResult {
  return {
    columns: columns.map(([name, type]) => ({ name, type: type as never })),
    rows,
    stats: { docsScanned: 10, totalDocs: 100, timeUsedMs: 3, serversQueried: 1, serversResponded: 1, partial: false, groupsLimitReached: false, freshAsOfMs: undefined, ...stats },
  };
}

/** A scripted Pinot: answers each query with `answer(sql)` and counts calls. */
export function fakePinot(answer: (sql: string) => PinotQueryResult | Promise<PinotQueryResult>) {
  const calls: string[] = [];
  const port: PinotPort & { calls: string[] } = {
    calls,
    async query(sql) {
      calls.push(sql);
      return answer(sql);
    },
    listTables: async () => ['stock_transactions'],
    tableConfigs: async () => ({ REALTIME: { tableName: 'stock_transactions_REALTIME', tableType: 'REALTIME', segmentsConfig: { timeColumnName: 'update_at' } } }),
    tableSchema: async () => stockSchema,
    tableSize: async () => ({ tableName: 'stock_transactions', reportedSizeInBytes: 4096, estimatedSizeInBytes: 4096 }),
  };
  return port;
}
