import { z } from 'zod';
import { boolFromEnv, intFromEnv, portFromEnv } from './parse';

/**
 * The analytics plane: where Pinot is and how pipegraph queries it. Every bound is checked at start-up; a value
 * outside it is a config error (exit 2), never silently clamped.
 */
export const pinotEnv = {
  /** Pinot broker base URL (POST /query/sql). Unset: `npm start` runs the embedded Pinot and points here. */
  PINOT_BROKER_URL: z.string().url().optional(),
  /** Pinot controller base URL (tables, schemas, sizes). Default: PINOT_BROKER_URL (the embedded Pinot serves both). */
  PINOT_CONTROLLER_URL: z.string().url().optional(),
  /** Sent verbatim as the Authorization header to broker and controller (`Basic …`, `Bearer …`). Never logged. */
  PINOT_AUTH_TOKEN: z.string().optional(),
  /** Port of the embedded Pinot (controller and broker on one port). */
  EMBEDDED_PINOT_PORT: portFromEnv(9000),
  /** Broker-side query timeout, passed as Pinot's timeoutMs (milliseconds). */
  PINOT_QUERY_TIMEOUT_MS: intFromEnv(10_000, 100, 600_000),
  /** Controller calls (table list, schemas, sizes) give up after this. */
  PINOT_CONTROLLER_TIMEOUT_MS: intFromEnv(5_000, 100, 600_000),
  /** Rows an aggregate returns when the query gives no limit (a value above ANALYTICS_MAX_LIMIT acts as the maximum). */
  ANALYTICS_DEFAULT_LIMIT: intFromEnv(100, 1, 100_000),
  /** Largest limit a query may ask for; more is BAD_USER_INPUT (also bounds offset + limit). */
  ANALYTICS_MAX_LIMIT: intFromEnv(1_000, 1, 1_000_000),
  /** Result cache lifetime keyed by the compiled SQL; identical queries within it share one Pinot call. 0 disables. */
  ANALYTICS_CACHE_TTL_MS: intFromEnv(1_000, 0, 3_600_000),
  /** Cached results kept at most (least recently used go first). */
  ANALYTICS_CACHE_MAX_ENTRIES: intFromEnv(1_000, 1, 1_000_000),
  /** How long table schemas (used to check identifiers) are cached before the controller is asked again. */
  ANALYTICS_SCHEMA_CACHE_MS: intFromEnv(30_000, 0, 3_600_000),
  /** Live aggregates re-run each distinct query this often and push only changes. */
  ANALYTICS_LIVE_INTERVAL_MS: intFromEnv(2_000, 100, 3_600_000),
  /** Create the demo tables stock_transactions and clickstream_enriched at start. Default: on with the embedded Pinot. */
  PINOT_DEMO_TABLES: boolFromEnv(false).optional(),
};

type Env = z.infer<z.ZodObject<typeof pinotEnv>>;

export function pinotConfig(env: Env) {
  return {
    brokerUrl: env.PINOT_BROKER_URL,
    controllerUrl: env.PINOT_CONTROLLER_URL,
    authorization: env.PINOT_AUTH_TOKEN,
    embeddedPort: env.EMBEDDED_PINOT_PORT,
    demoTables: env.PINOT_DEMO_TABLES ?? env.PINOT_BROKER_URL === undefined,
    queryTimeoutMs: env.PINOT_QUERY_TIMEOUT_MS,
    controllerTimeoutMs: env.PINOT_CONTROLLER_TIMEOUT_MS,
    analytics: {
      defaultLimit: env.ANALYTICS_DEFAULT_LIMIT,
      maxLimit: env.ANALYTICS_MAX_LIMIT,
      cacheTtlMs: env.ANALYTICS_CACHE_TTL_MS,
      cacheMaxEntries: env.ANALYTICS_CACHE_MAX_ENTRIES,
      schemaCacheMs: env.ANALYTICS_SCHEMA_CACHE_MS,
      liveIntervalMs: env.ANALYTICS_LIVE_INTERVAL_MS,
    },
  };
}

export type PinotConfig = ReturnType<typeof pinotConfig>;
