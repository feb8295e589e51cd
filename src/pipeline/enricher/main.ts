import { KafkaClient } from '../../adapters/kafka/kafka-client';
import { createKafkaAdmin } from '../../adapters/kafka/kafka-admin';
import { createKafkaProducer } from '../../adapters/kafka/kafka-producer';
import { createDimensionsRepository } from '../../adapters/postgres/dimensions-repository';
import { createPool } from '../../adapters/postgres/pool';
import { PayloadDecoder, SchemaRegistryClient } from '../../adapters/schema-registry';
import { loadConfigOrExit } from '../../config';
import { createLogger } from '../../logging/logger';
import { buildPipelinePlane, ENRICHER_WORKER } from '../../wiring/pipeline-plane';
import { Supervisor } from '../../wiring/supervisor';

/**
 * `npm run enricher`: the enricher as its own process, for scaling out by consumer group. Needs KAFKA_BROKERS and
 * DATABASE_URL (it never starts embedded stand-ins; point it at the ones `npm start` runs, or at real clusters). With
 * SCHEMA_REGISTRY_URL it decodes schema'd input and writes Confluent Avro, as the server's enricher does.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.http.logLevel }).child({ worker: 'enricher' });
  const brokers = config.kafka.brokers ?? [`127.0.0.1:${config.kafka.embeddedPort}`];
  const databaseUrl = config.postgres.url;
  if (!databaseUrl) {
    console.error('DATABASE_URL is required for the standalone enricher (the dimension tables live there)');
    process.exit(2);
  }
  const pool = createPool({ url: databaseUrl, max: 2, statementTimeoutMs: config.postgres.statementTimeoutMs }, logger.child({ adapter: 'postgres' }));
  const client = new KafkaClient({ brokers, clientId: `${config.kafka.clientId}-enricher`, logger: logger.child({ adapter: 'kafka' }) });
  const { schemaRegistry } = config;
  const registry = schemaRegistry.url
    ? new PayloadDecoder(new SchemaRegistryClient({ url: schemaRegistry.url, basicAuth: schemaRegistry.basicAuth, timeoutMs: schemaRegistry.timeoutMs, logger: logger.child({ adapter: 'schema-registry' }) }))
    : undefined;
  // The same supervised worker the server runs: any crash (a fenced commit, Kafka or Postgres gone) restarts it.
  const supervisor = new Supervisor({ baseMs: config.supervisor.restartBaseMs, capMs: config.supervisor.restartMaxMs, logger });
  const plane = buildPipelinePlane(
    { ...config, live: { ...config.live, enricher: { ...config.live.enricher, enabled: true } } },
    {
      client,
      admin: createKafkaAdmin(client),
      producer: createKafkaProducer(client),
      dimensions: createDimensionsRepository(pool, config.postgres.sinkSchema),
      decoder: registry,
      schemaWriter: registry,
    },
    supervisor,
    logger,
  );
  const progress = async () => (await plane.readiness[ENRICHER_WORKER]!()).detail;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, progress: await progress() }, 'enricher stopping');
    await plane.stop();
    await supervisor.stop();
    await client.close();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await plane.start();
  setInterval(() => void progress().then((detail) => logger.info({ progress: detail }, 'enricher progress')), 30_000).unref();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
