import type { PinotQueryOptions, PinotQueryResult, PinotSchema, PinotTableConfigs, PinotTableSize } from '../../adapters/pinot';

/** What the analytics service needs from the Pinot adapter; tests pass fakes. */
export interface PinotPort {
  query(sql: string, options?: PinotQueryOptions): Promise<PinotQueryResult>;
  listTables(): Promise<string[]>;
  tableConfigs(table: string): Promise<PinotTableConfigs>;
  tableSchema(table: string): Promise<PinotSchema>;
  tableSize(table: string): Promise<PinotTableSize>;
}
