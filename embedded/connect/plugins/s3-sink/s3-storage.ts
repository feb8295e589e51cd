import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadBucketCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { S3SinkConfig } from './s3-sink-config';

/**
 * The sink's side of S3: every file is a multipart upload (even a tiny one), as the real sink's S3OutputStream does,
 * so an object appears only once Complete succeeds; a failed upload is aborted.
 */
export class S3Storage {
  private readonly client: S3Client;

  constructor(private readonly config: S3SinkConfig) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.storeUrl ? (/^[a-z]+:\/\//i.test(config.storeUrl) ? config.storeUrl : `https://${config.storeUrl}`) : undefined,
      forcePathStyle: config.pathStyle,
      credentials: config.accessKeyId ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
      maxAttempts: config.partRetries + 1,
    });
  }

  async bucketExists(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async upload(key: string, data: Buffer): Promise<void> {
    const bucket = this.config.bucket;
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    try {
      const parts: Array<{ PartNumber: number; ETag: string }> = [];
      const size = this.config.partSize;
      for (let start = 0, n = 1; start < data.length || n === 1; start += size, n++) {
        const body = data.subarray(start, start + size);
        const { ETag } = await this.client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: body }));
        parts.push({ PartNumber: n, ETag: ETag! });
      }
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  close(): void {
    this.client.destroy();
  }
}
