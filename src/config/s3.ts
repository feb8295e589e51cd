import { z } from 'zod';
import { intFromEnv, portFromEnv } from './parse';

/**
 * The lake plane: the S3-compatible store the S3 sinks write to, which pipegraph lists and previews. Every bound is
 * checked at start-up; a value outside it is a config error (exit 2).
 */
export const s3Env = {
  /** S3 endpoint (`http://minio:9000`, `https://s3.eu-central-1.amazonaws.com`). Unset: `npm start` runs the embedded object store. */
  S3_ENDPOINT: z.string().url().optional(),
  /** Region signatures are scoped to (and the embedded store accepts). */
  S3_REGION: z.string().regex(/^[a-z0-9-]+$/, 'a region such as us-east-1').default('us-east-1'),
  /** Access key pipegraph (and the demo sink) sign with; the embedded store accepts only this pair. */
  S3_ACCESS_KEY_ID: z.string().min(1).default('minioadmin'),
  /** Secret of S3_ACCESS_KEY_ID. Never logged. */
  S3_SECRET_ACCESS_KEY: z.string().min(1).default('minioadmin'),
  /** Path-style addressing (`endpoint/bucket/key`), as MinIO and the embedded store need. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Bucket of the demo pipeline's S3 sink (created at start on the embedded store). */
  S3_DEMO_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name').default('lake'),
  /** The store as the Connect worker sees it (store.url of the demo sink), e.g. http://minio:9000 in docker-compose. Default: S3_ENDPOINT. */
  S3_CONNECT_ENDPOINT: z.string().url().optional(),
  /** Port of the embedded object store. */
  EMBEDDED_S3_PORT: portFromEnv(9010),
  /** One S3 call gives up after this (then UPSTREAM_UNAVAILABLE). */
  S3_TIMEOUT_MS: intFromEnv(10_000, 100, 600_000),
  /** Largest object sinkObjectPreview downloads to read its first rows; bigger ones are BAD_USER_INPUT. */
  LAKE_PREVIEW_MAX_BYTES: intFromEnv(64 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
  /** Connector.fileHealth warns `smallFiles` when the median object is smaller than this (bytes). */
  LAKE_SMALL_FILE_BYTES: intFromEnv(16 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
  /** Objects fileHealth reads (newest listing first) before it summarises. */
  LAKE_HEALTH_MAX_OBJECTS: intFromEnv(10_000, 1, 1_000_000),
};

type Env = z.infer<z.ZodObject<typeof s3Env>>;

export function s3Config(env: Env) {
  return {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    demoBucket: env.S3_DEMO_BUCKET,
    connectEndpoint: env.S3_CONNECT_ENDPOINT,
    embeddedPort: env.EMBEDDED_S3_PORT,
    timeoutMs: env.S3_TIMEOUT_MS,
    previewMaxBytes: env.LAKE_PREVIEW_MAX_BYTES,
    smallFileBytes: env.LAKE_SMALL_FILE_BYTES,
    healthMaxObjects: env.LAKE_HEALTH_MAX_OBJECTS,
  };
}

export type S3Config = ReturnType<typeof s3Config>;
