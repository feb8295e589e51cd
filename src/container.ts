import type { Config } from './config';
import type { Logger } from './logging/logger';
import { createPool, type Pool } from './adapters/postgres/pool';
import type { Services } from './services';
import { buildKafkaPlane } from './services/live/wire-live-plane'; // --- kafka / topics / live ---
import { buildAnalyticsPlane } from './services/analytics/wire-analytics-plane'; // --- analytics (pinot) ---
import { buildConnectorsPlane } from './services/connectors/wire-connectors-plane'; // --- connectors / audit ---
import { createCatalogRepository } from './adapters/postgres/catalog-repository';
import { createClickstreamRepository } from './adapters/postgres/clickstream-repository';
import { createDimensionsRepository } from './adapters/postgres/dimensions-repository';
import { createSinkRowsRepository } from './adapters/postgres/sink-rows-repository';
import { createSinksService } from './services/sinks';

/** Where each backend is, after main has started embedded stand-ins for the ones the config left unset. */
export interface Endpoints {
  databaseUrl: string;
  kafkaBrokers: string[];
  connectUrl: string;
  pinotBrokerUrl: string;
  pinotControllerUrl: string;
}

export interface ReadinessResult {
  ok: boolean;
  detail?: string;
}

export interface Container {
  services: Services;
  /** One probe per backend, for GET /readyz. */
  readiness: Record<string, () => Promise<ReadinessResult>>;
  pool: Pool;
  /** Starts background work (consumers, pollers, workers) after the server listens. */
  start(): Promise<void>;
  /** Stops background work and closes every client, in reverse order of creation. */
  stop(): Promise<void>;
}

/**
 * The composition root for adapters and services: builds each from its config slice and endpoint. Planes add their
 * adapters and services in their own marked block; nothing else constructs adapters.
 */
export async function buildContainer(config: Config, endpoints: Endpoints, logger: Logger): Promise<Container> {
  const stops: Array<() => Promise<void>> = [];
  const starts: Array<() => Promise<void>> = [];
  const readiness: Container['readiness'] = {};

  // --- postgres (foundation) ---
  const pool = createPool(
    { url: endpoints.databaseUrl, max: config.postgres.poolMax, statementTimeoutMs: config.postgres.statementTimeoutMs },
    logger.child({ adapter: 'postgres' }),
  );
  stops.push(() => pool.end());
  readiness.postgres = async () => {
    try {
      await pool.query('SELECT 1');
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  };

  const services = {} as Services;
  // [plane blocks — each plane builds its adapters and services here]

  // --- sinks ---
  services.sinks = createSinksService({
    clickstream: createClickstreamRepository(pool, config.postgres.sinkSchema),
    catalog: createCatalogRepository(pool),
    rows: createSinkRowsRepository(pool),
    dimensions: createDimensionsRepository(pool, config.postgres.sinkSchema),
    schema: config.postgres.sinkSchema,
    hiddenTables: config.postgres.hiddenTables,
    maxPageSize: config.postgres.maxPageSize,
    catalogCacheMs: config.postgres.catalogCacheMs,
  });
  // --- end sinks ---

  // --- kafka / topics / live ---
  // Audit is built in the connectors block below; resolved at call time.
  const kafkaAudit = { record: (entry: Parameters<Services['audit']['record']>[0]) => services.audit.record(entry) };
  const kafkaPlane = buildKafkaPlane(config, endpoints.kafkaBrokers, createDimensionsRepository(pool, config.postgres.sinkSchema), logger, kafkaAudit);
  services.topics = kafkaPlane.topics;
  services.live = kafkaPlane.live;
  Object.assign(readiness, kafkaPlane.readiness);
  starts.push(() => kafkaPlane.start());
  stops.push(() => kafkaPlane.stop());
  // --- end kafka / topics / live ---

  // --- analytics (pinot) ---
  const analyticsPlane = buildAnalyticsPlane(config, endpoints, logger);
  services.analytics = analyticsPlane.analytics;
  Object.assign(readiness, analyticsPlane.readiness);
  starts.push(() => analyticsPlane.start());
  stops.push(() => analyticsPlane.stop());
  // --- end analytics (pinot) ---

  // --- connectors / audit ---
  const connectorsPlane = buildConnectorsPlane(config, endpoints, pool, logger);
  services.connectors = connectorsPlane.connectors;
  services.audit = connectorsPlane.audit;
  Object.assign(readiness, connectorsPlane.readiness);
  starts.push(() => connectorsPlane.start());
  stops.push(() => connectorsPlane.stop());
  // --- end connectors / audit ---

  return {
    services,
    readiness,
    pool,
    async start() {
      for (const start of starts) await start();
    },
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((error) => logger.warn({ err: (error as Error).message }, 'stop failed'));
    },
  };
}
