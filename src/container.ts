import { createAuditRepository } from './adapters/postgres/audit-repository';
import { createDimensionsRepository } from './adapters/postgres/dimensions-repository';
import { createPool, type Pool } from './adapters/postgres/pool';
import type { Config } from './config';
import type { Logger } from './logging/logger';
import type { Services } from './services';
import { createAuditService } from './services/audit';
import { buildAnalyticsPlane } from './wiring/analytics-plane';
import { buildConnectorsPlane } from './wiring/connectors-plane';
import { buildKafkaPlane } from './wiring/kafka-plane';
import { buildSchemasPlane } from './wiring/schemas-plane';
import { buildSinksPlane } from './wiring/sinks-plane';

/** Where each backend is, after main has started embedded stand-ins for the ones the config left unset. */
export interface Endpoints {
  databaseUrl: string;
  kafkaBrokers: string[];
  connectUrl: string;
  pinotBrokerUrl: string;
  pinotControllerUrl: string;
  /** Unset (benches, older helpers): SCHEMA_REGISTRY_URL, else where main starts the embedded registry. */
  schemaRegistryUrl?: string;
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
 * The composition root for adapters and services: each plane is built from its config slice and endpoint by its
 * builder in src/wiring/; nothing else constructs adapters.
 */
export async function buildContainer(config: Config, endpoints: Endpoints, logger: Logger): Promise<Container> {
  const stops: Array<() => Promise<void>> = [];
  const starts: Array<() => Promise<void>> = [];
  const readiness: Container['readiness'] = {};

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

  // Every control mutation (connectors, topics, groups) writes its audit row through this one service.
  const audit = createAuditService({ repository: createAuditRepository(pool), logger: logger.child({ service: 'audit' }) });
  const dimensions = createDimensionsRepository(pool, config.postgres.sinkSchema);

  const schemasPlane = buildSchemasPlane(
    config,
    endpoints.schemaRegistryUrl ?? config.schemaRegistry.url ?? `http://127.0.0.1:${config.schemaRegistry.embeddedPort}`,
    audit,
    logger,
  );
  const kafkaPlane = buildKafkaPlane(config, endpoints.kafkaBrokers, dimensions, logger, audit, schemasPlane.decoder);
  const analyticsPlane = buildAnalyticsPlane(config, endpoints, logger);
  const connectorsPlane = buildConnectorsPlane(config, endpoints, audit, pool, logger);
  const services: Services = {
    sinks: buildSinksPlane(config, pool),
    topics: kafkaPlane.topics,
    live: kafkaPlane.live,
    analytics: analyticsPlane.analytics,
    connectors: connectorsPlane.connectors,
    audit,
    schemas: schemasPlane.schemas,
  };
  // Start order: Kafka (pipeline topics, enricher, generator), then Pinot's demo tables and the demo connectors, which
  // consume those topics. Stop order is the reverse.
  for (const plane of [kafkaPlane, analyticsPlane, connectorsPlane, schemasPlane]) {
    Object.assign(readiness, plane.readiness);
    starts.push(() => plane.start());
    stops.push(() => plane.stop());
  }

  return {
    services,
    readiness,
    pool,
    async start() {
      for (const start of starts) await start();
    },
    async stop() {
      for (const stop of [...stops].reverse()) await stop().catch((error) => logger.warn({ err: (error as Error).message }, 'stop failed'));
    },
  };
}
