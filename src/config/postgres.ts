import { z } from 'zod';
import { intFromEnv, listFromEnv, portFromEnv } from './parse';

export const postgresEnv = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SINK_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier').default('public'),
  PG_POOL_MAX: intFromEnv(10, 1, 200),
  PG_STATEMENT_TIMEOUT_MS: intFromEnv(10_000, 100, 600_000),
  EMBEDDED_POSTGRES_PORT: portFromEnv(5433),
  // --- sinks ---
  /** Largest `first` the sink-table connections accept; beyond it the query answers BAD_USER_INPUT naming `first`. */
  SINK_MAX_PAGE_SIZE: intFromEnv(1_000, 1, 100_000),
  /** How long the sink schema's catalog (tables, columns, keys) is cached; an unknown table forces one early refresh. */
  SINK_CATALOG_CACHE_MS: intFromEnv(5_000, 0, 3_600_000),
  /** Tables of SINK_SCHEMA hidden from sinkTables/sinkTableRows (schema_migrations always is); these have their own API. */
  SINK_HIDDEN_TABLES: listFromEnv().default('audit_log,connector_auto_restart'),
};

type Env = z.infer<z.ZodObject<typeof postgresEnv>>;

export function postgresConfig(env: Env) {
  return {
    /** Unset: the embedded PGlite server is started and this is filled in by main. */
    url: env.DATABASE_URL,
    sinkSchema: env.SINK_SCHEMA,
    poolMax: env.PG_POOL_MAX,
    statementTimeoutMs: env.PG_STATEMENT_TIMEOUT_MS,
    embeddedPort: env.EMBEDDED_POSTGRES_PORT,
    maxPageSize: env.SINK_MAX_PAGE_SIZE,
    catalogCacheMs: env.SINK_CATALOG_CACHE_MS,
    hiddenTables: env.SINK_HIDDEN_TABLES,
  };
}
