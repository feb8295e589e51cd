import { join } from 'node:path';
import { childOf, type EmbeddedLogger, silentLogger } from './logger';
import type * as ConnectModule from './connect';
import type * as KafkaModule from './kafka';
import type * as PinotModule from './pinot';
import type * as PostgresModule from './postgres';
import type * as S3Module from './s3';
import type * as SchemaRegistryModule from './schema-registry';

export interface EmbeddedStackOptions {
  /** Which systems to start: those the configuration leaves unset. */
  start: { postgres: boolean; kafka: boolean; connect: boolean; pinot: boolean; s3?: boolean; schemaRegistry?: boolean };
  /** Each system keeps its files under <dataDir>/<system>; undefined keeps everything in memory (tests). */
  dataDir?: string;
  host?: string;
  ports?: { postgres?: number; kafka?: number; connect?: number; pinot?: number; s3?: number; schemaRegistry?: number };
  /** The object store's only key pair, its region and the buckets it creates at start (required with start.s3). */
  s3?: { credentials: { accessKeyId: string; secretAccessKey: string }; region: string; buckets: string[] };
  /** Connect and Pinot need Kafka: the embedded one, or the configured external brokers. */
  externalKafkaBrokers?: string[];
  /** The embedded Connect worker's version mode and status delay (see EmbeddedConnectOptions). */
  connect?: { version?: string; statusDelayMs?: number };
  logger?: EmbeddedLogger;
}

export interface EmbeddedStack {
  postgresUrl?: string;
  kafkaBrokers?: string[];
  connectUrl?: string;
  pinotUrl?: string;
  s3Url?: string;
  schemaRegistryUrl?: string;
  /** Stops what was started, dependents first. */
  stop(): Promise<void>;
}

/**
 * Starts the protocol-faithful stand-ins for the systems not configured, on loopback, in dependency order
 * (Postgres and Kafka first; Connect and Pinot consume Kafka). If one fails to start, the ones already up are stopped.
 */
export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  const { start, dataDir, host = '127.0.0.1', ports = {} } = options;
  const logger = options.logger ?? silentLogger;
  const dir = (system: string) => (dataDir ? join(dataDir, system) : undefined);
  const stops: Array<() => Promise<void>> = [];
  const stack: EmbeddedStack = {
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
  try {
    if (start.postgres) {
      // Loaded on demand: a configured system never loads its stand-in (DuckDB's native binding, PGlite's WASM).
      const { startEmbeddedPostgres } = require('./postgres') as typeof PostgresModule;
      const postgres = await startEmbeddedPostgres({ host, port: ports.postgres, dataDir: dir('postgres'), logger: childOf(logger, { embedded: 'postgres' }) });
      stops.push(postgres.stop);
      stack.postgresUrl = postgres.url;
    }
    let brokers = options.externalKafkaBrokers;
    if (start.kafka) {
      const { startEmbeddedKafka } = require('./kafka') as typeof KafkaModule;
      const kafka = await startEmbeddedKafka({ host, port: ports.kafka, dataDir: dir('kafka'), logger: childOf(logger, { embedded: 'kafka' }) });
      stops.push(kafka.stop);
      brokers = [kafka.brokers];
      stack.kafkaBrokers = brokers;
    }
    if (start.s3) {
      if (!options.s3) throw new Error('the embedded object store needs its credentials (options.s3)');
      const { startEmbeddedS3 } = require('./s3') as typeof S3Module;
      const s3 = await startEmbeddedS3({ host, port: ports.s3, dataDir: dir('s3'), ...options.s3, logger: childOf(logger, { embedded: 's3' }) });
      stops.push(s3.stop);
      stack.s3Url = s3.url;
    }
    if ((start.connect || start.pinot || start.schemaRegistry) && !brokers) throw new Error('embedded Connect, Pinot and Schema Registry need Kafka brokers');
    if (start.schemaRegistry) {
      // Before Connect: its registry converters (and the demo pipeline) need the registry up.
      const { startEmbeddedSchemaRegistry } = require('./schema-registry') as typeof SchemaRegistryModule;
      const registry = await startEmbeddedSchemaRegistry({ host, port: ports.schemaRegistry, kafkaBrokers: brokers!.join(','), logger: childOf(logger, { embedded: 'schema-registry' }) });
      stops.push(registry.stop);
      stack.schemaRegistryUrl = registry.url;
    }
    if (start.connect) {
      const { startEmbeddedConnect } = require('./connect') as typeof ConnectModule;
      const connect = await startEmbeddedConnect({ host, port: ports.connect, kafkaBrokers: brokers!.join(','), ...options.connect, logger: childOf(logger, { embedded: 'connect' }) });
      stops.push(connect.stop);
      stack.connectUrl = connect.url;
    }
    if (start.pinot) {
      const { startEmbeddedPinot } = require('./pinot') as typeof PinotModule;
      const pinot = await startEmbeddedPinot({ host, port: ports.pinot, kafkaBrokers: brokers!.join(','), dataDir: dir('pinot'), logger: childOf(logger, { embedded: 'pinot' }) });
      stops.push(pinot.stop);
      stack.pinotUrl = pinot.url;
    }
    return stack;
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
