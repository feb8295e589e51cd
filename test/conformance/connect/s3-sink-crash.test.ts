import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startEmbeddedS3, type EmbeddedS3 } from '../../../embedded/s3';
import { waitFor } from '../../helpers/wait-for';
import { killed, spawnStandalone } from '../kafka/fixtures/broker-process';
import { envelope, rest, startConnectFixture } from './connect-fixture';

const credentials = { accessKeyId: 'crash-key', secretAccessKey: 'crash-secret' };
const FIELDS = [{ field: 'id', type: 'int32' }];

/** The embedded Connect worker in a child process, as `npm run connect` runs it. */
async function spawnWorker(kafka: string): Promise<{ child: ChildProcess; url: string }> {
  const { child, ready } = await spawnStandalone<{ url: string }>('embedded/connect/cli.ts', ['--port', '0', '--kafka', kafka], 'embedded connect ready', 30_000);
  return { child, url: ready.url };
}

type Fixture = Awaited<ReturnType<typeof startConnectFixture>>;
let fixture: Fixture;
let s3: EmbeddedS3;
let client: S3Client;

beforeAll(async () => {
  fixture = await startConnectFixture();
  const dir = mkdtempSync(path.join(tmpdir(), 's3-crash-'));
  fixture.add(() => rmSync(dir, { recursive: true, force: true }));
  s3 = await startEmbeddedS3({ port: 0, dataDir: dir, credentials, buckets: ['lake'] });
  fixture.add(() => s3.stop());
  client = new S3Client({ endpoint: s3.url, region: 'us-east-1', credentials, forcePathStyle: true });
  fixture.add(() => client.destroy());
});
afterAll(() => fixture.dispose());

async function idsInBucket(): Promise<number[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'topics/crashy/' }));
  const ids: number[] = [];
  for (const { Key } of listed.Contents ?? []) {
    const text = await (await client.send(new GetObjectCommand({ Bucket: 'lake', Key }))).Body!.transformToString();
    ids.push(...text.trim().split('\n').map((line) => (JSON.parse(line) as { id: number }).id));
  }
  return ids;
}

test('a worker SIGKILLed with records buffered in an unfinished file leaves no duplicate and loses nothing after restart', async () => {
  await fixture.createTopic('crashy');
  const produce = (ids: number[]) => fixture.produce('crashy', ids.map((id) => ({ value: envelope(FIELDS, { id }) })));
  const first = await spawnWorker(fixture.broker.brokers);
  fixture.add(() => killed(first.child));
  const created = await rest(first.url, 'POST', '/connectors', {
    name: 'crashy-sink',
    config: {
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
      topics: 'crashy',
      's3.bucket.name': 'lake',
      's3.region': 'us-east-1',
      'store.url': s3.url,
      'aws.access.key.id': credentials.accessKeyId,
      'aws.secret.access.key': credentials.secretAccessKey,
      'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
      'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
      'flush.size': '3',
    },
  });
  expect(created.status).toBe(201);
  await produce([1, 2, 3, 4, 5]);
  await waitFor(async () => (await idsInBucket()).length === 3, { what: 'the first file', timeoutMs: 30_000 });
  // 4 and 5 sit in the task's open file; the worker dies without any chance to clean up.
  await killed(first.child, 'SIGKILL');

  await produce([6, 7, 8, 9]);
  const second = await spawnWorker(fixture.broker.brokers);
  fixture.add(() => killed(second.child));
  // The new worker reads the connector from connect-configs, rejoins the group once the dead member's session expires,
  // and replays from the last committed offset (3): the same names, the same records.
  await waitFor(async () => (await idsInBucket()).length === 9, { what: 'all nine records', timeoutMs: 60_000, intervalMs: 250 });
  expect((await idsInBucket()).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const keys = (await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'topics/crashy/' }))).Contents!.map((c) => c.Key);
  expect(keys).toEqual([
    'topics/crashy/partition=0/crashy+0+0000000000.json',
    'topics/crashy/partition=0/crashy+0+0000000003.json',
    'topics/crashy/partition=0/crashy+0+0000000006.json',
  ]);
}, 120_000);
