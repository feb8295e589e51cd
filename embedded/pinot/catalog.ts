/**
 * The controller's metadata: schemas and table configs, keyed the way Pinot keys them (schemas by name, tables by raw
 * name with one config per type). With a data directory it is saved as catalog.json next to the DuckDB file, so a
 * restarted embedded Pinot serves the same tables.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ColumnSpec, PinotSchema, TableConfig } from './pinot-schema';
import { columnsOf, rawTableName } from './pinot-schema';

export type TableType = 'REALTIME' | 'OFFLINE';

export interface TableEntry {
  raw: string;
  configs: Partial<Record<TableType, TableConfig>>;
  createdAt: number;
}

interface Persisted {
  schemas: PinotSchema[];
  tables: TableEntry[];
}

export class Catalog {
  readonly schemas = new Map<string, PinotSchema>();
  readonly tables = new Map<string, TableEntry>();

  private constructor(private readonly file?: string) {}

  static async load(dataDir?: string): Promise<Catalog> {
    if (!dataDir) return new Catalog();
    await mkdir(dataDir, { recursive: true });
    const catalog = new Catalog(join(dataDir, 'catalog.json'));
    const text = await readFile(catalog.file!, 'utf8').catch(() => undefined);
    if (text) {
      const persisted = JSON.parse(text) as Persisted;
      for (const schema of persisted.schemas) catalog.schemas.set(schema.schemaName, schema);
      for (const table of persisted.tables) catalog.tables.set(table.raw, table);
    }
    return catalog;
  }

  async save(): Promise<void> {
    if (!this.file) return;
    const persisted: Persisted = { schemas: [...this.schemas.values()], tables: [...this.tables.values()] };
    // Write then rename, so a crash never leaves half a catalog.
    await writeFile(`${this.file}.tmp`, JSON.stringify(persisted, null, 2));
    await rename(`${this.file}.tmp`, this.file);
  }

  /** Raw table name for `t`, `t_REALTIME` or `t_OFFLINE`; exact match first, then case-insensitive as Pinot's broker. */
  resolveTable(name: string): string | undefined {
    const raw = rawTableName(name);
    if (this.tables.has(raw)) return raw;
    const lower = raw.toLowerCase();
    return [...this.tables.keys()].find((key) => key.toLowerCase() === lower);
  }

  schemaNameOf(entry: TableEntry): string {
    const config = entry.configs.REALTIME ?? entry.configs.OFFLINE;
    return config?.segmentsConfig?.schemaName ?? entry.raw;
  }

  schemaOf(entry: TableEntry): PinotSchema | undefined {
    return this.schemas.get(this.schemaNameOf(entry));
  }

  columnsOf(entry: TableEntry): ColumnSpec[] {
    const schema = this.schemaOf(entry);
    return schema ? columnsOf(schema) : [];
  }

  tablesUsingSchema(schemaName: string): string[] {
    return [...this.tables.values()].filter((entry) => this.schemaNameOf(entry) === schemaName).map((entry) => entry.raw);
  }
}
