import { createAuditRepository } from '../adapters/postgres/audit-repository';
import { createCatalogRepository } from '../adapters/postgres/catalog-repository';
import { createClickstreamRepository } from '../adapters/postgres/clickstream-repository';
import { createDimensionsRepository, type DimensionsRepository } from '../adapters/postgres/dimensions-repository';
import { createPool, type Pool } from '../adapters/postgres/pool';
import { postgresReadiness } from '../adapters/postgres/readiness';
import { createSinkRowsRepository } from '../adapters/postgres/sink-rows-repository';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import { type AuditService, createAuditService } from '../services/audit';
import { createSinksService, type SinksService } from '../services/sinks';
import type { Plane } from './plane';

export interface SinksPlane extends Plane<{ sinks: SinksService; audit: AuditService }> {
  /** The one Postgres pool of the process (migrations, tests). */
  pool: Pool;
  /** The dimension tables, for the enricher and the demo seed. */
  dimensions: DimensionsRepository;
}

/**
 * Postgres: the pool, the sink-tables service over the repositories of the configured sink schema, and the audit
 * service every control mutation (connectors, topics, groups) writes through. Built first and stopped last, since the
 * other planes audit and look up dimensions through it.
 */
export function buildSinksPlane(config: Config, databaseUrl: string, logger: Logger): SinksPlane {
  const pool = createPool(
    { url: databaseUrl, max: config.postgres.poolMax, statementTimeoutMs: config.postgres.statementTimeoutMs },
    logger.child({ adapter: 'postgres' }),
  );
  const dimensions = createDimensionsRepository(pool, config.postgres.sinkSchema);
  const sinks = createSinksService({
    clickstream: createClickstreamRepository(pool, config.postgres.sinkSchema),
    catalog: createCatalogRepository(pool),
    rows: createSinkRowsRepository(pool),
    dimensions,
    schema: config.postgres.sinkSchema,
    hiddenTables: config.postgres.hiddenTables,
    maxPageSize: config.postgres.maxPageSize,
    catalogCacheMs: config.postgres.catalogCacheMs,
  });
  const audit = createAuditService({ repository: createAuditRepository(pool), logger: logger.child({ service: 'audit' }) });
  return {
    services: { sinks, audit },
    readiness: { postgres: postgresReadiness(pool) },
    pool,
    dimensions,
    async start() {},
    async stop() {
      await pool.end();
    },
  };
}
