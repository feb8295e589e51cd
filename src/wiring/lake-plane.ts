/**
 * Builds the lake plane for the container: the S3 adapter (S3_ENDPOINT, or the embedded store main started), the lake
 * service over it, and a readiness probe (ListBuckets).
 */
import { createS3Adapter } from '../adapters/s3';
import type { Config } from '../config';
import type { Plane } from './plane';
import type { Logger } from '../logging/logger';
import { createLakeService, type ConnectorLookup, type LakeService } from '../services/lake';

export interface LakePlane extends Plane<{ lake: LakeService }> {
  /** for createS3SinkConnector's bucket check */
  s3Store: { bucketExists(bucket: string): Promise<boolean>; storeUrls: string[] };
}

/** A loopback port nothing listens on: without any store every lake call fails fast as UPSTREAM_UNAVAILABLE. */
const NO_STORE = 'http://127.0.0.1:1';

export function buildLakePlane(config: Config, endpoint: string | undefined, connectors: ConnectorLookup, logger: Logger): LakePlane {
  const configured = endpoint ?? config.s3.endpoint;
  const s3Endpoint = configured ?? NO_STORE;
  const store = createS3Adapter({
    endpoint: s3Endpoint,
    region: config.s3.region,
    credentials: config.s3.credentials,
    forcePathStyle: config.s3.forcePathStyle,
    timeoutMs: config.s3.timeoutMs,
    previewMaxBytes: config.s3.previewMaxBytes,
    logger: logger.child({ adapter: 's3' }),
  });
  const lake = createLakeService({
    store,
    connectors,
    smallFileBytes: config.s3.smallFileBytes,
    healthMaxObjects: config.s3.healthMaxObjects,
    logger: logger.child({ service: 'lake' }),
  });
  const storeUrls = [s3Endpoint, config.s3.connectEndpoint].filter((u): u is string => !!u).map((u) => u.replace(/\/+$/, ''));
  return {
    services: { lake },
    s3Store: { bucketExists: (bucket) => store.bucketExists(bucket), storeUrls },
    // Without any store (tests that start none) there is nothing to be ready: lake calls answer UPSTREAM_UNAVAILABLE.
    readiness: configured ? { s3: () => store.health() } : {},
    async start() {},
    async stop() {
      store.close();
    },
  };
}
