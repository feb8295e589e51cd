import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { timeBackendCall } from '../../observability/metrics';
import type { LakeStore } from '../../services/lake/lake-port';
import { mapS3Error } from './map-error';
import { decodePreview, formatOfKey } from './object-decoder';

export interface S3ClientOptions {
  /** undefined: AWS's regional endpoint */
  endpoint?: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
  /** per call; then UPSTREAM_UNAVAILABLE */
  timeoutMs: number;
  /** objects larger than this are not downloaded for a preview (BAD_USER_INPUT) */
  previewMaxBytes: number;
  logger: Logger;
}

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** The one adapter for S3-compatible stores (AWS S3, MinIO, the embedded store), over @aws-sdk/client-s3. */
export function createS3Adapter(options: S3ClientOptions): LakeStore & { close(): void } {
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
    forcePathStyle: options.forcePathStyle,
    // One quick retry inside the call; callers retry further on UPSTREAM_UNAVAILABLE.
    maxAttempts: 2,
    requestHandler: { requestTimeout: options.timeoutMs, connectionTimeout: options.timeoutMs },
  });
  /** HeadBucket answers 404 without a body: the only way to tell a missing bucket from a missing key. */
  const bucketExists = (bucket: string, abortSignal: AbortSignal) =>
    client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal }).then(
      () => true,
      (error: unknown) => {
        if (statusOf(error) === 404) return false;
        throw error;
      },
    );
  const call = async <T>(operation: string, what: { bucket: string; key?: string }, run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      return await timeBackendCall('s3', operation, () => run(signal));
    } catch (error) {
      const mapped = mapS3Error(signal.aborted ? Object.assign(new Error('timed out'), { code: 'TimeoutError' }) : error, what);
      if (mapped.code === 'UPSTREAM_UNAVAILABLE') options.logger.warn({ err: (error as Error).message, bucket: what.bucket }, 's3 unavailable');
      throw mapped;
    }
  };

  return {
    listObjects: (bucket, prefix, { startAfter, maxKeys }) =>
      call('listObjects', { bucket }, async (abortSignal) => {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, StartAfter: startAfter, MaxKeys: maxKeys }), { abortSignal });
        return {
          objects: (page.Contents ?? []).map((o) => ({ key: o.Key!, size: Number(o.Size ?? 0), lastModified: o.LastModified ?? new Date(0), etag: o.ETag ?? null })),
          truncated: page.IsTruncated === true,
        };
      }),
    bucketExists: (bucket) => call('headBucket', { bucket }, (abortSignal) => bucketExists(bucket, abortSignal)),
    previewObject: (bucket, key, limit) =>
      call('previewObject', { bucket, key }, async (abortSignal) => {
        if (!formatOfKey(key)) {
          throw new AppError('BAD_USER_INPUT', `Only Parquet (.parquet) and JSON (.json, .json.gz) objects can be previewed: "${key}"`, { details: { field: 'key' } });
        }
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }).catch(async (error) => {
          // HEAD answers 404 without a body for both a missing bucket and a missing key; tell them apart.
          if (statusOf(error) === 404 && !(await bucketExists(bucket, abortSignal))) throw mapS3Error({ name: 'NoSuchBucket' }, { bucket });
          throw error;
        });
        if (Number(head.ContentLength ?? 0) > options.previewMaxBytes) {
          throw new AppError('BAD_USER_INPUT', `The object is ${head.ContentLength} bytes, more than LAKE_PREVIEW_MAX_BYTES (${options.previewMaxBytes})`, { details: { field: 'key' } });
        }
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
        const data = Buffer.from(await object.Body!.transformToByteArray());
        return decodePreview(key, data, limit);
      }),
    async health() {
      try {
        await call('listBuckets', { bucket: '' }, (abortSignal) => client.send(new ListBucketsCommand({}), { abortSignal }));
        return { ok: true };
      } catch (error) {
        return { ok: false, detail: (error as Error).message };
      }
    },
    close: () => client.destroy(),
  };
}
