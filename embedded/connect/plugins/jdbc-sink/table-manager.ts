import type { PoolClient } from 'pg';
import { DataException } from '../../data/schema';
import type { PostgresDialect, TableId } from './postgres-dialect';
import type { ColumnField } from './record-fields';

export interface TableDefinition {
  columns: Map<string, { type: string; nullable: boolean }>;
  primaryKey: string[];
}

/** Knows each destination table's columns, creating (auto.create) and widening (auto.evolve) tables as records need. */
export class TableManager {
  private readonly cache = new Map<string, TableDefinition>();

  constructor(
    private readonly dialect: PostgresDialect,
    private readonly options: { autoCreate: boolean; autoEvolve: boolean },
  ) {}

  /** Makes sure the table can take these columns; runs DDL in its own statement outside the data transaction. */
  async ensure(client: PoolClient, id: TableId, columns: ColumnField[]): Promise<TableDefinition> {
    const key = this.dialect.tableName(id);
    let table = this.cache.get(key) ?? (await this.describe(client, id));
    if (!table) {
      if (!this.options.autoCreate) throw new DataException(`Table ${key} is missing and auto-creation is disabled`);
      try {
        await client.query(this.dialect.createTable(id, columns));
      } catch (error) {
        // Another task of the connector may have created it meanwhile (42P07, or 23505 on the catalog): as Confluent's
        // sink does, read the table again and carry on if it is there now.
        if (!(await this.describe(client, id))) throw error;
      }
      table = await this.describe(client, id);
      if (!table) throw new DataException(`Table ${key} could not be created`);
    }
    const missing = columns.filter((c) => !findColumn(table!, c.name));
    if (missing.length > 0) {
      // Another task may have added them already: read again before altering.
      table = (await this.describe(client, id)) ?? table;
      const stillMissing = columns.filter((c) => !findColumn(table!, c.name));
      if (stillMissing.length > 0) {
        if (!this.options.autoEvolve) {
          throw new DataException(`Table ${key} is missing fields (${stillMissing.map((c) => c.name).join(', ')}) and auto-evolution is disabled`);
        }
        for (const column of stillMissing) {
          if (column.isPrimaryKey) throw new DataException(`Cannot evolve table ${key} to add primary key field ${column.name}`);
          if (!column.schema.optional && column.schema.default === undefined) {
            throw new DataException(`Cannot ALTER TABLE ${key} to add missing field ${column.name}, as the field is not optional and does not have a default value`);
          }
        }
        await client.query(this.dialect.alterTableAdd(id, stillMissing));
        table = (await this.describe(client, id))!;
      }
    }
    this.cache.set(key, table);
    return table;
  }

  /** Forgets a table after a failed write, so the next attempt reads the catalog again (someone may have altered it). */
  invalidate(id: TableId): void {
    this.cache.delete(this.dialect.tableName(id));
  }

  private async describe(client: PoolClient, id: TableId): Promise<TableDefinition | undefined> {
    const schemaExpr = id.schema;
    const columns = await client.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = COALESCE($1, current_schema()) AND table_name = $2 ORDER BY ordinal_position`,
      [schemaExpr ?? null, id.table],
    );
    if (columns.rows.length === 0) return undefined;
    const keys = await client.query<{ column_name: string }>(
      `SELECT k.column_name FROM information_schema.table_constraints t
         JOIN information_schema.key_column_usage k
           ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name
        WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = COALESCE($1, current_schema()) AND t.table_name = $2
        ORDER BY k.ordinal_position`,
      [schemaExpr ?? null, id.table],
    );
    return {
      columns: new Map(columns.rows.map((r) => [r.column_name, { type: r.data_type, nullable: r.is_nullable === 'YES' }])),
      primaryKey: keys.rows.map((r) => r.column_name),
    };
  }
}

/** Exact name first, then case-insensitive (an unquoted identifier folds to lower case). */
export function findColumn(table: TableDefinition, name: string): string | undefined {
  if (table.columns.has(name)) return name;
  const lower = name.toLowerCase();
  return [...table.columns.keys()].find((c) => c.toLowerCase() === lower);
}
