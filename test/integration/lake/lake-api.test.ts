import { Kafka, logLevel, type Producer } from 'kafkajs';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

const FIELDS = [
  { field: 'timestamp', type: 'int64', optional: false, name: 'org.apache.kafka.connect.data.Timestamp' },
  { field: 'user_id', type: 'int64', optional: false },
  { field: 'url', type: 'string', optional: false },
];
const envelope = (payload: Record<string, unknown>) => JSON.stringify({ schema: { type: 'struct', optional: false, fields: FIELDS }, payload });

let app: TestApp;
let down: TestApp;
let producer: Producer;

const INPUT = (s3Url: string) => ({
  name: 'lake-sink',
  topics: ['clicks'],
  bucket: 'lake',
  region: 'us-east-1',
  flushSize: 2,
  format: 'PARQUET',
  pathFormat: "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
  locale: 'en-US',
  timezone: 'UTC',
  timestampExtractor: 'RECORD',
  storeUrl: s3Url,
  awsAccessKeyId: 'minioadmin',
  awsSecretAccessKey: 'minioadmin',
  valueConverter: { kind: 'JSON' },
});

beforeAll(async () => {
  app = await startTestApp({ backends: ['connect', 's3'], env: { LAKE_SMALL_FILE_BYTES: '1048576' } });
  // A second server whose object store is unreachable: the store-down paths.
  down = await startTestApp();
  const kafka = new Kafka({ clientId: 'lake-test', brokers: app.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  producer = kafka.producer();
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'clicks', numPartitions: 1 }] });
  await admin.disconnect();
}, 60_000);

afterAll(async () => {
  await producer?.disconnect().catch(() => undefined);
  await down?.stop();
  await app?.stop();
});

test('createS3SinkConnector refuses a bucket the configured store does not have, naming input.bucket', async () => {
  const { body } = await app.request('mutation ($input: S3SinkConnectorInput!) { createS3SinkConnector(input: $input) { name } }', {
    input: { ...INPUT(app.endpoints.s3Endpoint!), name: 'nowhere-sink', bucket: 'no-such-bucket' },
  });
  expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'input.bucket' } });
  expect(body.errors[0].message).toBe('bucket "no-such-bucket" does not exist on the configured S3 store');
});

test('events produced to Kafka appear as Parquet objects under the hourly prefix, in sinkObjects, sinkObjectPreview, fileHealth and lineage', async () => {
  const created = await app.request('mutation ($input: S3SinkConnectorInput!) { createS3SinkConnector(input: $input) { name state lineage { targetObjects { bucket prefix } } } }', {
    input: INPUT(app.endpoints.s3Endpoint!),
  });
  expect(created.body.errors).toBeUndefined();
  expect(created.body.data.createS3SinkConnector.lineage.targetObjects).toEqual([{ bucket: 'lake', prefix: 'topics/clicks/' }]);
  const t0 = Date.UTC(2026, 4, 1, 13, 15);
  await producer.send({
    topic: 'clicks',
    messages: [1, 2, 3, 4, 5].map((i) => ({ value: envelope({ timestamp: t0 + i * 60_000, user_id: i, url: `/u/${i}` }), timestamp: String(t0 + i * 60_000) })),
  });

  const page = await waitFor(async () => {
    const { body } = await app.request('{ sinkObjects(connector: "lake-sink", first: 10) { bucket prefix edges { cursor node { key size topic kafkaPartition encodedPartition startOffset endOffset recordCount } } pageInfo { hasNextPage endCursor } } }');
    return body.data?.sinkObjects.edges.length === 2 && body.data.sinkObjects;
  }, { what: 'two objects', timeoutMs: 30_000 });
  expect(page.bucket).toBe('lake');
  expect(page.prefix).toBe('topics/clicks/');
  expect(page.edges.map((e: any) => e.node)).toEqual([
    { key: 'topics/clicks/year=2026/month=05/day=01/hour=13/clicks+0+0000000000.snappy.parquet', size: expect.any(Number), topic: 'clicks', kafkaPartition: 0, encodedPartition: 'year=2026/month=05/day=01/hour=13', startOffset: '0', endOffset: '1', recordCount: 2 },
    { key: 'topics/clicks/year=2026/month=05/day=01/hour=13/clicks+0+0000000002.snappy.parquet', size: expect.any(Number), topic: 'clicks', kafkaPartition: 0, encodedPartition: 'year=2026/month=05/day=01/hour=13', startOffset: '2', endOffset: null, recordCount: null },
  ]);

  // Paging: one object per page, the cursor continues after it (sent as a variable).
  const first = await app.request('{ sinkObjects(bucket: "lake", prefix: "topics/clicks/", first: 1) { edges { node { key } } pageInfo { hasNextPage endCursor } } }');
  expect(first.body.data.sinkObjects.pageInfo.hasNextPage).toBe(true);
  const second = await app.request('query ($after: String) { sinkObjects(bucket: "lake", prefix: "topics/clicks/", first: 1, after: $after) { edges { node { key } } pageInfo { hasNextPage } } }', {
    after: first.body.data.sinkObjects.pageInfo.endCursor,
  });
  expect(second.body.data.sinkObjects.edges[0].node.key).toBe(page.edges[1].node.key);
  expect(second.body.data.sinkObjects.pageInfo.hasNextPage).toBe(false);

  const preview = await app.request('query ($bucket: String!, $key: String!) { sinkObjectPreview(bucket: $bucket, key: $key, limit: 5) { format columns { name type } rows } }', {
    bucket: 'lake',
    key: page.edges[0].node.key,
  });
  expect(preview.body.data.sinkObjectPreview).toEqual({
    format: 'PARQUET',
    columns: [
      { name: 'timestamp', type: 'TIMESTAMP' },
      { name: 'user_id', type: 'BIGINT' },
      { name: 'url', type: 'VARCHAR' },
    ],
    rows: [
      { timestamp: '2026-05-01T13:16:00Z', user_id: 1, url: '/u/1' },
      { timestamp: '2026-05-01T13:17:00Z', user_id: 2, url: '/u/2' },
    ],
  });

  const health = await app.request('{ connector(name: "lake-sink") { fileHealth { bucket prefix objectCount medianFileBytes p10FileBytes medianRecordsPerFile smallFiles smallFileThresholdBytes filesPerPartitionHour { partition files } settings { key value } } } }');
  expect(health.body.data.connector.fileHealth).toMatchObject({
    bucket: 'lake',
    prefix: 'topics/clicks/',
    objectCount: 2,
    medianRecordsPerFile: 2,
    smallFiles: true,
    smallFileThresholdBytes: 1048576,
    filesPerPartitionHour: [{ partition: 'year=2026/month=05/day=01/hour=13', files: 2 }],
    settings: [
      { key: 'flush.size', value: '2' },
      { key: 'rotate.interval.ms', value: '-1' },
      { key: 'partition.duration.ms', value: '3600000' },
    ],
  });
  expect(health.body.data.connector.fileHealth.medianFileBytes).toBeGreaterThan(0);
}, 60_000);

test('answers NOT_FOUND for an unknown bucket or key, as literals and as variables', async () => {
  const bucket = await app.request('{ sinkObjectPreview(bucket: "nope", key: "a.parquet") { format } }');
  expect(bucket.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', details: { field: 'bucket' }, retriable: false });
  const key = await app.request('query ($key: String!) { sinkObjectPreview(bucket: "lake", key: $key) { format } }', { key: 'topics/none.parquet' });
  expect(key.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', details: { field: 'key' } });
  const listing = await app.request('query ($bucket: String) { sinkObjects(bucket: $bucket) { edges { cursor } } }', { bucket: 'nope' });
  expect(listing.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', details: { field: 'bucket' } });
});

test('refuses bad arguments with BAD_USER_INPUT naming the argument', async () => {
  const both = await app.request('{ sinkObjects(connector: "lake-sink", bucket: "lake") { prefix } }');
  expect(both.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'bucket' } });
  const first = await app.request('query ($first: Int) { sinkObjects(bucket: "lake", first: $first) { prefix } }', { first: 0 });
  expect(first.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'first' } });
  const cursor = await app.request('{ sinkObjects(bucket: "lake", after: "%%%") { prefix } }');
  expect(cursor.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
  const limit = await app.request('{ sinkObjectPreview(bucket: "lake", key: "x.parquet", limit: 5000) { format } }');
  expect(limit.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'limit' } });
  const format = await app.request('{ sinkObjectPreview(bucket: "lake", key: "x.avro") { format } }');
  expect(format.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'key' } });
});

test('refuses malformed partitioner settings of a generic S3 sink config with BAD_USER_INPUT naming each key', async () => {
  const { body } = await app.request('mutation ($config: JSONObject!) { createConnector(name: "bad-partitioner", config: $config) { name } }', {
    config: {
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
      topics: 'clicks',
      's3.bucket.name': 'lake',
      'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
      'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
      'flush.size': '10',
      'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
      'path.format': "'hour'=HH",
      'partition.duration.ms': '-5',
      locale: 'en-US',
      timezone: 'UTC',
    },
  });
  expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(body.errors[0].extensions.details.fields).toEqual([
    { field: 'config.partition.duration.ms', messages: ['Invalid value -5 for configuration partition.duration.ms: Partition duration needs to be a positive.'] },
  ]);
  expect((await app.request('{ connector(name: "bad-partitioner") { name } }')).body.data.connector).toBeNull();
});

test('answers UPSTREAM_UNAVAILABLE (retriable) while the object store is down, and the server stays up', async () => {
  const listing = await down.request('{ sinkObjects(bucket: "lake") { prefix } }');
  expect(listing.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
  const preview = await down.request('query ($b: String!) { sinkObjectPreview(bucket: $b, key: "k.json") { format } }', { b: 'lake' });
  expect(preview.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
  expect((await down.request('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
});
