import 'reflect-metadata';
import { resolve } from 'node:path';
import { spawnStandIn } from '../embedded/processes';
import { createApp } from './app';
import { migrate } from './adapters/postgres/migrator';
import { loadConfigOrExit } from './config';
import { buildContainer, type Endpoints } from './container';
import { createLogger } from './logging/logger';
import { STAND_IN_KIND, startStandIns } from './wiring/stand-ins';
import { Supervisor } from './wiring/supervisor';

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
    s3: !config.s3.endpoint,
    schemaRegistry: !config.schemaRegistry.url,
  };
  // Each stand-in runs as a supervised child process, as its real system would: a stall or crash in one cannot starve
  // the others or the API, and one that dies is restarted on the same port with the same data.
  const supervisor = new Supervisor({
    baseMs: config.supervisor.restartBaseMs,
    capMs: config.supervisor.restartMaxMs,
    logger: logger.child({ component: 'supervisor' }),
  });
  const childLogLevel = embeddedLogLevel(config.http.logLevel);
  const stack = await startStandIns(
    supervisor,
    (name, settings) => spawnStandIn(name, { ...settings, logLevel: childLogLevel, onLog: (line) => process.stdout.write(`${line}\n`) }),
    {
      ports: {
        postgres: needs.postgres ? config.postgres.embeddedPort : undefined,
        kafka: needs.kafka ? config.kafka.embeddedPort : undefined,
        connect: needs.connect ? config.connect.embeddedPort : undefined,
        pinot: needs.pinot ? config.pinot.embeddedPort : undefined,
        s3: needs.s3 ? config.s3.embeddedPort : undefined,
        schemaRegistry: needs.schemaRegistry ? config.schemaRegistry.embeddedPort : undefined,
      },
      extra: {
        connect: { extraArgs: ['--version', config.connect.embedded.version, '--status-delay-ms', String(config.connect.embedded.statusDelayMs)] },
        s3: {
          extraArgs: ['--region', config.s3.region, '--bucket', config.s3.demoBucket],
          env: { S3_ACCESS_KEY_ID: config.s3.credentials.accessKeyId, S3_SECRET_ACCESS_KEY: config.s3.credentials.secretAccessKey },
        },
      },
      dataDir: resolve(config.http.dataDir),
      externalKafkaBrokers: config.kafka.brokers,
    },
  );
  const endpoints: Endpoints = {
    databaseUrl: config.postgres.url ?? stack.postgresUrl!,
    kafkaBrokers: config.kafka.brokers ?? stack.kafkaBrokers!,
    connectUrl: config.connect.url ?? stack.connectUrl!,
    pinotBrokerUrl: config.pinot.brokerUrl ?? stack.pinotUrl!,
    pinotControllerUrl: config.pinot.controllerUrl ?? config.pinot.brokerUrl ?? stack.pinotUrl!,
    s3Endpoint: config.s3.endpoint ?? stack.s3Url!,
    schemaRegistryUrl: config.schemaRegistry.url ?? stack.schemaRegistryUrl!,
  };
  const describe = (embedded: boolean, where: string) => (embedded ? `embedded at ${where}` : `external ${where}`);
  say(`postgres: ${describe(needs.postgres, redactUrl(endpoints.databaseUrl))}`);
  say(`kafka:    ${describe(needs.kafka, endpoints.kafkaBrokers.join(','))}`);
  say(`connect:  ${describe(needs.connect, endpoints.connectUrl)}`);
  say(`pinot:    ${describe(needs.pinot, endpoints.pinotBrokerUrl)}`);
  say(`s3:       ${describe(needs.s3, endpoints.s3Endpoint!)}`);
  say(`schemas:  ${describe(needs.schemaRegistry, redactUrl(endpoints.schemaRegistryUrl!))}`);

  const container = await buildContainer(config, endpoints, logger, { seedDemoData: needs.postgres, supervisor });
  if (Object.values(needs).some(Boolean)) container.readiness.embedded = supervisor.kindReadiness(STAND_IN_KIND);
  const applied = await migrate(container.pool);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  const app = await createApp(config, container, logger);
  const address = await app.listen(config.http.port, config.http.host);
  await container.start();
  const base = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  if (!config.auth.enabled) {
    say('WARNING: authentication is OFF (no API_KEYS or JWT configured): every caller is admin. Allowed only on loopback.');
  }
  say(`playground: ${base}/graphql`);
  say(`console:    ${base}/console`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => process.exit(1), config.http.shutdownTimeoutMs + 5_000).unref();
    await app.stop().catch((error) => logger.error({ err: error }, 'app stop failed'));
    // Stand-ins last, dependents first (Pinot and Connect before Kafka and Postgres).
    await supervisor.stop();
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
