import 'reflect-metadata';
import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startEmbeddedStack, type EmbeddedStack } from '../../embedded';
import { createApp } from '../../src/app';
import { createDimensionsRepository } from '../../src/adapters/postgres/dimensions-repository';
import { migrate } from '../../src/adapters/postgres/migrator';
import { loadConfig, type Config } from '../../src/config';
import { buildContainer, type Container, type Endpoints } from '../../src/container';
import { createLogger } from '../../src/logging/logger';
import { seedDemoData } from '../../src/pipeline/demo/seed';
import { createTestDatabase } from './test-database';

export type Backend = 'kafka' | 'connect' | 'pinot' | 's3' | 'schema-registry';

export interface TestAppOptions {
  /**
   * Environment overrides (API_KEYS, limits…); HOST/PORT are always loopback/0. The enricher, the demo generator and
   * the demo connectors are off unless turned on here.
   */
  env?: Record<string, string>;
  /** Embedded systems to start besides Postgres. Those not started point at a closed port (upstream-failure paths). */
  backends?: Backend[];
  /** Use these Kafka brokers instead of starting one (e.g. a broker the test restarts itself). */
  kafkaBrokers?: string[];
  /** Seed the demo dimensions and sample events. @default false */
  seed?: boolean;
  /** Keep every log line in `logs` (for secret scans). */
  captureLogs?: boolean;
  /** The embedded Connect worker's version mode and status delay (defaults: 3.9, its realistic delay). */
  connect?: { version?: string; statusDelayMs?: number };
}

export interface TestApp {
  url: string;
  wsUrl: string;
  config: Config;
  container: Container;
  endpoints: Endpoints;
  logs: string[];
  /** POSTs a GraphQL operation; `apiKey` goes into Authorization: Bearer. Resolves with the JSON body and status. */
  request<T = any>(query: string, variables?: Record<string, unknown>, options?: { apiKey?: string }): Promise<{ status: number; body: { data?: T; errors?: any } }>;
  /** A graphql-ws client for this server (closed by stop()). */
  wsClient(options?: { apiKey?: string; lazy?: boolean }): Client;
  stop(): Promise<void>;
}

/** Port 1 on loopback: refused at once for raw sockets (Kafka). HTTP clients get a closed ephemeral port instead. */
export const UNREACHABLE = '127.0.0.1:1';

/**
 * A loopback address nothing listens on, so adapters for systems not started fail fast with connection refused.
 * Port 1 would do for sockets, but fetch refuses it as a "bad port" before connecting; instead bind an ephemeral port
 * and close it again.
 */
async function closedAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

/** The real pipegraph server on port 0 against embedded stand-ins; every test file disposes it in afterAll. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const backends = new Set(options.backends ?? []);
  // The demo connectors read and write Confluent Avro (JDBC and S3 sinks need schema'd records): they need a registry.
  if (options.env?.CONNECT_DEMO_CONNECTORS === 'true') backends.add('schema-registry');
  const logs: string[] = [];
  const logger = createLogger({
    level: options.captureLogs ? 'debug' : 'silent',
    destination: new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }),
  });
  const database = await createTestDatabase();
  const disposers: Array<() => Promise<void>> = [database.drop];
  const clients: Client[] = [];
  try {
    let stack: EmbeddedStack | undefined;
    const needKafka = !options.kafkaBrokers && [...backends].some((b) => b !== 's3');
    // Background workers and demo connectors are opt-in for tests (they default on with embedded Kafka/Connect).
    const quiet = { ENRICHER_ENABLED: 'false', DEMO_GENERATOR_RATE: '0', CONNECT_DEMO_CONNECTORS: 'false' };
    const config = loadConfig({ ...quiet, ...options.env, HOST: '127.0.0.1', PORT: '0' });
    if (needKafka || backends.has('connect') || backends.has('pinot') || backends.has('s3') || backends.has('schema-registry')) {
      stack = await startEmbeddedStack({
        start: { postgres: false, kafka: needKafka, connect: backends.has('connect'), pinot: backends.has('pinot'), s3: backends.has('s3'), schemaRegistry: backends.has('schema-registry') },
        ports: { kafka: 0, connect: 0, pinot: 0, s3: 0, schemaRegistry: 0 },
        externalKafkaBrokers: options.kafkaBrokers,
        connect: options.connect,
        s3: { credentials: config.s3.credentials, region: config.s3.region, buckets: [config.s3.demoBucket] },
      });
      disposers.push(stack.stop);
    }
    const unreachable = await closedAddress();
    const endpoints: Endpoints = {
      databaseUrl: database.url,
      kafkaBrokers: options.kafkaBrokers ?? stack?.kafkaBrokers ?? [unreachable],
      connectUrl: stack?.connectUrl ?? `http://${unreachable}`,
      pinotBrokerUrl: stack?.pinotUrl ?? `http://${unreachable}`,
      pinotControllerUrl: stack?.pinotUrl ?? `http://${unreachable}`,
      // Without the s3 backend there is no store: no demo S3 sink, no s3 readiness, lake calls UPSTREAM_UNAVAILABLE.
      s3Endpoint: stack?.s3Url,
      // Likewise without the schema-registry backend: no registry, no schemaRegistry readiness.
      schemaRegistryUrl: stack?.schemaRegistryUrl,
    };
    const container = await buildContainer(config, endpoints, logger);
    await migrate(container.pool);
    if (options.seed) await seedDemoData(createDimensionsRepository(container.pool, config.postgres.sinkSchema));
    const app = await createApp(config, container, logger);
    disposers.push(() => app.stop(2_000));
    const address = await app.listen(0, '127.0.0.1');
    await container.start();
    const url = `http://127.0.0.1:${address.port}/graphql`;
    const wsUrl = `ws://127.0.0.1:${address.port}/graphql`;

    return {
      url,
      wsUrl,
      config,
      container,
      endpoints,
      logs,
      async request(query, variables, { apiKey } = {}) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        return { status: response.status, body: (await response.json()) as any };
      },
      wsClient({ apiKey, lazy = true } = {}) {
        const client = createClient({
          url: wsUrl,
          webSocketImpl: WebSocket,
          lazy,
          retryAttempts: 0,
          connectionParams: apiKey ? { authorization: `Bearer ${apiKey}` } : undefined,
        });
        clients.push(client);
        return client;
      },
      async stop() {
        await Promise.all(clients.map((client) => client.dispose()));
        for (const dispose of disposers.reverse()) await dispose().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const dispose of disposers.reverse()) await dispose().catch(() => undefined);
    throw error;
  }
}
