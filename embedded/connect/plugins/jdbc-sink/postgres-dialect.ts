import { LOGICAL, type ConnectSchema } from '../../data/schema';
import type { ColumnField } from './record-fields';

export interface TableId {
  schema?: string;
  table: string;
}

/** SQL for PostgreSQL in the JDBC sink's dialect: identifiers, type mapping, DDL and DML with $n parameters. */
export class PostgresDialect {
  constructor(private readonly quoteIdentifiers: boolean) {}

  quote(identifier: string): string {
    return this.quoteIdentifiers ? `"${identifier.replace(/"/g, '""')}"` : identifier;
  }

  tableName(id: TableId): string {
    return id.schema ? `${this.quote(id.schema)}.${this.quote(id.table)}` : this.quote(id.table);
  }

  sqlType(schema: ConnectSchema): string {
    switch (schema.name) {
      case LOGICAL.decimal:
        return 'DECIMAL';
      case LOGICAL.date:
        return 'DATE';
      case LOGICAL.time:
        return 'TIME';
      case LOGICAL.timestamp:
        return 'TIMESTAMP';
    }
    switch (schema.type) {
      case 'int8':
      case 'int16':
        return 'SMALLINT';
      case 'int32':
        return 'INT';
      case 'int64':
        return 'BIGINT';
      case 'float32':
        return 'REAL';
      case 'float64':
        return 'DOUBLE PRECISION';
      case 'boolean':
        return 'BOOLEAN';
      case 'string':
        return 'TEXT';
      case 'bytes':
        return 'BYTEA';
      default:
        // Confluent's dialect refuses nested types; JSON text keeps the data instead of failing the task.
        return 'TEXT';
    }
  }

  private columnDefinition(column: ColumnField): string {
    const nullable = column.isPrimaryKey || (!column.schema.optional && column.schema.default === undefined) ? ' NOT NULL' : ' NULL';
    const defaultValue = column.schema.default !== undefined && column.schema.default !== null ? ` DEFAULT ${literal(column.schema.default)}` : '';
    return `${this.quote(column.name)} ${this.sqlType(column.schema)}${defaultValue}${nullable}`;
  }

  createTable(id: TableId, columns: ColumnField[]): string {
    const keys = columns.filter((c) => c.isPrimaryKey);
    const lines = columns.map((c) => this.columnDefinition(c));
    if (keys.length > 0) lines.push(`PRIMARY KEY(${keys.map((k) => this.quote(k.name)).join(',')})`);
    return `CREATE TABLE ${this.tableName(id)} (\n${lines.join(',\n')})`;
  }

  /** Added columns are always nullable or defaulted: existing rows have no value for them. */
  alterTableAdd(id: TableId, columns: ColumnField[]): string {
    return `ALTER TABLE ${this.tableName(id)} ${columns.map((c) => `ADD ${this.columnDefinition({ ...c, isPrimaryKey: false })}`).join(', ')}`;
  }

  insert(id: TableId, columns: string[], rowCount: number): string {
    return `INSERT INTO ${this.tableName(id)} (${columns.map((c) => this.quote(c)).join(',')}) VALUES ${placeholders(columns.length, rowCount)}`;
  }

  upsert(id: TableId, keyColumns: string[], valueColumns: string[], rowCount: number): string {
    const all = [...keyColumns, ...valueColumns];
    const action = valueColumns.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${valueColumns.map((c) => `${this.quote(c)}=EXCLUDED.${this.quote(c)}`).join(',')}`;
    return `${this.insert(id, all, rowCount)} ON CONFLICT (${keyColumns.map((c) => this.quote(c)).join(',')}) ${action}`;
  }

  update(id: TableId, keyColumns: string[], valueColumns: string[]): string {
    let n = 0;
    const set = valueColumns.map((c) => `${this.quote(c)} = $${++n}`).join(', ');
    const where = keyColumns.map((c) => `${this.quote(c)} = $${++n}`).join(' AND ');
    return `UPDATE ${this.tableName(id)} SET ${set} WHERE ${where}`;
  }

  delete(id: TableId, keyColumns: string[]): string {
    return `DELETE FROM ${this.tableName(id)} WHERE ${keyColumns.map((c, i) => `${this.quote(c)} = $${i + 1}`).join(' AND ')}`;
  }
}

function placeholders(columns: number, rows: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 1; c <= columns; c++) row.push(`$${r * columns + c}`);
    out.push(`(${row.join(',')})`);
  }
  return out.join(',');
}

function literal(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `'${value.toISOString()}'`;
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** A Connect value as a pg parameter: dates in UTC ISO form (db.timezone=UTC), nested data as JSON text. */
export function bindValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}
