import 'reflect-metadata';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { buildContainer } from '../../src/container';
import { createLogger } from '../../src/logging/logger';
import { BENCH_DATABASE_URL } from './bench-database';

/**
 * pipegraph as it runs in production — schema, Apollo, auth, limits, metrics, logging at info — against the bench
 * database. Kafka, Connect and Pinot are absent, so their background workers are not started; the sinks path does
 * not touch them. Records the SQL texts its pool runs, so the runner can check the ceiling runs the same SQL.
 */
async function main() {
  const config = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: BENCH_DATABASE_URL,
    // The load generator is one caller; the default per-key rate limit would measure the limiter, not the query path.
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  });
  const logger = createLogger({ level: config.http.logLevel });
  const unreachable = '127.0.0.1:1';
  const container = await buildContainer(
    config,
    {
      databaseUrl: BENCH_DATABASE_URL,
      kafkaBrokers: [unreachable],
      connectUrl: `http://${unreachable}`,
      pinotBrokerUrl: `http://${unreachable}`,
      pinotControllerUrl: `http://${unreachable}`,
    },
    logger,
  );
  const statements = new Set<string>();
  const query = container.pool.query.bind(container.pool) as (...args: unknown[]) => unknown;
  (container.pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
    if (statements.size < 50 && typeof args[0] === 'string') statements.add(args[0]);
    return query(...args);
  };
  const app = await createApp(config, container, logger);
  const address = await app.listen(0, '127.0.0.1');
  process.send?.({ ready: true, port: address.port });
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'statements') process.send?.({ statements: [...statements] });
  });
  process.on('disconnect', () => {
    void app.stop(2_000).then(() => process.exit(0));
  });
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
