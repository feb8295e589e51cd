import type { CatalogTable } from '../../adapters/postgres/catalog-repository';
import type { KeyColumn, SinkRowsRepository } from '../../adapters/postgres/sink-rows-repository';
import { badInput } from '../../errors/app-error';
import type { CatalogCache } from './catalog-cache';
import { columnKind, orderable, rendersAsText } from './column-types';
import { cursorScope, decodeCursor, encodeCursor } from './cursor';
import { type Page, type PageSizeLimits, resolvePageSize, toPage } from './page';
import { parseRowFilter } from './row-filter-parser';

type Maybe<T> = T | null | undefined;

export interface SinkRowsOrderBy {
  column: string;
  /** @default 'ASC' */
  direction?: Maybe<'ASC' | 'DESC'>;
}

export interface SinkTableRowsArgs {
  table: string;
  /** Hasura-style boolean expression (see parseRowFilter), validated against the catalog. */
  where?: Maybe<Record<string, unknown>>;
  /** Sort columns; the primary key is appended as tie-break. @default primary key ascending */
  orderBy?: Maybe<SinkRowsOrderBy[]>;
  first?: Maybe<number>;
  after?: Maybe<string>;
  withTotalCount?: boolean;
}

export type SinkRow = Record<string, unknown>;

export function createSinkTableRowsQueries(catalog: CatalogCache, repository: SinkRowsRepository, schema: string, limits: PageSizeLimits) {
  const findTable = async (name: string): Promise<CatalogTable> => {
    const table = await catalog.table(name);
    if (!table) {
      throw badInput('table', `unknown table "${name.length > 80 ? `${name.slice(0, 77)}...` : name}" in sink schema "${schema}"; sinkTables lists them`, {
        table: name.slice(0, 80),
      });
    }
    return table;
  };

  return {
    async sinkTables(): Promise<CatalogTable[]> {
      return (await catalog.tables()).sort((a, b) => a.name.localeCompare(b.name));
    },

    async sinkTableRows({ table: name, where, orderBy, first, after, withTotalCount = false }: SinkTableRowsArgs): Promise<Page<SinkRow>> {
      const table = await findTable(name);
      if (table.primaryKey.length === 0) {
        throw badInput('table', `table "${table.name}" has no primary key; sinkTableRows pages by primary key`, { table: table.name });
      }
      const limit = resolvePageSize(first, limits);
      const order = sortKey(table, orderBy ?? []);
      const filter = where ? parseRowFilter(where, table) : undefined;
      const scope = cursorScope('sinkTableRows', schema, table.name, ...order.map((k) => `${k.name} ${k.direction}`));
      const afterKey = after ? decodeRowCursor(after, scope, order.length) : undefined;
      const columns = table.columns.map((column) => ({ name: column.name, asText: rendersAsText(column) }));
      const [records, totalCount] = await Promise.all([
        repository.findPage({ schema, table: table.name, columns, filter, order, after: afterKey, limit: limit + 1 }),
        withTotalCount ? repository.count({ schema, table: table.name, filter }) : Promise.resolve(undefined),
      ]);
      const page = toPage(records, limit, (record) => encodeCursor(scope, record.key), (record) => record.row, afterKey !== undefined);
      return totalCount === undefined ? page : { ...page, totalCount };
    },
  };
}

const MAX_ORDER_COLUMNS = 8;

/** Requested columns, then the primary key columns not already listed, in the last requested direction (one index walk). */
export function sortKey(table: CatalogTable, orderBy: readonly SinkRowsOrderBy[]): KeyColumn[] {
  if (orderBy.length > MAX_ORDER_COLUMNS) throw badInput('orderBy', `orderBy may list at most ${MAX_ORDER_COLUMNS} columns`);
  const columns = new Map(table.columns.map((column) => [column.name, column]));
  const key: KeyColumn[] = [];
  orderBy.forEach(({ column: name, direction }, i) => {
    const column = columns.get(name);
    const field = `orderBy[${i}].column`;
    if (!column) throw badInput(field, `unknown column "${name.slice(0, 80)}" in table "${table.name}"`, { table: table.name, column: name.slice(0, 80) });
    if (!orderable(columnKind(column))) throw badInput(field, `column "${name}" (${column.dataType}) cannot be used in orderBy`, { column: name });
    if (key.some((k) => k.name === name)) throw badInput(field, `column "${name}" appears twice in orderBy`, { column: name });
    key.push({ name, direction: direction ?? 'ASC', nullable: column.nullable });
  });
  const tieBreak = key.at(-1)?.direction ?? 'ASC';
  for (const name of table.primaryKey) {
    if (!key.some((k) => k.name === name)) key.push({ name, direction: tieBreak, nullable: false });
  }
  return key;
}

function decodeRowCursor(after: string, scope: string, length: number): Array<string | null> {
  const values = decodeCursor(after, scope);
  if (values.length !== length || !values.every((value) => value === null || typeof value === 'string')) {
    throw badInput('after', 'after is not a valid cursor');
  }
  return values as Array<string | null>;
}
