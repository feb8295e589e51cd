import { Pool, type PoolClient } from 'pg';
import type { SinkRecord } from '../../data/record';
import type { SinkTask, SinkTaskContext } from '../plugin';
import { parseJdbcSinkConfig, type JdbcSinkConfig } from './jdbc-sink-config';
import { parseJdbcUrl } from './jdbc-url';
import { bindValue, PostgresDialect, type TableId } from './postgres-dialect';
import { JdbcWriteError } from './jdbc-write-error';
import { extractRow, type ColumnField, type RecordRow } from './record-fields';
import { createRecordValidator } from './record-validator';
import { findColumn, TableManager, type TableDefinition } from './table-manager';

/** Postgres allows 65535 bind parameters per statement. */
const MAX_PARAMETERS = 65_535;

interface Planned {
  record: SinkRecord;
  table: TableId;
  row: RecordRow;
}

/** Errors worth retrying with the same data: the connection or the server, not the rows. */
export function isTransient(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (typeof e?.code === 'string') {
    if (/^(08|57P|53)/.test(e.code) || e.code === '40001' || e.code === '40P01') return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(e.code)) return true;
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e?.message ?? '');
}

/**
 * Writes a batch of records to PostgreSQL in one transaction: DDL first (auto.create / auto.evolve), then multi-row
 * INSERT / upsert statements of at most batch.size rows, UPDATEs and DELETEs in record order. put() resolves only after
 * COMMIT, which is what lets the worker commit Kafka offsets afterwards.
 */
export class JdbcSinkTask implements SinkTask {
  private config!: JdbcSinkConfig;
  private pool!: Pool;
  private dialect!: PostgresDialect;
  private tables!: TableManager;
  private context!: SinkTaskContext;
  private validate!: (record: SinkRecord) => void;

  async start(props: Record<string, string>, context: SinkTaskContext): Promise<void> {
    this.context = context;
    this.config = parseJdbcSinkConfig(props);
    this.validate = createRecordValidator(this.config, context.connectorName);
    const target = parseJdbcUrl(this.config.connectionUrl);
    if ('error' in target) throw new JdbcWriteError(target.error);
    // One connection per task: PGlite serialises sessions anyway, and Connect's sink holds one JDBC connection.
    this.pool = new Pool({
      ...target.client,
      user: this.config.user ?? target.client.user,
      password: this.config.password ?? target.client.password,
      max: 1,
      connectionTimeoutMillis: target.client.connectionTimeoutMillis ?? 10_000,
    });
    this.pool.on('error', (error) => context.logger.warn({ err: error.message }, 'idle JDBC connection failed'));
    // A connection that breaks while checked out (the database restarting mid-write) fails that write, which is
    // retried; without a listener its 'error' event would take the whole worker process down.
    this.pool.on('connect', (client) => client.on('error', (error) => context.logger.warn({ err: error.message }, 'JDBC connection failed')));
    if (target.schema) {
      const schema = target.schema.replace(/"/g, '""');
      this.pool.on('connect', (client) => void client.query(`SET search_path TO "${schema}"`).catch(() => undefined));
    }
    this.dialect = new PostgresDialect(this.config.quoteIdentifiers);
    this.tables = new TableManager(this.dialect, { autoCreate: this.config.autoCreate, autoEvolve: this.config.autoEvolve });
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Outside the errant-record path, as Confluent's: a record of the wrong shape fails the task.
    for (const record of records) this.validate(record);
    const planned: Planned[] = [];
    for (const record of records) {
      const table = this.tableId(record.topic);
      try {
        planned.push({ record, table, row: extractRow(record, this.dialect.tableName(table), this.config) });
      } catch (error) {
        if (!this.context.errantRecordReporter) throw error;
        await this.context.errantRecordReporter(record, error as Error);
      }
    }
    if (planned.length === 0) return;

    for (let attempt = 0; ; attempt++) {
      try {
        await this.write(planned);
        return;
      } catch (error) {
        if (isTransient(error) && attempt < this.config.maxRetries) {
          this.context.logger.warn({ attempt: attempt + 1, err: (error as Error).message }, 'JDBC write failed, retrying');
          await new Promise((resolve) => setTimeout(resolve, this.config.retryBackoffMs));
          continue;
        }
        if (!isTransient(error) && this.context.errantRecordReporter) {
          await this.writeOneByOne(planned);
          return;
        }
        throw new JdbcWriteError(`Exiting WorkerSinkTask due to unrecoverable exception: ${describePgError(error)}`, { cause: error });
      }
    }
  }

  async stop(): Promise<void> {
    await this.pool?.end().catch(() => undefined);
  }

  private tableId(topic: string): TableId {
    const name = this.config.tableNameFormat.replace(/\$\{topic\}/g, topic);
    const parts = name.split('.');
    return parts.length === 2 ? { schema: parts[0]!, table: parts[1]! } : { table: name };
  }

  private async write(planned: Planned[]): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const definitions = await this.prepareTables(client, planned);
      await client.query('BEGIN');
      try {
        for (const run of runs(planned)) await this.execute(client, run, definitions);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        for (const p of planned) this.tables.invalidate(p.table);
        throw error;
      }
    } catch (error) {
      if (isTransient(error)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * errors.tolerance=all after a failed batch: each record on its own (one autocommitted statement each), failures to
   * the errant record reporter (the dead-letter topic), the rest written.
   */
  private async writeOneByOne(planned: Planned[]): Promise<void> {
    const failed: Array<{ record: SinkRecord; error: Error }> = [];
    const client = await this.pool.connect();
    try {
      for (const p of planned) {
        try {
          const definition = await this.tables.ensure(client, p.table, columnsOf([p]));
          await this.execute(client, [p], new Map([[this.dialect.tableName(p.table), definition]]));
        } catch (error) {
          if (isTransient(error)) throw error;
          this.tables.invalidate(p.table);
          failed.push({ record: p.record, error: new JdbcWriteError(describePgError(error), { cause: error }) });
        }
      }
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    client.release();
    for (const { record, error } of failed) await this.context.errantRecordReporter!(record, error);
  }

  private async prepareTables(client: PoolClient, planned: Planned[]): Promise<Map<string, TableDefinition>> {
    const byTable = new Map<string, Planned[]>();
    for (const p of planned) {
      const key = this.dialect.tableName(p.table);
      byTable.set(key, [...(byTable.get(key) ?? []), p]);
    }
    const definitions = new Map<string, TableDefinition>();
    for (const [key, group] of byTable) definitions.set(key, await this.tables.ensure(client, group[0]!.table, columnsOf(group)));
    return definitions;
  }

  private async execute(client: PoolClient, run: Planned[], definitions: Map<string, TableDefinition>): Promise<void> {
    const first = run[0]!;
    const definition = definitions.get(this.dialect.tableName(first.table))!;
    const name = (c: ColumnField) => findColumn(definition, c.name) ?? c.name;
    const keyColumns = first.row.keyColumns.map(name);
    const valueColumns = first.row.valueColumns.map(name);

    if (first.row.isDelete) {
      for (const p of run) await client.query(this.dialect.delete(p.table, keyColumns), p.row.keyValues.map(bindValue));
      return;
    }
    if (this.config.insertMode === 'update') {
      for (const p of run) {
        if (valueColumns.length === 0) continue;
        await client.query(this.dialect.update(p.table, keyColumns, valueColumns), [...p.row.values, ...p.row.keyValues].map(bindValue));
      }
      return;
    }
    const width = keyColumns.length + valueColumns.length;
    const rowsPerStatement = Math.max(1, Math.min(this.config.batchSize, Math.floor(MAX_PARAMETERS / Math.max(width, 1))));
    let rows = run;
    if (this.config.insertMode === 'upsert') rows = lastPerKey(run);
    for (let i = 0; i < rows.length; i += rowsPerStatement) {
      const chunk = rows.slice(i, i + rowsPerStatement);
      const sql =
        this.config.insertMode === 'upsert'
          ? this.dialect.upsert(first.table, keyColumns, valueColumns, chunk.length)
          : this.dialect.insert(first.table, [...keyColumns, ...valueColumns], chunk.length);
      await client.query(sql, chunk.flatMap((p) => [...p.row.keyValues, ...p.row.values].map(bindValue)));
    }
  }
}

/** Consecutive records for the same table, operation and columns can share statements. */
function runs(planned: Planned[]): Planned[][] {
  const out: Planned[][] = [];
  let signature = '';
  for (const p of planned) {
    const next = JSON.stringify([p.table, p.row.isDelete, p.row.keyColumns.map((c) => c.name), p.row.valueColumns.map((c) => c.name)]);
    if (next !== signature || out.length === 0) out.push([]);
    out[out.length - 1]!.push(p);
    signature = next;
  }
  return out;
}

/** One statement cannot upsert the same key twice, and the later record wins anyway. */
function lastPerKey(run: Planned[]): Planned[] {
  const byKey = new Map<string, Planned>();
  for (const p of run) {
    const key = JSON.stringify(p.row.keyValues.map(bindValue));
    byKey.delete(key);
    byKey.set(key, p);
  }
  return [...byKey.values()];
}

function columnsOf(planned: Planned[]): ColumnField[] {
  const columns = new Map<string, ColumnField>();
  for (const p of planned) {
    for (const c of [...p.row.keyColumns, ...p.row.valueColumns]) if (!columns.has(c.name)) columns.set(c.name, c);
  }
  return [...columns.values()];
}

function describePgError(error: unknown): string {
  const e = error as { message?: string; code?: string; detail?: string };
  return [e?.message ?? String(error), e?.code ? `(SQLSTATE ${e.code})` : '', e?.detail ?? ''].filter(Boolean).join(' ');
}
