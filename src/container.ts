import type { Pool } from './adapters/postgres/pool';
import type { Config } from './config';
import type { Logger } from './logging/logger';
import type { Services } from './services';
import { buildAnalyticsPlane } from './wiring/analytics-plane';
import { buildConnectorsPlane } from './wiring/connectors-plane';
import { buildDemoPlane } from './wiring/demo-plane';
import { buildLakePlane } from './wiring/lake-plane';
import { buildPipelinePlane } from './wiring/pipeline-plane';
import type { Endpoints, Plane, ReadinessChecks } from './wiring/plane';
import { buildSchemasPlane } from './wiring/schemas-plane';
import { buildSinksPlane } from './wiring/sinks-plane';
import { Supervisor } from './wiring/supervisor';
import { buildTopicsPlane } from './wiring/topics-plane';

export type { Endpoints, ReadinessResult } from './wiring/plane';

export interface ContainerOptions {
  /** Seed the demo dimensions and sample events at start (main does with the embedded Postgres). @default false */
  seedDemoData?: boolean;
  /** The supervisor to run workers under (main shares its own, which also runs the stand-ins); stopped by its owner. */
  supervisor?: Supervisor;
}

export interface Container {
  services: Services;
  /** One probe per backend and supervised worker, for GET /readyz. */
  readiness: ReadinessChecks;
  pool: Pool;
  /** Runs every background worker; its statuses say which are recovering. */
  supervisor: Supervisor;
  /** Starts the planes in order (workers, demo provisioning) after the server listens. */
  start(): Promise<void>;
  /** Stops the planes in reverse order (each stops its own workers), then the supervisor if the container made it. */
  stop(): Promise<void>;
}

/**
 * The composition root for adapters and services: each plane is built from its config slice and endpoint by its
 * builder in src/wiring/; nothing else constructs adapters.
 */
export async function buildContainer(config: Config, endpoints: Endpoints, logger: Logger, options: ContainerOptions = {}): Promise<Container> {
  const ownSupervisor = !options.supervisor;
  const supervisor =
    options.supervisor ??
    new Supervisor({ baseMs: config.supervisor.restartBaseMs, capMs: config.supervisor.restartMaxMs, logger: logger.child({ component: 'supervisor' }) });
  const sinks = buildSinksPlane(config, endpoints.databaseUrl, logger);
  const { audit } = sinks.services;
  const schemas = buildSchemasPlane(config, endpoints.schemaRegistryUrl ?? config.schemaRegistry.url, audit, logger);
  const topics = buildTopicsPlane(config, endpoints.kafkaBrokers, supervisor, logger, audit, schemas.decoder);
  const analytics = buildAnalyticsPlane(config, endpoints, logger);
  // The lake reads S3 sink configs through the connectors service; the connectors service checks buckets on the lake's store.
  const lake = buildLakePlane(config, endpoints.s3Endpoint, (cluster, name) => connectors.services.connectors.getConnector({ cluster, name }), logger);
  const connectors = buildConnectorsPlane(config, endpoints, { audit, pool: sinks.pool, s3Store: lake.s3Store }, supervisor, logger);
  const pipeline = buildPipelinePlane(config, { ...topics, dimensions: sinks.dimensions, decoder: schemas.decoder, schemaWriter: schemas.schemaWriter }, supervisor, logger);
  const demo = buildDemoPlane(
    config,
    endpoints,
    { ...topics, dimensions: sinks.dimensions, pinot: analytics.pinot, clusters: connectors.clusters, connectors: connectors.services.connectors, schemaWriter: schemas.schemaWriter, seed: options.seedDemoData ?? false },
    supervisor,
    logger,
  );
  // Start order: the backends' planes, then the enricher, then the demo pieces that feed and read the pipeline.
  const planes: Array<Plane<unknown>> = [sinks, schemas, topics, analytics, lake, connectors, pipeline, demo];
  const services: Services = { ...sinks.services, ...schemas.services, ...topics.services, ...analytics.services, ...lake.services, ...connectors.services };
  const readiness: ReadinessChecks = Object.assign({}, ...planes.map((plane) => plane.readiness));

  return {
    services,
    readiness,
    pool: sinks.pool,
    supervisor,
    async start() {
      for (const plane of planes) await plane.start();
    },
    async stop() {
      for (const plane of [...planes].reverse()) {
        await plane.stop().catch((error: Error) => logger.warn({ err: error.message }, 'plane stop failed'));
      }
      if (ownSupervisor) await supervisor.stop();
    },
  };
}
