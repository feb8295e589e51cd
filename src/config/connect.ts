import { z } from 'zod';
import { boolFromEnv, intFromEnv, portFromEnv } from './parse';

const CLUSTER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
/** The cluster CONNECT_URL (or the embedded worker) is registered as. */
export const PRIMARY_CLUSTER = 'default';

/** `name=url,name2=url2`: extra Connect clusters besides CONNECT_URL. Names are letters, digits, `_` and `-`. */
const clustersFromEnv = () =>
  z.string().transform((value, ctx) => {
    const clusters: Array<{ name: string; url: string }> = [];
    for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
      const at = entry.indexOf('=');
      const name = at > 0 ? entry.slice(0, at).trim() : '';
      const url = at > 0 ? entry.slice(at + 1).trim() : '';
      if (!CLUSTER_NAME.test(name)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${entry}": expected name=url with a name of letters, digits, _ or -` });
        continue;
      }
      if (name === PRIMARY_CLUSTER) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${PRIMARY_CLUSTER}" is the name of CONNECT_URL's cluster; pick another name` });
        continue;
      }
      if (!z.string().url().safeParse(url).success || !/^https?:/.test(url)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${entry}": ${url || '(empty)'} is not an http(s) URL` });
        continue;
      }
      if (clusters.some((c) => c.name === name)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `cluster "${name}" is listed twice` });
        continue;
      }
      clusters.push({ name, url: url.replace(/\/+$/, '') });
    }
    return clusters;
  });

/**
 * The connectors plane: which Kafka Connect clusters pipegraph controls and how patiently. Every bound is checked at
 * start-up; a value outside it is a config error (exit 2), never silently clamped.
 */
export const connectEnv = {
  /** Connect REST URL of the primary cluster (named "default"). Unset: `npm start` runs the embedded worker. */
  CONNECT_URL: z.string().url().optional(),
  /** Port of the embedded Connect worker's REST API. */
  EMBEDDED_CONNECT_PORT: portFromEnv(8083),
  /**
   * Kafka Connect release the embedded worker imitates (REST surface, status codes, error bodies, GET / version).
   * The list is embedded/connect/version.ts's CONNECT_VERSIONS (src/ may not import embedded/; a test keeps them equal).
   */
  EMBEDDED_CONNECT_VERSION: z.enum(['2.4', '3.0', '3.2', '3.5', '3.7', '3.9']).default('3.9'),
  /** How long the embedded worker takes to show a status it wrote, as a distributed worker reads its status topic back. */
  EMBEDDED_CONNECT_STATUS_DELAY_MS: intFromEnv(300, 0, 60_000),
  /** More clusters: `name=url,name2=url2`; queries and mutations pick one with their `cluster` argument. */
  CONNECT_CLUSTERS: clustersFromEnv().optional(),
  /** Cluster used when an operation names none: "default" or a name from CONNECT_CLUSTERS. */
  CONNECT_DEFAULT_CLUSTER: z.string().default(PRIMARY_CLUSTER),
  /** One REST call to Connect gives up after this (then UPSTREAM_UNAVAILABLE). */
  CONNECT_TIMEOUT_MS: intFromEnv(10_000, 100, 600_000),
  /** Retries of a 409 (rebalance, stale config) before answering CONFLICT (retriable). */
  CONNECT_CONFLICT_RETRIES: intFromEnv(4, 0, 20),
  /** First backoff between 409 retries; doubles each time. */
  CONNECT_CONFLICT_BACKOFF_MS: intFromEnv(250, 0, 60_000),
  /** Lifecycle mutations (pause, resume, stop, restart, create) wait this long for the target state. */
  CONNECT_LIFECYCLE_WAIT_MS: intFromEnv(15_000, 0, 300_000),
  /** How often the one status poller per instance reads connector states: `connectorStatusChanged`, and auto-restart. */
  CONNECT_STATUS_POLL_MS: intFromEnv(2_000, 100, 3_600_000),
  /**
   * One auto-restart backoff unit: a failing connector with auto-restart on is restarted at once, then after 2, 6, 12,
   * 20, 30, 42, 56 and then every 60 units (Strimzi's n² + n). The default unit is a minute; tests shorten it.
   */
  CONNECT_AUTO_RESTART_UNIT_MS: intFromEnv(60_000, 1, 3_600_000),
  /** Create the demo pipeline's connectors (datagen → clickstream, enriched-clickstream → JDBC sink and S3 sink, through the AvroConverter; without a registry only datagen, writing JSON). Default: on with the embedded worker. */
  CONNECT_DEMO_CONNECTORS: boolFromEnv(false).optional(),
  /** JDBC URL the demo sink connector writes to, as the Connect worker sees the database. Default: DATABASE_URL (or the embedded Postgres). */
  CONNECT_DEMO_JDBC_URL: z.string().regex(/^jdbc:postgresql:/, 'must be a jdbc:postgresql: URL').optional(),
  /** The schema registry as the Connect worker reaches it (the demo connectors' value.converter.schema.registry.url). Default: SCHEMA_REGISTRY_URL (or the embedded registry). */
  CONNECT_DEMO_SCHEMA_REGISTRY_URL: z.string().url().optional(),
};

type Env = z.infer<z.ZodObject<typeof connectEnv>>;

export function connectConfig(env: Env) {
  const clusters = env.CONNECT_CLUSTERS ?? [];
  const defaultCluster = env.CONNECT_DEFAULT_CLUSTER;
  if (defaultCluster !== PRIMARY_CLUSTER && !clusters.some((c) => c.name === defaultCluster)) {
    // Loaded lazily: config/index.ts imports this file, and ConfigError is what main reports with exit code 2.
    const { ConfigError } = require('./index') as typeof import('./index');
    throw new ConfigError([`CONNECT_DEFAULT_CLUSTER: "${defaultCluster}" is neither "${PRIMARY_CLUSTER}" nor a name in CONNECT_CLUSTERS`]);
  }
  return {
    url: env.CONNECT_URL,
    embeddedPort: env.EMBEDDED_CONNECT_PORT,
    /** The embedded worker's version mode and status delay (used only when CONNECT_URL is unset). */
    embedded: { version: env.EMBEDDED_CONNECT_VERSION, statusDelayMs: env.EMBEDDED_CONNECT_STATUS_DELAY_MS },
    /** Named clusters besides the primary one (whose URL is CONNECT_URL or the embedded worker's). */
    clusters,
    defaultCluster,
    timeoutMs: env.CONNECT_TIMEOUT_MS,
    conflictRetries: env.CONNECT_CONFLICT_RETRIES,
    conflictBackoffMs: env.CONNECT_CONFLICT_BACKOFF_MS,
    lifecycleWaitMs: env.CONNECT_LIFECYCLE_WAIT_MS,
    statusPollMs: env.CONNECT_STATUS_POLL_MS,
    autoRestartUnitMs: env.CONNECT_AUTO_RESTART_UNIT_MS,
    demo: {
      enabled: env.CONNECT_DEMO_CONNECTORS ?? env.CONNECT_URL === undefined,
      jdbcUrl: env.CONNECT_DEMO_JDBC_URL,
      schemaRegistryUrl: env.CONNECT_DEMO_SCHEMA_REGISTRY_URL,
    },
  };
}

export type ConnectConfig = ReturnType<typeof connectConfig>;
