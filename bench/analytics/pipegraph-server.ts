/**
 * pipegraph as it runs in production (schema, Apollo, auth, limits, metrics, logging at info) pointed at an external
 * Pinot, with the result cache off so every request is a cache miss that reaches Pinot. Postgres and Connect are
 * absent; the analytics path does not touch them.
 */
import 'reflect-metadata';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { buildContainer } from '../../src/container';
import { createLogger } from '../../src/logging/logger';

async function main() {
  const pinotUrl = process.env.BENCH_PINOT_URL!;
  const kafkaBrokers = process.env.BENCH_KAFKA_BROKERS!;
  const config = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    PINOT_BROKER_URL: pinotUrl,
    PINOT_CONTROLLER_URL: pinotUrl,
    KAFKA_BROKERS: kafkaBrokers,
    ANALYTICS_CACHE_TTL_MS: '0',
    DEMO_GENERATOR_RATE: '0',
    ENRICHER_ENABLED: 'false',
    // One load generator is one caller; the per-key rate limit would measure the limiter, not the query path.
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  });
  const logger = createLogger({ level: config.http.logLevel });
  const unreachable = '127.0.0.1:1';
  const container = await buildContainer(
    config,
    {
      databaseUrl: `postgres://bench@${unreachable}/none`,
      kafkaBrokers: kafkaBrokers.split(','),
      connectUrl: `http://${unreachable}`,
      pinotBrokerUrl: pinotUrl,
      pinotControllerUrl: pinotUrl,
    },
    logger,
  );
  const app = await createApp(config, container, logger);
  const address = await app.listen(0, '127.0.0.1');
  process.send?.({ ready: true, port: address.port });
  process.on('disconnect', () => {
    void app.stop(2_000).then(() => process.exit(0));
  });
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
