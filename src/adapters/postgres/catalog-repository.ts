import { timeBackendCall } from '../../observability/metrics';
import { withPostgresErrors } from './map-error';
import type { Pool } from './pool';

export interface CatalogColumn {
  name: string;
  /** As PostgreSQL spells the type, with modifiers: `timestamp with time zone`, `character varying(255)`, `text[]`. */
  dataType: string;
  /** The base type's internal name (domains resolved): `int4`, `text`, `timestamptz`, `_text` for arrays. */
  typeName: string;
  /** pg_type.typcategory of the base type: N numeric, S string, B boolean, D date/time, A array, E enum, U user… */
  typeCategory: string;
  nullable: boolean;
  /** 1-based position in the primary key, or null when not part of it. */
  primaryKeyPosition: number | null;
}

export interface CatalogTable {
  schema: string;
  name: string;
  /** In table order. */
  columns: CatalogColumn[];
  /** Primary key columns in key order; empty when the table has none. */
  primaryKey: string[];
}

export interface CatalogRepository {
  /** Ordinary and partitioned tables of `schema` (not partitions, views or `schema_migrations`), sorted by name. */
  listTables(schema: string): Promise<CatalogTable[]>;
}

// pg_catalog rather than information_schema: one round trip, domains resolved to their base type, key order included,
// and it works the same on PostgreSQL 15 and PGlite (18).
const CATALOG_SQL = `
SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "dataType",
       COALESCE(bt.typname, t.typname) AS "typeName", COALESCE(bt.typcategory, t.typcategory) AS "typeCategory",
       NOT a.attnotnull AS "nullable",
       -- int2vector subscripts start at 0
       array_position(pk.indkey::int2[], a.attnum) - array_lower(pk.indkey::int2[], 1) + 1 AS "pkPosition"
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
LEFT JOIN pg_index pk ON pk.indrelid = c.oid AND pk.indisprimary
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'schema_migrations'
ORDER BY c.relname, a.attnum`;

interface CatalogRow {
  table: string;
  column: string;
  dataType: string;
  typeName: string;
  typeCategory: string;
  nullable: boolean;
  pkPosition: number | null;
}

export function createCatalogRepository(pool: Pool): CatalogRepository {
  return {
    async listTables(schema) {
      const { rows } = await timeBackendCall('postgres', 'catalog.listTables', () =>
        withPostgresErrors(() => pool.query<CatalogRow>(CATALOG_SQL, [schema])),
      );
      const tables = new Map<string, CatalogTable>();
      for (const row of rows) {
        let table = tables.get(row.table);
        if (!table) {
          table = { schema, name: row.table, columns: [], primaryKey: [] };
          tables.set(row.table, table);
        }
        table.columns.push({
          name: row.column,
          dataType: row.dataType,
          typeName: row.typeName,
          typeCategory: row.typeCategory,
          nullable: row.nullable,
          primaryKeyPosition: row.pkPosition,
        });
      }
      for (const table of tables.values()) {
        table.primaryKey = table.columns
          .filter((column) => column.primaryKeyPosition !== null)
          .sort((a, b) => a.primaryKeyPosition! - b.primaryKeyPosition!)
          .map((column) => column.name);
      }
      return [...tables.values()];
    },
  };
}
