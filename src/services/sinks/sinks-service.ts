import type { CatalogRepository } from '../../adapters/postgres/catalog-repository';
import type { ClickstreamRepository } from '../../adapters/postgres/clickstream-repository';
import type { SinkRowsRepository } from '../../adapters/postgres/sink-rows-repository';
import { createCatalogCache } from './catalog-cache';
import { createClickstreamEventsQueries } from './clickstream-events';
import { createDimensionQueries, type DimensionLookups } from './dimension-lookups';
import { createSinkTableRowsQueries } from './sink-table-rows';

export interface SinksServiceOptions {
  clickstream: ClickstreamRepository;
  catalog: CatalogRepository;
  rows: SinkRowsRepository;
  dimensions: DimensionLookups;
  /** The schema the JDBC sinks write to (SINK_SCHEMA). @default 'public' */
  schema?: string;
  /** Tables never listed nor readable (SINK_HIDDEN_TABLES); schema_migrations is always hidden. @default [] */
  hiddenTables?: readonly string[];
  /** `first` when omitted. @default 50 */
  defaultPageSize?: number;
  /** Larger `first` answers BAD_USER_INPUT (SINK_MAX_PAGE_SIZE). @default 1000 */
  maxPageSize?: number;
  /** SINK_CATALOG_CACHE_MS. @default 5000 */
  catalogCacheMs?: number;
  now?: () => number;
}

/**
 * The sink-tables plane: typed clickstream queries and aggregates, dimension lookups for DataLoaders, and the generic
 * catalog-checked row browser. Transport-agnostic: throws AppError, returns plain objects.
 */
export function createSinksService(options: SinksServiceOptions) {
  const schema = options.schema ?? 'public';
  const hidden = new Set(['schema_migrations', ...(options.hiddenTables ?? [])]);
  const limits = { defaultPageSize: options.defaultPageSize ?? 50, maxPageSize: options.maxPageSize ?? 1_000 };
  const catalog = createCatalogCache({
    load: async () => (await options.catalog.listTables(schema)).filter((table) => !hidden.has(table.name)),
    ttlMs: options.catalogCacheMs,
    now: options.now,
  });
  return {
    ...createClickstreamEventsQueries(options.clickstream, limits),
    ...createDimensionQueries(options.dimensions),
    ...createSinkTableRowsQueries(catalog, options.rows, schema, limits),
  };
}

export type SinksService = ReturnType<typeof createSinksService>;
