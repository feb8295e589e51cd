import type { ConnectClusters } from '../adapters/kafka-connect';
import type { KafkaAdminPort, KafkaProducerPort } from '../adapters/kafka/types';
import type { DimensionsRepository } from '../adapters/postgres/dimensions-repository';
import type { PinotClient } from '../adapters/pinot';
import type { Config } from '../config';
import { PRIMARY_CLUSTER } from '../config/connect';
import type { Logger } from '../logging/logger';
import { demoValueSchemas } from '../pipeline/demo/avro-schemas';
import { demoConnectorConfigs, provisionDemoConnectors } from '../pipeline/demo/connectors';
import { provisionDemoPinotTables } from '../pipeline/demo/pinot-tables';
import { seedDemoData } from '../pipeline/demo/seed';
import { createEventGenerator } from '../pipeline/generator/event-generator';
import { type SchemaWriterPort, valueWriters } from '../pipeline/value-writer';
import type { ConnectorsService } from '../services/connectors/connectors-service';
import type { Endpoints, Plane } from './plane';
import type { SupervisedWorker, Supervisor } from './supervisor';

export const GENERATOR_WORKER = 'generator';
const STOCK_TOPIC = 'stock_transactions';

export interface DemoDeps {
  admin: KafkaAdminPort;
  producer: KafkaProducerPort;
  dimensions: DimensionsRepository;
  pinot: PinotClient;
  clusters: ConnectClusters;
  /** Turns auto-restart on for the demo connectors (unless an operator set their policy). */
  connectors: Pick<ConnectorsService, 'enableAutoRestartUnlessSet'>;
  /** Set when a schema registry is configured: the demo topics then carry Confluent Avro (avro-schemas.ts). */
  schemaWriter?: SchemaWriterPort;
  /** Seed the dimension tables and sample events (with the embedded Postgres). */
  seed: boolean;
}

/**
 * Everything that exists only to make the zero-setup stack show something: seed data, the event generator (a
 * supervised worker), the demo Pinot tables and the demo connectors. Each is a convenience — a failure is logged, never
 * fatal to the API — and each is off when its backend is external unless turned on in the config. With a schema
 * registry the demo topics carry Confluent Avro: the producers register their schemas, Pinot decodes through the
 * registry and the Connect legs use the AvroConverter; without one everything is JSON and the sinks are left out.
 */
export function buildDemoPlane(config: Config, endpoints: Endpoints, deps: DemoDeps, supervisor: Supervisor, logger: Logger): Plane<Record<string, never>> {
  const log = logger.child({ plane: 'demo' });
  const { generator: generatorConfig, enricher: enricherConfig, pipelineTopicPartitions } = config.live;
  const registryUrl = deps.schemaWriter ? (endpoints.schemaRegistryUrl ?? config.schemaRegistry.url) : undefined;
  const registry = registryUrl ? { url: registryUrl, basicAuth: config.schemaRegistry.basicAuth } : undefined;
  const schemas = demoValueSchemas({ clickTopic: enricherConfig.sourceTopic, enrichedTopic: enricherConfig.targetTopic, stockTopic: STOCK_TOPIC });
  const ensureTopics = async () => {
    for (const name of [enricherConfig.sourceTopic, STOCK_TOPIC]) {
      await deps.admin.ensureTopic({ name, partitions: pipelineTopicPartitions, replicationFactor: 1, configs: [] });
    }
  };
  const abort = new AbortController();
  let provisioning: Promise<unknown> | undefined;
  let generator: SupervisedWorker | undefined;
  const readiness: Plane<never>['readiness'] = {};
  if (generatorConfig.rate > 0) readiness[GENERATOR_WORKER] = supervisor.readiness(GENERATOR_WORKER);

  return {
    services: {},
    readiness,
    async start() {
      if (deps.seed) await seedDemoData(deps.dimensions).catch((error: Error) => log.warn({ err: error.message }, 'could not seed the demo data'));
      if (generatorConfig.rate > 0) {
        // Topics first (best effort), so the Pinot tables below find them; the generator's own runs ensure them again.
        await ensureTopics().catch((error: Error) => log.warn({ err: error.message }, 'could not create the demo topics yet'));
        generator = await supervisor.supervise({
          name: GENERATOR_WORKER,
          async start() {
            await ensureTopics();
            const writers = await valueWriters(deps.schemaWriter, schemas);
            const events = createEventGenerator({
              producer: deps.producer,
              rate: generatorConfig.rate,
              invalidRate: generatorConfig.invalidRate,
              clickTopic: enricherConfig.sourceTopic,
              stockTopic: STOCK_TOPIC,
              writers: { click: writers[enricherConfig.sourceTopic]!, stock: writers[STOCK_TOPIC]! },
              logger: logger.child({ worker: GENERATOR_WORKER }),
            });
            events.start();
            return { stop: () => events.stop() };
          },
        });
      }
      if (config.pinot.demoTables) {
        const topics = { enrichedTopic: enricherConfig.targetTopic, stockTopic: STOCK_TOPIC, kafkaBrokers: endpoints.kafkaBrokers, registry };
        await provisionDemoPinotTables(deps.pinot, topics, log).catch((error: Error) => log.warn({ err: error.message }, 'could not provision the demo Pinot tables'));
      }
      if (config.connect.demo.enabled) {
        // In the background: the server is already serving while Connect finishes starting.
        const demo = {
          databaseUrl: endpoints.databaseUrl,
          jdbcUrl: config.connect.demo.jdbcUrl,
          sinkSchema: config.postgres.sinkSchema,
          registry: registry && { ...registry, url: config.connect.demo.schemaRegistryUrl ?? registry.url },
          // The lake leg, where an object store is there to write to.
          lake: endpoints.s3Endpoint
            ? {
                bucket: config.s3.demoBucket,
                region: config.s3.region,
                storeUrl: config.s3.connectEndpoint ?? endpoints.s3Endpoint,
                accessKeyId: config.s3.credentials.accessKeyId,
                secretAccessKey: config.s3.credentials.secretAccessKey,
              }
            : undefined,
        };
        if (!registry) log.info('no schema registry: the demo JDBC and S3 sinks are not created (they need schema\'d records); datagen writes JSON');
        // Datagen writes with the latest registered Click schema, so the demo's schemas are registered before it starts.
        const registered = valueWriters(deps.schemaWriter, schemas).catch((error: Error) => log.warn({ err: error.message }, 'could not register the demo schemas'));
        provisioning = registered
          .then(() => provisionDemoConnectors({ client: deps.clusters.get(PRIMARY_CLUSTER), ...demo, logger: log, signal: abort.signal }))
          // The demo connectors restart themselves after a failure, unless an operator set their policy otherwise.
          .then(() => deps.connectors.enableAutoRestartUnlessSet(PRIMARY_CLUSTER, Object.keys(demoConnectorConfigs(demo))))
          .catch((error: Error) => log.warn({ err: error.message }, 'demo connectors: auto-restart not enabled'));
      }
    },
    async stop() {
      abort.abort();
      await provisioning;
      await generator?.stop();
    },
  };
}
