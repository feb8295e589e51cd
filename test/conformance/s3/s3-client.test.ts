import { Readable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { startEmbeddedS3, type EmbeddedS3 } from '../../../embedded/s3';

/** The checksum constructor SignatureV4 wants (sha256, or HMAC-sha256 when given a secret), from node:crypto. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: unknown) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret as string);
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

const credentials = { accessKeyId: 'test-key', secretAccessKey: 'test-secret' };
const region = 'us-east-1';

function clientFor(s3: EmbeddedS3, creds = credentials): S3Client {
  return new S3Client({ endpoint: s3.url, region, credentials: creds, forcePathStyle: true, maxAttempts: 1 });
}

async function failure(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as S3ServiceException;
  }
  throw new Error('expected the call to fail');
}

describe('embedded S3 against @aws-sdk/client-s3', () => {
  let dir: string;
  let s3: EmbeddedS3;
  let client: S3Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3-conformance-'));
    s3 = await startEmbeddedS3({ port: 0, dataDir: dir, credentials, region });
    client = clientFor(s3);
    await client.send(new CreateBucketCommand({ Bucket: 'lake' }));
  });

  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, lists and heads buckets, refusing a duplicate and an invalid name', async () => {
    await client.send(new CreateBucketCommand({ Bucket: 'other-bucket' }));
    const { Buckets } = await client.send(new ListBucketsCommand({}));
    expect(Buckets?.map((b) => b.Name)).toEqual(['lake', 'other-bucket']);
    await expect(client.send(new HeadBucketCommand({ Bucket: 'lake' }))).resolves.toBeDefined();
    const duplicate = await failure(client.send(new CreateBucketCommand({ Bucket: 'lake' })));
    expect(duplicate.name).toBe('BucketAlreadyOwnedByYou');
    expect(duplicate.$metadata.httpStatusCode).toBe(409);
    const invalid = await failure(client.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })));
    expect(invalid.name).toBe('InvalidBucketName');
    const missing = await failure(client.send(new HeadBucketCommand({ Bucket: 'nope' })));
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it('puts, gets (whole and ranged), heads and deletes an object with metadata', async () => {
    const put = await client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'a/b c+d.txt', Body: 'hello, lake', ContentType: 'text/plain', Metadata: { origin: 'test' } }));
    expect(put.ETag).toBe('"' + createHash('md5').update('hello, lake').digest('hex') + '"');
    const got = await client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'a/b c+d.txt' }));
    expect(await got.Body!.transformToString()).toBe('hello, lake');
    expect(got.ContentType).toBe('text/plain');
    expect(got.Metadata).toEqual({ origin: 'test' });
    const ranged = await client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'a/b c+d.txt', Range: 'bytes=7-' }));
    expect(await ranged.Body!.transformToString()).toBe('lake');
    expect(ranged.ContentRange).toBe('bytes 7-10/11');
    const suffix = await client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'a/b c+d.txt', Range: 'bytes=-4' }));
    expect(await suffix.Body!.transformToString()).toBe('lake');
    const head = await client.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'a/b c+d.txt' }));
    expect(head.ContentLength).toBe(11);
    const beyond = await failure(client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'a/b c+d.txt', Range: 'bytes=50-60' })));
    expect(beyond.name).toBe('InvalidRange');
    expect(beyond.$metadata.httpStatusCode).toBe(416);
    await client.send(new DeleteObjectCommand({ Bucket: 'lake', Key: 'a/b c+d.txt' }));
    const gone = await failure(client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'a/b c+d.txt' })));
    expect(gone.name).toBe('NoSuchKey');
    const headGone = await failure(client.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'a/b c+d.txt' })));
    expect(headGone.$metadata.httpStatusCode).toBe(404);
    // Deleting what is absent succeeds, as on S3.
    await expect(client.send(new DeleteObjectCommand({ Bucket: 'lake', Key: 'never-there' }))).resolves.toBeDefined();
  });

  it('accepts a streamed body (aws-chunked with a CRC32 trailer) and stores the decoded bytes', async () => {
    const chunks = [Buffer.alloc(70_000, 'x'), Buffer.from('tail')];
    await client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'streamed.bin', Body: Readable.from(chunks), ContentLength: 70_004 }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'streamed.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('refuses a wrong CRC32 claimed in a header with BadDigest', async () => {
    const error = await failure(client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'crc.txt', Body: 'data', ChecksumCRC32: 'AAAAAA==' })));
    expect(error.name).toBe('BadDigest');
  });

  it('pages ListObjectsV2 with max-keys, continuation tokens, prefix and delimiter', async () => {
    for (const key of ['p/1/a', 'p/1/b', 'p/2/a', 'p/3', 'p/4', 'q/1']) await client.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: key }));
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'p/', MaxKeys: 2, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      expect(page.KeyCount).toBe((page.Contents ?? []).length);
      token = page.NextContinuationToken;
      pages++;
    } while (token);
    expect(keys).toEqual(['p/1/a', 'p/1/b', 'p/2/a', 'p/3', 'p/4']);
    expect(pages).toBe(3);

    const first = await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'p/', Delimiter: '/', MaxKeys: 3 }));
    expect(first.CommonPrefixes?.map((c) => c.Prefix)).toEqual(['p/1/', 'p/2/']);
    expect(first.Contents?.map((c) => c.Key)).toEqual(['p/3']);
    expect(first.IsTruncated).toBe(true);
    const second = await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'p/', Delimiter: '/', MaxKeys: 3, ContinuationToken: first.NextContinuationToken }));
    expect(second.Contents?.map((c) => c.Key)).toEqual(['p/4']);
    expect(second.CommonPrefixes ?? []).toEqual([]);
    expect(second.IsTruncated).toBe(false);

    const after = await client.send(new ListObjectsV2Command({ Bucket: 'lake', StartAfter: 'p/4' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(expect.arrayContaining(['q/1']));
    expect(after.Contents?.map((c) => c.Key)).not.toContain('p/4');

    const unknown = await failure(client.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })));
    expect(unknown.name).toBe('NoSuchBucket');
    const badToken = await failure(client.send(new ListObjectsV2Command({ Bucket: 'lake', ContinuationToken: 'garbage' })));
    expect(badToken.name).toBe('InvalidArgument');
  });

  it('assembles a multipart upload, lists its parts, and checks part sizes, order and ETags', async () => {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'lake', Key: 'big.bin' }));
    const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const part2 = Buffer.from('the small last part');
    const e1 = (await client.send(new UploadPartCommand({ Bucket: 'lake', Key: 'big.bin', UploadId, PartNumber: 1, Body: part1 }))).ETag!;
    const e2 = (await client.send(new UploadPartCommand({ Bucket: 'lake', Key: 'big.bin', UploadId, PartNumber: 2, Body: part2 }))).ETag!;
    const parts = await client.send(new ListPartsCommand({ Bucket: 'lake', Key: 'big.bin', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, part1.length], [2, part2.length]]);
    // Invisible until complete.
    expect((await failure(client.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'big.bin' })))).$metadata.httpStatusCode).toBe(404);

    const wrongTag = await failure(client.send(new CompleteMultipartUploadCommand({ Bucket: 'lake', Key: 'big.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: '"0000"' }] } })));
    expect(wrongTag.name).toBe('InvalidPart');
    const disorder = await failure(client.send(new CompleteMultipartUploadCommand({ Bucket: 'lake', Key: 'big.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }] } })));
    expect(disorder.name).toBe('InvalidPartOrder');

    const done = await client.send(new CompleteMultipartUploadCommand({ Bucket: 'lake', Key: 'big.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } }));
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const got = await client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'big.bin' }));
    // Buffer.equals: jest's toEqual walks megabytes element by element.
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([part1, part2]))).toBe(true);

    const again = await failure(client.send(new ListPartsCommand({ Bucket: 'lake', Key: 'big.bin', UploadId })));
    expect(again.name).toBe('NoSuchUpload');
  });

  it('refuses a small non-last part with EntityTooSmall, and aborts an upload', async () => {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'lake', Key: 'small.bin' }));
    const e1 = (await client.send(new UploadPartCommand({ Bucket: 'lake', Key: 'small.bin', UploadId, PartNumber: 1, Body: 'a' }))).ETag!;
    const e2 = (await client.send(new UploadPartCommand({ Bucket: 'lake', Key: 'small.bin', UploadId, PartNumber: 2, Body: 'b' }))).ETag!;
    const small = await failure(client.send(new CompleteMultipartUploadCommand({ Bucket: 'lake', Key: 'small.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } })));
    expect(small.name).toBe('EntityTooSmall');
    await client.send(new AbortMultipartUploadCommand({ Bucket: 'lake', Key: 'small.bin', UploadId }));
    const aborted = await failure(client.send(new UploadPartCommand({ Bucket: 'lake', Key: 'small.bin', UploadId, PartNumber: 3, Body: 'c' })));
    expect(aborted.name).toBe('NoSuchUpload');
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and an unknown key id with InvalidAccessKeyId', async () => {
    const wrongSecret = clientFor(s3, { accessKeyId: credentials.accessKeyId, secretAccessKey: 'wrong' });
    const unknownKey = clientFor(s3, { accessKeyId: 'someone-else', secretAccessKey: credentials.secretAccessKey });
    try {
      const bad = await failure(wrongSecret.send(new PutObjectCommand({ Bucket: 'lake', Key: 'forged', Body: 'x' })));
      expect(bad.name).toBe('SignatureDoesNotMatch');
      expect(bad.$metadata.httpStatusCode).toBe(403);
      const unknown = await failure(unknownKey.send(new ListBucketsCommand({})));
      expect(unknown.name).toBe('InvalidAccessKeyId');
    } finally {
      wrongSecret.destroy();
      unknownKey.destroy();
    }
    expect((await failure(client.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'forged' })))).$metadata.httpStatusCode).toBe(404);
  });

  it('refuses an unsigned request with AccessDenied in an S3 XML error body', async () => {
    const response = await fetch(`${s3.url}/lake`);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(await response.text()).toMatch(/<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);
  });

  it('serves a presigned GET and refuses it once tampered with', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'shared.txt', Body: 'presigned body' }));
    const signer = new SignatureV4({ service: 's3', region, credentials, sha256: Sha256, uriEscapePath: true, applyChecksum: false });
    const url = new URL(`${s3.url}/lake/shared.txt`);
    const presigned = await signer.presign(
      // As @aws-sdk/s3-request-presigner does: the payload is UNSIGNED-PAYLOAD, named by a header that is not signed.
      { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, query: {} },
      { expiresIn: 60, unsignableHeaders: new Set(['x-amz-content-sha256']) },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const ok = await fetch(`${s3.url}/lake/shared.txt?${query}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('presigned body');
    const tampered = await fetch(`${s3.url}/lake/other.txt?${query}`);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('keeps objects and buckets across a restart on the same directory', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'durable.txt', Body: 'still here' }));
    await s3.stop();
    client.destroy();
    s3 = await startEmbeddedS3({ port: 0, dataDir: dir, credentials, region });
    client = clientFor(s3);
    const got = await client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'durable.txt' }));
    expect(await got.Body!.transformToString()).toBe('still here');
  });
});
