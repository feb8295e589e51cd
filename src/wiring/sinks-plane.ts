import { createCatalogRepository } from '../adapters/postgres/catalog-repository';
import { createClickstreamRepository } from '../adapters/postgres/clickstream-repository';
import { createDimensionsRepository } from '../adapters/postgres/dimensions-repository';
import type { Pool } from '../adapters/postgres/pool';
import { createSinkRowsRepository } from '../adapters/postgres/sink-rows-repository';
import type { Config } from '../config';
import { createSinksService, type SinksService } from '../services/sinks';

/** The sink-tables service over the Postgres repositories of the configured sink schema. */
export function buildSinksPlane(config: Config, pool: Pool): SinksService {
  return createSinksService({
    clickstream: createClickstreamRepository(pool, config.postgres.sinkSchema),
    catalog: createCatalogRepository(pool),
    rows: createSinkRowsRepository(pool),
    dimensions: createDimensionsRepository(pool, config.postgres.sinkSchema),
    schema: config.postgres.sinkSchema,
    hiddenTables: config.postgres.hiddenTables,
    maxPageSize: config.postgres.maxPageSize,
    catalogCacheMs: config.postgres.catalogCacheMs,
  });
}
