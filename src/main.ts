import 'reflect-metadata';
import { resolve } from 'node:path';
import { startEmbeddedStack } from '../embedded';
import { createApp } from './app';
import { migrate } from './adapters/postgres/migrator';
import { createDimensionsRepository } from './adapters/postgres/dimensions-repository';
import { loadConfigOrExit } from './config';
import { buildContainer, type Endpoints } from './container';
import { createLogger } from './logging/logger';
import { seedDemoData } from './pipeline/demo/seed';

/** config → logger → embedded stack (only for unset endpoints) → container → app → listen; ordered shutdown. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.http.logLevel });
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const needs = {
    postgres: !config.postgres.url,
    kafka: !config.kafka.brokers,
    connect: !config.connect.url,
    pinot: !config.pinot.brokerUrl,
    schemaRegistry: !config.schemaRegistry.url,
  };
  const stack = await startEmbeddedStack({
    start: needs,
    dataDir: resolve(config.http.dataDir),
    ports: {
      postgres: config.postgres.embeddedPort,
      kafka: config.kafka.embeddedPort,
      connect: config.connect.embeddedPort,
      pinot: config.pinot.embeddedPort,
      schemaRegistry: config.schemaRegistry.embeddedPort,
    },
    externalKafkaBrokers: config.kafka.brokers,
    // The stand-ins narrate their startup at info; keep that out of the way unless the operator asked for detail.
    logger: logger.child({ component: 'embedded' }, { level: embeddedLogLevel(config.http.logLevel) }),
  });
  const endpoints: Endpoints = {
    databaseUrl: config.postgres.url ?? stack.postgresUrl!,
    kafkaBrokers: config.kafka.brokers ?? stack.kafkaBrokers!,
    connectUrl: config.connect.url ?? stack.connectUrl!,
    pinotBrokerUrl: config.pinot.brokerUrl ?? stack.pinotUrl!,
    pinotControllerUrl: config.pinot.controllerUrl ?? config.pinot.brokerUrl ?? stack.pinotUrl!,
    schemaRegistryUrl: config.schemaRegistry.url ?? stack.schemaRegistryUrl!,
  };
  const describe = (embedded: boolean, where: string) => (embedded ? `embedded at ${where}` : `external ${where}`);
  say(`postgres: ${describe(needs.postgres, redactUrl(endpoints.databaseUrl))}`);
  say(`kafka:    ${describe(needs.kafka, endpoints.kafkaBrokers.join(','))}`);
  say(`connect:  ${describe(needs.connect, endpoints.connectUrl)}`);
  say(`pinot:    ${describe(needs.pinot, endpoints.pinotBrokerUrl)}`);
  say(`schemas:  ${describe(needs.schemaRegistry, redactUrl(endpoints.schemaRegistryUrl!))}`);

  const container = await buildContainer(config, endpoints, logger);
  const applied = await migrate(container.pool);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  if (needs.postgres) await seedDemoData(createDimensionsRepository(container.pool, config.postgres.sinkSchema));

  const app = await createApp(config, container, logger);
  const address = await app.listen(config.http.port, config.http.host);
  await container.start();
  const base = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  if (!config.auth.enabled) {
    say('WARNING: authentication is OFF (no API_KEYS or JWT configured): every caller is admin. Allowed only on loopback.');
  }
  say(`playground: ${base}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => process.exit(1), config.http.shutdownTimeoutMs + 5_000).unref();
    await app.stop().catch((error) => logger.error({ err: error }, 'app stop failed'));
    await stack.stop();
    clearTimeout(hardStop);
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function embeddedLogLevel(level: string): string {
  return ['trace', 'debug', 'error', 'fatal', 'silent'].includes(level) ? level : 'warn';
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

main().catch((error) => {
  process.stderr.write(`pipegraph failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
