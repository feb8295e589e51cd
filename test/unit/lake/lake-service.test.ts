import pino from 'pino';
import { summarizeFiles, percentile } from '../../../src/services/lake/file-health';
import { createLakeService } from '../../../src/services/lake/lake-service';
import type { LakeStore, StoredObject } from '../../../src/services/lake/lake-port';
import { offsetRanges, parseSinkObjectName } from '../../../src/services/lake/object-names';

const object = (key: string, size: number, at = '2026-05-01T13:05:00Z'): StoredObject => ({ key, size, lastModified: new Date(at), etag: null });

function fakeStore(objects: StoredObject[]): LakeStore {
  return {
    async listObjects(_bucket, prefix, { startAfter, maxKeys }) {
      const all = objects.filter((o) => o.key.startsWith(prefix) && (!startAfter || o.key > startAfter));
      return { objects: all.slice(0, maxKeys), truncated: all.length > maxKeys };
    },
    bucketExists: async () => true,
    previewObject: async () => ({ format: 'JSON', columns: [], rows: [] }),
    health: async () => ({ ok: true }),
  };
}

const S3_SINK = { className: 'io.confluent.connect.s3.S3SinkConnector', config: { 's3.bucket.name': 'lake', topics: 'clicks', 'flush.size': '100' } };

function service(objects: StoredObject[], smallFileBytes = 1_000) {
  return createLakeService({
    store: fakeStore(objects),
    connectors: async (_cluster, name) => (name === 'lake-sink' ? S3_SINK : name === 'jdbc' ? { className: 'io.confluent.connect.jdbc.JdbcSinkConnector', config: {} } : null),
    smallFileBytes,
    healthMaxObjects: 3,
    logger: pino({ level: 'silent' }),
  });
}

describe('Confluent object names', () => {
  it('parses topic, Kafka partition, start offset and the encoded partition', () => {
    expect(parseSinkObjectName('topics/clicks/year=2026/month=05/clicks+3+0000000042.snappy.parquet', 'topics')).toEqual({
      topic: 'clicks',
      kafkaPartition: 3,
      startOffset: 42,
      encodedPartition: 'year=2026/month=05',
    });
    expect(parseSinkObjectName('topics/clicks/partition=0/clicks+0+0000000001.keys.json', 'topics')).toBeNull();
    expect(parseSinkObjectName('notes.txt', 'topics')).toBeNull();
  });

  it('ends a file where the next file of the same Kafka partition starts, and leaves the newest open', () => {
    const names = ['clicks+0+0000000000.json', 'clicks+1+0000000000.json', 'clicks+0+0000000010.json'].map((key) => parseSinkObjectName(`topics/clicks/p/${key}`, 'topics'));
    expect(offsetRanges(names)).toEqual([
      { startOffset: 0, endOffset: 9, recordCount: 10 },
      { startOffset: 0, endOffset: null, recordCount: null },
      { startOffset: 10, endOffset: null, recordCount: null },
    ]);
  });
});

describe('file health', () => {
  it('groups files per encoded partition per hour and flags a small median with the settings to raise', () => {
    const health = summarizeFiles(
      [
        object('topics/clicks/h=13/clicks+0+0000000000.json', 100, '2026-05-01T13:05:00Z'),
        object('topics/clicks/h=13/clicks+0+0000000010.json', 300, '2026-05-01T13:55:00Z'),
        object('topics/clicks/h=14/clicks+0+0000000030.json', 5_000, '2026-05-01T14:01:00Z'),
      ],
      { bucket: 'lake', prefix: 'topics/clicks/', topicsDir: 'topics', config: { 'flush.size': '10' }, thresholdBytes: 1_000, truncated: false },
    );
    expect(health).toMatchObject({ objectCount: 3, totalBytes: 5_400, medianFileBytes: 300, p10FileBytes: 100, medianRecordsPerFile: 15, smallFiles: true });
    expect(health.filesPerPartitionHour).toEqual([
      { partition: 'h=13', hour: new Date('2026-05-01T13:00:00Z'), files: 2, bytes: 400 },
      { partition: 'h=14', hour: new Date('2026-05-01T14:00:00Z'), files: 1, bytes: 5_000 },
    ]);
    expect(health.settings.map((s) => [s.key, s.value])).toEqual([
      ['flush.size', '10'],
      ['rotate.interval.ms', '-1'],
      ['partition.duration.ms', '-1'],
    ]);
  });

  it('uses the nearest-rank percentile', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 10)).toBe(2);
    expect(percentile([], 10)).toBeNull();
  });
});

describe('lake service', () => {
  const objects = [1, 2, 3, 4].map((i) => object(`topics/clicks/partition=0/clicks+0+000000000${i}.json`, 2_000));

  it('pages a connector\'s objects with opaque cursors', async () => {
    const lake = service(objects);
    const page = await lake.sinkObjects({ connector: 'lake-sink', first: 3 });
    expect(page.prefix).toBe('topics/clicks/');
    expect(page.edges.map((e) => [e.node.startOffset, e.node.recordCount])).toEqual([[1, 1], [2, 1], [3, 1]]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await lake.sinkObjects({ connector: 'lake-sink', first: 3, after: page.pageInfo.endCursor });
    expect(next.edges.map((e) => e.node.startOffset)).toEqual([4]);
    expect(next.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('refuses an unknown connector (NOT_FOUND), a connector that is not an S3 sink, and a forged cursor (BAD_USER_INPUT)', async () => {
    const lake = service(objects);
    await expect(lake.sinkObjects({ connector: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'connector' } });
    await expect(lake.sinkObjects({ connector: 'jdbc' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'connector' } });
    await expect(lake.sinkObjects({ bucket: 'lake', after: 'not a cursor' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
    await expect(lake.sinkObjects({})).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'connector' } });
  });

  it('reads at most LAKE_HEALTH_MAX_OBJECTS objects for fileHealth and says so; null for other connectors', async () => {
    const lake = service(objects, 1_000);
    const health = await lake.fileHealth(S3_SINK);
    expect(health).toMatchObject({ objectCount: 3, truncated: true, smallFiles: false, settings: [] });
    expect(await lake.fileHealth({ className: 'io.confluent.connect.jdbc.JdbcSinkConnector', config: {} })).toBeNull();
  });
});
