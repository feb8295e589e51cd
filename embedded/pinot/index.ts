/**
 * Embedded Apache Pinot: the controller and broker HTTP APIs on one port, over DuckDB, with real-time ingestion
 * from Kafka. A stand-in for development and tests, faithful at the API level (requests, responses, error codes),
 * not a distributed engine. Imports nothing from src/.
 */
import type { AddressInfo } from 'node:net';
import { silentLogger, type EmbeddedLogger } from '../logger';
import { createPinotHttpServer } from './http-server';
import { PinotNode } from './pinot-node';

export interface EmbeddedPinotOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port for both controller and broker APIs; default 9000, 0 picks a free port. */
  port?: number;
  /**
   * Comma-separated Kafka bootstrap servers used by every REALTIME table, overriding the broker list in its
   * streamConfigs (so the seeds' configs, written for other hosts, load unchanged). Unset: each table's own list.
   */
  kafkaBrokers?: string;
  /** Keeps tables, schemas and data across restarts; unset keeps everything in memory. */
  dataDir?: string;
  logger?: EmbeddedLogger;
  /** How often segmentsConfig retention is applied; default 60 000 ms. */
  retentionCheckIntervalMs?: number;
}

export interface EmbeddedPinot {
  /** Base URL of both the controller and the broker, e.g. http://127.0.0.1:9000. */
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPinot(options: EmbeddedPinotOptions = {}): Promise<EmbeddedPinot> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const kafkaBrokers = options.kafkaBrokers?.split(',').map((broker) => broker.trim()).filter(Boolean);
  const node = await PinotNode.start({
    kafkaBrokers: kafkaBrokers && kafkaBrokers.length > 0 ? kafkaBrokers : undefined,
    dataDir: options.dataDir,
    logger,
    retentionCheckIntervalMs: options.retentionCheckIntervalMs,
  });
  const server = createPinotHttpServer(node, logger);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 9000, host, () => resolve());
    });
  } catch (error) {
    await node.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url }, 'embedded pinot listening');
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopping ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await node.stop();
      })();
      return stopping;
    },
  };
}
