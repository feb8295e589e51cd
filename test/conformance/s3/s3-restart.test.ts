import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateMultipartUploadCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { killed, spawnStandalone } from '../kafka/fixtures/broker-process';
import { createLeftovers } from '../../helpers/leftovers';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

/** `npm run s3` as a child process, with its key pair from the environment as the CLI documents. */
async function spawnStore(dataDir: string) {
  const { child, ready } = await spawnStandalone<{ url: string }>('embedded/s3/cli.ts', ['--port', '0', '--data-dir', dataDir, '--bucket', 'lake'], 'embedded s3 ready', 30_000, {
    S3_ACCESS_KEY_ID: 'cli-key',
    S3_SECRET_ACCESS_KEY: 'cli-secret',
  });
  leftovers.add(() => killed(child));
  const client = new S3Client({ endpoint: ready.url, region: 'us-east-1', credentials: { accessKeyId: 'cli-key', secretAccessKey: 'cli-secret' }, forcePathStyle: true, maxAttempts: 1 });
  leftovers.add(() => client.destroy());
  return { child, client };
}

test('the standalone store keeps complete objects across a SIGKILL, and an unfinished multipart upload never appears', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 's3-cli-'));
  leftovers.add(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await spawnStore(dataDir);
  await first.client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'a/kept.json', Body: '{"kept":true}\n' }));
  const { UploadId } = await first.client.send(new CreateMultipartUploadCommand({ Bucket: 'lake', Key: 'a/unfinished.json' }));
  await first.client.send(new UploadPartCommand({ Bucket: 'lake', Key: 'a/unfinished.json', UploadId, PartNumber: 1, Body: 'half' }));
  await killed(first.child, 'SIGKILL');

  const second = await spawnStore(dataDir);
  const listed = await second.client.send(new ListObjectsV2Command({ Bucket: 'lake' }));
  expect(listed.Contents?.map((c) => c.Key)).toEqual(['a/kept.json']);
  expect(await (await second.client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'a/kept.json' }))).Body!.transformToString()).toBe('{"kept":true}\n');
}, 90_000);
