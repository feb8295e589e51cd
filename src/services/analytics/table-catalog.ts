/**
 * Table schemas from the Pinot controller, cached briefly: every identifier in a query is checked against them
 * before any SQL is built, so unknown names are BAD_USER_INPUT rather than a Pinot error.
 */
import { AppError, badInput } from '../../errors/app-error';
import type { PinotFieldSpec, PinotSchema } from '../../adapters/pinot';
import type { PinotPort } from './pinot-port';
import type { ValueType } from './query-model';

export type FieldKind = 'DIMENSION' | 'METRIC' | 'TIME';

export interface TableColumn {
  name: string;
  type: ValueType;
  kind: FieldKind;
  singleValue: boolean;
  /** dateTime fields: Pinot's format string, e.g. 1:MILLISECONDS:EPOCH. */
  format?: string;
}

export interface TableInfo {
  name: string;
  columns: Map<string, TableColumn>;
  /** segmentsConfig.timeColumnName, else the first dateTime field. */
  timeColumn?: TableColumn;
  /** Milliseconds per unit of the time column's epoch values; undefined for text formats (no time filters then). */
  timeUnitMs?: number;
}

const VALUE_TYPES = new Set<ValueType>(['INT', 'LONG', 'FLOAT', 'DOUBLE', 'BIG_DECIMAL', 'BOOLEAN', 'TIMESTAMP', 'STRING', 'JSON', 'BYTES']);
const LIST_REFRESH_MS = 1_000;

export class TableCatalog {
  private list?: { at: number; names: string[] };
  private listLoading?: Promise<string[]>;
  private readonly infos = new Map<string, { at: number; info: Promise<TableInfo> }>();

  constructor(private readonly pinot: PinotPort, private readonly cacheMs: number, private readonly now: () => number = Date.now) {}

  async tableNames(): Promise<string[]> {
    if (this.list && this.now() - this.list.at < Math.max(this.cacheMs, 1)) return this.list.names;
    this.listLoading ??= this.pinot
      .listTables()
      .then((names) => {
        this.list = { at: this.now(), names };
        return names;
      })
      .finally(() => (this.listLoading = undefined));
    return this.listLoading;
  }

  /** The table's schema; BAD_USER_INPUT (field `table`) when Pinot has no such table. */
  async table(name: string): Promise<TableInfo> {
    let names = await this.tableNames();
    if (!names.includes(name) && this.list && this.now() - this.list.at >= LIST_REFRESH_MS) {
      this.list = undefined; // a table created a moment ago: look once more, at most once a second
      names = await this.tableNames();
    }
    if (!names.includes(name)) throw badInput('table', `unknown analytics table "${name}"`, { known: names.slice(0, 50) });
    const cached = this.infos.get(name);
    if (cached && this.now() - cached.at < this.cacheMs) return cached.info;
    const info = this.load(name);
    this.infos.set(name, { at: this.now(), info });
    info.catch(() => this.infos.delete(name));
    return info;
  }

  private async load(name: string): Promise<TableInfo> {
    const [schema, configs] = await Promise.all([this.pinot.tableSchema(name), this.pinot.tableConfigs(name)]);
    const columns = columnsOf(schema);
    const config = configs.REALTIME ?? configs.OFFLINE;
    const timeName = config?.segmentsConfig?.timeColumnName ?? schema.dateTimeFieldSpecs?.[0]?.name;
    const timeColumn = timeName ? columns.get(timeName) : undefined;
    return { name, columns, timeColumn, timeUnitMs: timeColumn ? epochUnitMs(timeColumn) : undefined };
  }
}

function columnsOf(schema: PinotSchema): Map<string, TableColumn> {
  const columns = new Map<string, TableColumn>();
  const add = (specs: PinotFieldSpec[] | undefined, kind: FieldKind) => {
    for (const spec of specs ?? []) {
      const type = VALUE_TYPES.has(spec.dataType as ValueType) ? (spec.dataType as ValueType) : 'STRING';
      columns.set(spec.name, { name: spec.name, type, kind, singleValue: spec.singleValueField !== false, format: spec.format });
    }
  };
  add(schema.dimensionFieldSpecs, 'DIMENSION');
  add(schema.metricFieldSpecs, 'METRIC');
  add(schema.dateTimeFieldSpecs, 'TIME');
  if (columns.size === 0) throw new AppError('UPSTREAM_REJECTED', `Pinot schema ${schema.schemaName} has no columns`, { details: { upstream: 'pinot' } });
  return columns;
}

const UNIT_MS: Record<string, number> = { MILLISECONDS: 1, SECONDS: 1_000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

/** `1:MILLISECONDS:EPOCH`, `EPOCH|SECONDS|1`, `1:MILLISECONDS:TIMESTAMP`, `TIMESTAMP` → ms per unit. */
export function epochUnitMs(column: TableColumn): number | undefined {
  if (column.type === 'TIMESTAMP') return 1;
  const format = column.format ?? '';
  const classic = /^(\d+):([A-Z]+):(EPOCH|TIMESTAMP)$/.exec(format);
  if (classic) return (UNIT_MS[classic[2]!] ?? NaN) * Number(classic[1]) || undefined;
  const modern = /^EPOCH\|([A-Z]+)(?:\|(\d+))?$/.exec(format);
  if (modern) return (UNIT_MS[modern[1]!] ?? NaN) * Number(modern[2] ?? 1) || undefined;
  return format === 'TIMESTAMP' ? 1 : undefined;
}
