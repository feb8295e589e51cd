import { z } from 'zod';
import { intFromEnv, portFromEnv } from './parse';

export const postgresEnv = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SINK_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier').default('public'),
  PG_POOL_MAX: intFromEnv(10, 1, 200),
  PG_STATEMENT_TIMEOUT_MS: intFromEnv(10_000, 100, 600_000),
  EMBEDDED_POSTGRES_PORT: portFromEnv(5433),
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
  };
}
