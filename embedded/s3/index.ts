import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { childOf, silentLogger, type EmbeddedLogger } from '../logger';
import { ObjectStore } from './object-store';
import { s3Handler } from './s3-routes';
import type { Credentials } from './sigv4';

export type { Credentials } from './sigv4';

export interface EmbeddedS3Options {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 9000 (MinIO's); 0 = ephemeral. */
  port?: number;
  /** Objects live under this directory and survive restarts; undefined uses a fresh temporary directory. */
  dataDir?: string;
  /** The only key pair the endpoint accepts (SigV4). */
  credentials: Credentials;
  /** The region signatures must be scoped to. Default 'us-east-1'. */
  region?: string;
  /** Buckets created at start when missing (e.g. the demo's `lake`). */
  buckets?: string[];
  /** Largest single request body accepted (bodies are buffered). Default 256 MiB. */
  maxBodyBytes?: number;
  logger?: EmbeddedLogger;
}

export interface EmbeddedS3 {
  /** http://host:port, for S3 clients with path-style addressing */
  url: string;
  port: number;
  region: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts an S3-compatible endpoint: the REST API subset S3 clients and sinks use (buckets, objects with ranges,
 * ListObjectsV2, multipart uploads), SigV4 checked on every request, S3's XML errors. Rejects if the port is taken.
 */
export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const logger = childOf(options.logger ?? silentLogger, { component: 'embedded-s3' });
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pipegraph-s3-'));
  const store = await ObjectStore.open(dataDir);
  for (const bucket of options.buckets ?? []) if (!store.hasBucket(bucket)) await store.createBucket(bucket);
  const server: Server = createServer(s3Handler({ store, credentials: options.credentials, region, logger, maxBodyBytes: options.maxBodyBytes ?? 256 * 1024 * 1024 }));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, dataDir }, 'embedded s3 listening');
  return {
    url,
    port,
    region,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
