/**
 * The embedded Pinot's state machine behind the controller API: schemas, tables, one DuckDB table and (for
 * REALTIME) one ingestor per table, retention, sizes. The HTTP layer only parses requests and renders responses.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EmbeddedLogger } from '../logger';
import { Catalog, type TableEntry, type TableType } from './catalog';
import { DuckStore } from './duck-store';
import type { ColumnSpec, PinotSchema, TableConfig } from './pinot-schema';
import { columnsOf, epochUnitMs, InvalidDocumentError, rawTableName, streamConfigsOf, typedTableName, validateSchema, validateTableConfig } from './pinot-schema';
import { QueryEngine, type TableRuntime } from './query-engine';
import { RealtimeIngestor } from './realtime-ingestor';
import { createMessageDecoder, type MessageDecoder } from './record-decoder';

/** A controller error with Pinot's HTTP status and `{code, error}` body. */
export class ControllerError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface PinotNodeOptions {
  /** Overrides every table's stream.kafka.broker.list, so configs written for other hosts load unchanged. */
  kafkaBrokers?: string[];
  dataDir?: string;
  logger: EmbeddedLogger;
  /** How often retention runs; default 60 000 ms. */
  retentionCheckIntervalMs?: number;
}

const UNIT_MS: Record<string, number> = { MILLISECONDS: 1, SECONDS: 1_000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };
const BYTES_PER_VALUE: Record<string, number> = { INT: 4, LONG: 8, FLOAT: 4, DOUBLE: 8, BOOLEAN: 1, TIMESTAMP: 8, BIG_DECIMAL: 16 };

export class PinotNode {
  readonly engine: QueryEngine;
  private readonly ingestors = new Map<string, RealtimeIngestor>();
  private readonly rowCounts = new Map<string, number>();
  private readonly instanceId: string;
  private retentionTimer?: NodeJS.Timeout;

  private constructor(private readonly catalog: Catalog, private readonly store: DuckStore, private readonly options: PinotNodeOptions) {
    // A stable consumer group with a data dir resumes where the stored data ends; in memory, each process starts fresh.
    this.instanceId = options.dataDir ? 'persistent' : randomUUID().slice(0, 8);
    this.engine = new QueryEngine({ catalog, store, runtime: (table) => this.runtime(table), brokerId: `Broker_embedded_${this.instanceId}` });
  }

  static async start(options: PinotNodeOptions): Promise<PinotNode> {
    const catalog = await Catalog.load(options.dataDir);
    const store = await DuckStore.open(options.dataDir ? join(options.dataDir, 'pinot.duckdb') : undefined);
    const node = new PinotNode(catalog, store, options);
    for (const entry of catalog.tables.values()) {
      await store.ensureTable(entry.raw, catalog.columnsOf(entry));
      node.rowCounts.set(entry.raw, await store.count(entry.raw));
      node.startIngestion(entry);
    }
    node.retentionTimer = setInterval(() => void node.applyRetention(), options.retentionCheckIntervalMs ?? 60_000);
    node.retentionTimer.unref();
    return node;
  }

  async stop(): Promise<void> {
    clearInterval(this.retentionTimer);
    await Promise.all([...this.ingestors.values()].map((ingestor) => ingestor.stop()));
    this.ingestors.clear();
    await this.store.close();
  }

  // ---- schemas ----

  listSchemas(): string[] {
    return [...this.catalog.schemas.keys()];
  }

  getSchema(name: string): PinotSchema {
    const schema = this.catalog.schemas.get(name);
    if (!schema) throw new ControllerError(404, `Schema ${name} not found`);
    return schema;
  }

  async addSchema(body: unknown): Promise<string> {
    const schema = wrapInvalid(() => validateSchema(body));
    const previous = this.catalog.schemas.get(schema.schemaName);
    if (previous) {
      const kept = new Map(columnsOf(previous).map((column) => [column.name, column.dataType]));
      for (const column of columnsOf(schema)) {
        const type = kept.get(column.name);
        if (type && type !== column.dataType) throw new ControllerError(400, `Backward incompatible schema ${schema.schemaName}: column ${column.name} changes type`);
      }
      for (const name of kept.keys()) {
        if (!columnsOf(schema).some((column) => column.name === name)) throw new ControllerError(400, `Backward incompatible schema ${schema.schemaName}: column ${name} removed`);
      }
    }
    this.catalog.schemas.set(schema.schemaName, schema);
    for (const raw of this.catalog.tablesUsingSchema(schema.schemaName)) {
      const entry = this.catalog.tables.get(raw)!;
      await this.store.ensureTable(raw, this.catalog.columnsOf(entry));
      await this.restartIngestion(entry);
    }
    await this.catalog.save();
    return `${schema.schemaName} successfully added`;
  }

  async deleteSchema(name: string): Promise<string> {
    if (!this.catalog.schemas.has(name)) throw new ControllerError(404, `Schema ${name} not found`);
    const users = this.catalog.tablesUsingSchema(name);
    if (users.length > 0) throw new ControllerError(409, `Cannot delete schema ${name}, as it is associated with table ${users[0]}`);
    this.catalog.schemas.delete(name);
    await this.catalog.save();
    return `Schema ${name} deleted`;
  }

  // ---- tables ----

  listTables(type?: string): string[] {
    const wanted = type?.toUpperCase();
    return [...this.catalog.tables.values()]
      .filter((entry) => !wanted || entry.configs[wanted as TableType])
      .map((entry) => (wanted ? `${entry.raw}_${wanted}` : entry.raw));
  }

  getTable(name: string, type?: string): Partial<Record<TableType, TableConfig>> {
    const entry = this.entryOrThrow(name);
    const wanted = (type?.toUpperCase() ?? inferType(name)) as TableType | undefined;
    if (wanted) return entry.configs[wanted] ? { [wanted]: entry.configs[wanted] } : {};
    return entry.configs;
  }

  async addTable(body: unknown): Promise<string> {
    const config = wrapInvalid(() => validateTableConfig(body));
    const raw = rawTableName(config.tableName);
    const schemaName = config.segmentsConfig?.schemaName ?? raw;
    const schema = this.catalog.schemas.get(schemaName);
    if (!schema) throw new ControllerError(400, `Invalid table config for table ${typedTableName(config)}: Schema ${schemaName} does not exist`);
    const timeColumn = config.segmentsConfig?.timeColumnName;
    if (timeColumn && !columnsOf(schema).some((column) => column.name === timeColumn)) {
      throw new ControllerError(400, `Invalid table config for table ${typedTableName(config)}: time column ${timeColumn} is not in schema ${schemaName}`);
    }
    const existing = this.catalog.tables.get(raw);
    if (existing?.configs[config.tableType]) throw new ControllerError(409, `Table config for ${typedTableName(config)} already exists. If this is unexpected, try deleting the table to remove all metadata associated with it.`);
    const entry: TableEntry = existing ?? { raw, configs: {}, createdAt: Date.now() };
    entry.configs[config.tableType] = { ...config, tableName: typedTableName(config) };
    this.catalog.tables.set(raw, entry);
    await this.store.ensureTable(raw, columnsOf(schema));
    if (!this.rowCounts.has(raw)) this.rowCounts.set(raw, await this.store.count(raw));
    await this.catalog.save();
    this.startIngestion(entry);
    return `Table ${typedTableName(config)} successfully added`;
  }

  async updateTable(name: string, body: unknown): Promise<string> {
    const config = wrapInvalid(() => validateTableConfig(body));
    const entry = this.entryOrThrow(name);
    if (rawTableName(config.tableName) !== entry.raw) throw new ControllerError(400, `Table name mismatch: ${config.tableName} in the body, ${name} in the path`);
    if (!entry.configs[config.tableType]) throw new ControllerError(404, `Table ${typedTableName(config)} does not exist`);
    entry.configs[config.tableType] = { ...config, tableName: typedTableName(config) };
    await this.catalog.save();
    await this.restartIngestion(entry);
    return `Table config updated for ${typedTableName(config)}`;
  }

  async deleteTable(name: string, type?: string): Promise<string> {
    const entry = this.entryOrThrow(name);
    const wanted = (type?.toUpperCase() ?? inferType(name)) as TableType | undefined;
    const deleted = (Object.keys(entry.configs) as TableType[]).filter((t) => !wanted || t === wanted);
    if (deleted.length === 0) throw new ControllerError(404, `Table ${name} does not exist`);
    for (const t of deleted) delete entry.configs[t];
    if (deleted.includes('REALTIME')) await this.stopIngestion(entry.raw);
    if (Object.keys(entry.configs).length === 0) {
      this.catalog.tables.delete(entry.raw);
      this.rowCounts.delete(entry.raw);
      await this.store.dropTable(entry.raw);
    }
    await this.catalog.save();
    return `Tables: [${deleted.map((t) => `${entry.raw}_${t}`).join(', ')}] deleted`;
  }

  tableSchema(name: string): PinotSchema {
    const entry = this.entryOrThrow(name);
    const schema = this.catalog.schemaOf(entry);
    if (!schema) throw new ControllerError(404, `Schema for table ${name} not found`);
    return schema;
  }

  tableSize(name: string): Record<string, unknown> {
    const entry = this.entryOrThrow(name);
    const rows = this.rowCounts.get(entry.raw) ?? 0;
    const perRow = this.catalog.columnsOf(entry).reduce((sum, column) => sum + (BYTES_PER_VALUE[column.dataType] ?? 16), 0);
    const bytes = rows * perRow;
    const part = (type: TableType) =>
      entry.configs[type]
        ? {
            reportedSizeInBytes: bytes,
            estimatedSizeInBytes: bytes,
            missingSegments: 0,
            segments: { [`${entry.raw}__0__0__${new Date(entry.createdAt).toISOString().replace(/[-:]/g, '').slice(0, 13)}Z`]: { reportedSizeInBytes: bytes, estimatedSizeInBytes: bytes, serverInfo: {} } },
          }
        : null;
    return { tableName: entry.raw, reportedSizeInBytes: bytes, estimatedSizeInBytes: bytes, offlineSegments: part('OFFLINE'), realtimeSegments: part('REALTIME') };
  }

  runtime(table: string): TableRuntime | undefined {
    const entry = this.catalog.tables.get(table);
    if (!entry) return undefined;
    const ingestor = this.ingestors.get(table);
    return { rowCount: () => this.rowCounts.get(table) ?? 0, freshnessMs: () => (ingestor ? ingestor.freshnessMs() : undefined) };
  }

  /** Rows consumed and rows dropped as undecodable, per REALTIME table, in the names Pinot's JMX exporter gives them. */
  prometheusMetrics(): string {
    const lines: string[] = [];
    for (const [raw, ingestor] of this.ingestors) {
      const table = `table="${raw}_REALTIME"`;
      lines.push(`pinot_server_realtimeRowsConsumed_Count{${table}} ${ingestor.documentsConsumed}`);
      lines.push(`pinot_server_invalidRealtimeRowsDropped_Count{${table}} ${ingestor.rowsDropped}`);
    }
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }

  /** Deletes rows past each table's segmentsConfig retention (by its time column). Runs on a timer; exposed for tests. */
  async applyRetention(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const entry of this.catalog.tables.values()) {
      const config = entry.configs.REALTIME ?? entry.configs.OFFLINE;
      const segments = config?.segmentsConfig;
      const unitMs = UNIT_MS[String(segments?.retentionTimeUnit ?? '').toUpperCase()];
      const value = Number(segments?.retentionTimeValue);
      const timeColumn = segments?.timeColumnName;
      const spec = this.catalog.columnsOf(entry).find((column) => column.name === timeColumn);
      const columnUnitMs = spec ? epochUnitMs(spec) : undefined;
      if (!unitMs || !Number.isFinite(value) || value <= 0 || !timeColumn || !columnUnitMs) continue;
      const cutoff = (now - value * unitMs) / columnUnitMs;
      try {
        const deleted = await this.store.deleteOlderThan(entry.raw, timeColumn, cutoff);
        removed += deleted;
        this.rowCounts.set(entry.raw, Math.max(0, (this.rowCounts.get(entry.raw) ?? 0) - deleted));
      } catch (error) {
        this.options.logger.warn({ table: entry.raw, error: (error as Error).message }, 'pinot retention failed');
      }
    }
    return removed;
  }

  private entryOrThrow(name: string): TableEntry {
    const raw = this.catalog.resolveTable(name);
    const entry = raw ? this.catalog.tables.get(raw) : undefined;
    if (!entry) throw new ControllerError(404, `Table ${name} does not exist`);
    return entry;
  }

  private startIngestion(entry: TableEntry): void {
    const config = entry.configs.REALTIME;
    if (!config || this.ingestors.has(entry.raw)) return;
    const stream = streamConfigsOf(config)!;
    const brokers = this.options.kafkaBrokers ?? (stream['stream.kafka.broker.list'] ?? '').split(',').map((b) => b.trim()).filter(Boolean);
    if (brokers.length === 0) {
      this.options.logger.warn({ table: entry.raw }, 'pinot table has no Kafka broker list; not ingesting');
      return;
    }
    const schema = this.catalog.schemaOf(entry);
    const columns: ColumnSpec[] = schema ? columnsOf(schema) : [];
    const upsert = config.upsertConfig?.mode && config.upsertConfig.mode !== 'NONE';
    let decoder: MessageDecoder;
    try {
      decoder = createMessageDecoder(stream);
    } catch (error) {
      // As a Pinot server whose decoder init fails: the table exists, its consuming segment does not.
      this.options.logger.error({ table: entry.raw, error: (error as Error).message }, 'Caught exception while creating StreamMessageDecoder; not ingesting');
      return;
    }
    const ingestor = new RealtimeIngestor({
      table: entry.raw,
      topic: stream['stream.kafka.topic.name']!,
      brokers,
      groupId: `pinot-embedded-${entry.raw}-${this.instanceId}`,
      fromBeginning: (stream['stream.kafka.consumer.prop.auto.offset.reset'] ?? 'largest').toLowerCase() === 'smallest',
      columns,
      decoder,
      keyColumns: upsert ? schema?.primaryKeyColumns : undefined,
      store: this.store,
      logger: this.options.logger,
      onAppended: (rows) => {
        if (upsert) void this.store.count(entry.raw).then((count) => this.rowCounts.set(entry.raw, count), () => undefined);
        else this.rowCounts.set(entry.raw, (this.rowCounts.get(entry.raw) ?? 0) + rows);
      },
    });
    this.ingestors.set(entry.raw, ingestor);
    ingestor.start();
  }

  private async stopIngestion(raw: string): Promise<void> {
    const ingestor = this.ingestors.get(raw);
    this.ingestors.delete(raw);
    await ingestor?.stop();
  }

  private async restartIngestion(entry: TableEntry): Promise<void> {
    await this.stopIngestion(entry.raw);
    this.startIngestion(entry);
  }
}

function inferType(name: string): TableType | undefined {
  const match = /_(REALTIME|OFFLINE)$/.exec(name);
  return match ? (match[1] as TableType) : undefined;
}

function wrapInvalid<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InvalidDocumentError) throw new ControllerError(400, error.message);
    throw error;
  }
}
