/**
 * The DuckDB side of the embedded Pinot: one database (in memory or a file under dataDir), a small pool of query
 * connections so concurrent broker queries run in parallel, and one writer connection for ingestion and DDL.
 * External file access is disabled: the broker runs user SQL, and Pinot cannot read the server's files either.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSpec } from './pinot-schema';
import { duckTypeOf } from './pinot-schema';

export interface QueryResult {
  columnNames: string[];
  columnTypes: string[];
  rows: unknown[][];
}

export class QueryInterruptedError extends Error {}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export class DuckStore {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: Array<(connection: DuckDBConnection) => void> = [];
  private writeChain: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly instance: DuckDBInstance, private readonly writer: DuckDBConnection, readers: DuckDBConnection[]) {
    this.idle.push(...readers);
  }

  /** `path` undefined keeps the data in memory. `readers` (default 3) bounds concurrent queries. */
  static async open(path?: string, readers = 3): Promise<DuckStore> {
    const instance = await DuckDBInstance.create(path ?? ':memory:', { enable_external_access: 'false' });
    const connect = async () => {
      const connection = await instance.connect();
      // Calendar bucketing converts through TIMESTAMPTZ; a fixed session zone keeps results independent of the host.
      await connection.run("SET TimeZone = 'UTC'");
      return connection;
    };
    const writer = await connect();
    const pool = await Promise.all(Array.from({ length: readers }, connect));
    return new DuckStore(instance, writer, pool);
  }

  /** Runs one query on a pooled connection; interrupts it after `timeoutMs`. */
  async query(sql: string, timeoutMs: number): Promise<QueryResult> {
    const connection = await this.acquire();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, timeoutMs);
    try {
      const reader = await connection.runAndReadAll(sql);
      return { columnNames: reader.columnNames(), columnTypes: reader.columnTypes().map(String), rows: reader.getRows() as unknown[][] };
    } catch (error) {
      if (timedOut) throw new QueryInterruptedError(`query exceeded ${timeoutMs} ms`);
      throw error;
    } finally {
      clearTimeout(timer);
      this.release(connection);
    }
  }

  /** Creates the table, or adds the columns a newer schema version brought (Pinot schemas only grow). */
  ensureTable(table: string, columns: readonly ColumnSpec[]): Promise<void> {
    return this.write(async () => {
      const existing = await this.writer.runAndReadAll(
        `SELECT column_name FROM information_schema.columns WHERE table_name = '${table.replace(/'/g, "''")}'`,
      );
      const have = new Set(existing.getRows().map((row) => String(row[0])));
      if (have.size === 0) {
        const ddl = columns.map((column) => `${quoteIdent(column.name)} ${duckTypeOf(column)}`).join(', ');
        await this.writer.run(`CREATE TABLE ${quoteIdent(table)} (${ddl})`);
        return;
      }
      for (const column of columns) {
        if (!have.has(column.name)) await this.writer.run(`ALTER TABLE ${quoteIdent(table)} ADD COLUMN ${quoteIdent(column.name)} ${duckTypeOf(column)}`);
      }
    });
  }

  dropTable(table: string): Promise<void> {
    return this.write(async () => {
      await this.writer.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    });
  }

  /**
   * Appends rows (already converted to each column's JS type) in one appender flush. With `keyColumns` (upsert
   * tables), rows whose primary key reappears replace the earlier ones, as a Pinot upsert table shows only the latest.
   */
  append(table: string, columns: readonly ColumnSpec[], rows: readonly unknown[][], keyColumns?: readonly string[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.write(async () => {
      let batch = rows;
      if (keyColumns && keyColumns.length > 0) batch = await this.replaceKeys(table, columns, rows, keyColumns);
      const appender = await this.writer.createAppender(table);
      try {
        for (const row of batch) {
          for (let i = 0; i < columns.length; i++) appendValue(appender, columns[i]!, row[i]);
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
  }

  /** Deletes rows older than `cutoff` in `column` (retention); returns how many went. */
  deleteOlderThan(table: string, column: string, cutoff: number): Promise<number> {
    return this.write(async () => {
      const result = await this.writer.run(`DELETE FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} < ${Math.floor(cutoff)}`);
      return Number(result.rowsChanged);
    });
  }

  async count(table: string): Promise<number> {
    const reader = await this.writer.runAndReadAll(`SELECT COUNT(*) FROM ${quoteIdent(table)}`);
    return Number(reader.getRows()[0]![0]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeChain.catch(() => undefined);
    for (const connection of [this.writer, ...this.idle]) connection.closeSync();
    this.instance.closeSync();
  }

  private async replaceKeys(table: string, columns: readonly ColumnSpec[], rows: readonly unknown[][], keyColumns: readonly string[]): Promise<unknown[][]> {
    const keyIndexes = keyColumns.map((key) => columns.findIndex((column) => column.name === key));
    const latest = new Map<string, unknown[]>();
    for (const row of rows) latest.set(JSON.stringify(keyIndexes.map((i) => String(row[i]))), row);
    const deduped = [...latest.values()];
    const keyList = keyColumns.map(quoteIdent).join(', ');
    const tuples = deduped.map((row) => `(${keyIndexes.map((i) => sqlLiteral(row[i])).join(', ')})`).join(', ');
    await this.writer.run(`DELETE FROM ${quoteIdent(table)} WHERE (${keyList}) IN (${tuples})`);
    return deduped;
  }

  private write<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writeChain.then(task, task);
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  private acquire(): Promise<DuckDBConnection> {
    const connection = this.idle.pop();
    if (connection) return Promise.resolve(connection);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(connection: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else this.idle.push(connection);
  }
}

function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return `'${String(value).replace(/'/g, "''")}'`;
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function appendValue(appender: Appender, column: ColumnSpec, value: unknown): void {
  if (value === null || value === undefined) {
    appender.appendNull();
    return;
  }
  if (column.singleValueField === false) {
    appender.appendVarchar(String(value));
    return;
  }
  switch (column.dataType) {
    case 'INT': return appender.appendInteger(value as number);
    case 'LONG':
    case 'TIMESTAMP': return appender.appendBigInt(value as bigint);
    case 'FLOAT': return appender.appendFloat(value as number);
    case 'DOUBLE': return appender.appendDouble(value as number);
    case 'BOOLEAN': return appender.appendBoolean(value as boolean);
    case 'BYTES': return appender.appendBlob(value as Uint8Array);
    default: return appender.appendVarchar(String(value));
  }
}
