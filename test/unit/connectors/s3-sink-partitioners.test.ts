import { createPartitioner, partitionStart, PARTITIONERS } from '../../../embedded/connect/plugins/s3-sink/partitioner';
import { parseS3SinkConfig } from '../../../embedded/connect/plugins/s3-sink/s3-sink-config';
import { TopicPartitionWriter } from '../../../embedded/connect/plugins/s3-sink/topic-partition-writer';
import type { SinkRecord } from '../../../embedded/connect/data/record';

const base = {
  's3.bucket.name': 'lake',
  'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
  'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
  'flush.size': '3',
};
const FIXED_NOW = Date.UTC(2026, 6, 14, 23, 30, 15);

function record(offset: number, value: Record<string, unknown>, timestamp: number | null = null): SinkRecord {
  const fields = Object.keys(value).map((field) => ({ field, type: typeof value[field] === 'string' ? ('string' as const) : ('int64' as const) }));
  return { topic: 'clicks', kafkaPartition: 2, kafkaOffset: offset, keySchema: null, key: null, valueSchema: { type: 'struct', fields }, value, timestamp, headers: {} };
}

describe('S3 sink partitioners', () => {
  it('encodes the Kafka partition with DefaultPartitioner', () => {
    expect(createPartitioner(parseS3SinkConfig(base)).encodePartition(record(0, { a: 1 }), FIXED_NOW)).toBe('partition=2');
  });

  it('encodes field=value pairs with FieldPartitioner, and null for a missing value', () => {
    const partitioner = createPartitioner(parseS3SinkConfig({ ...base, 'partitioner.class': PARTITIONERS.field, 'partition.field.name': 'country,user_id' }));
    expect(partitioner.encodePartition(record(0, { country: 'FR', user_id: 7 }), FIXED_NOW)).toBe('country=FR/user_id=7');
    expect(partitioner.encodePartition(record(0, { user_id: 7 }), FIXED_NOW)).toBe('country=null/user_id=7');
  });

  it('prints path.format in the configured zone with the Wallclock extractor on a fixed clock', () => {
    const config = { ...base, 'partitioner.class': PARTITIONERS.timeBased, 'path.format': "'dt'=YYYY-MM-dd/'hour'=HH", 'partition.duration.ms': '3600000', locale: 'en-US' };
    expect(createPartitioner(parseS3SinkConfig({ ...config, timezone: 'UTC' })).encodePartition(record(0, {}), FIXED_NOW)).toBe('dt=2026-07-14/hour=23');
    // 23:30 UTC is 01:30 the next day in Paris (UTC+2 in July).
    expect(createPartitioner(parseS3SinkConfig({ ...config, timezone: 'Europe/Paris' })).encodePartition(record(0, {}), FIXED_NOW)).toBe('dt=2026-07-15/hour=01');
  });

  it('uses the record timestamp, or a record field (epoch or ISO string), with the daily and hourly layouts', () => {
    const hourly = createPartitioner(parseS3SinkConfig({ ...base, 'partitioner.class': PARTITIONERS.hourly, locale: 'en', timezone: 'UTC', 'timestamp.extractor': 'Record' }));
    expect(hourly.encodePartition(record(0, {}, Date.UTC(2025, 11, 31, 5, 59)), FIXED_NOW)).toBe('year=2025/month=12/day=31/hour=05');
    const daily = createPartitioner(parseS3SinkConfig({ ...base, 'partitioner.class': PARTITIONERS.daily, locale: 'en', timezone: 'UTC', 'timestamp.extractor': 'RecordField', 'timestamp.field': 'at' }));
    expect(daily.encodePartition(record(0, { at: '2024-02-29T22:00:00Z' }), FIXED_NOW)).toBe('year=2024/month=02/day=29');
    expect(() => hourly.encodePartition(record(0, {}, null), FIXED_NOW)).toThrow(/Unable to determine timestamp using timestamp.extractor Record/);
  });

  it('floors to the partition duration in local time', () => {
    // 6-hour partitions in New York (UTC-5 in January): 13:00 UTC is 08:00 local, which falls in 06:00-12:00 local = 11:00 UTC.
    expect(new Date(partitionStart(Date.UTC(2026, 0, 10, 13), 6 * 3_600_000, 'America/New_York')).toISOString()).toBe('2026-01-10T11:00:00.000Z');
  });
});

describe('S3 sink topic partition writer', () => {
  function writer(overrides: Record<string, string>, now: () => number, failing = () => false) {
    const uploads: string[] = [];
    const config = parseS3SinkConfig({ ...base, ...overrides });
    const w = new TopicPartitionWriter({
      config,
      topic: 'clicks',
      partition: 2,
      partitioner: createPartitioner(config),
      format: { extension: '.json', check: () => undefined, render: async (records) => Buffer.from(records.map((r) => r.kafkaOffset).join(',')), close: async () => undefined },
      storage: {
        upload: async (key, data) => {
          if (failing()) throw new Error('connect ECONNREFUSED');
          uploads.push(`${key} <- ${data.toString()}`);
        },
      },
      now,
      timeBased: config.partitionerClass !== PARTITIONERS.default && config.partitionerClass !== PARTITIONERS.field,
    });
    return { w, uploads };
  }

  it('counts flush.size across the open encoded partitions of one Kafka partition and commits them together', async () => {
    const { w, uploads } = writer({ 'partitioner.class': PARTITIONERS.field, 'partition.field.name': 'k' }, () => FIXED_NOW);
    await w.write([record(10, { k: 'a' }), record(11, { k: 'b' }), record(12, { k: 'a' }), record(13, { k: 'b' })]);
    expect(uploads).toEqual(['topics/clicks/k=a/clicks+2+0000000010.json <- 10,12', 'topics/clicks/k=b/clicks+2+0000000011.json <- 11']);
    expect(w.committed).toBe(13);
  });

  it('rotates on the next rotate.schedule.interval.ms boundary of the wall clock, even with no new record', async () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 50);
    const { w, uploads } = writer({ 'flush.size': '100', 'rotate.schedule.interval.ms': '60000', timezone: 'UTC' }, () => now);
    await w.write([record(0, {})]);
    expect(await w.tick()).toBe(false);
    now += 10_000;
    expect(await w.tick()).toBe(true);
    expect(uploads).toEqual(['topics/clicks/partition=2/clicks+2+0000000000.json <- 0']);
  });

  it('keeps a failed upload and its offsets uncommitted, and skips records handed again', async () => {
    let fail = true;
    const { w, uploads } = writer({ 'flush.size': '2' }, () => FIXED_NOW, () => fail);
    const batch = [record(0, {}), record(1, {}), record(2, {})];
    await expect(w.write(batch)).rejects.toMatchObject({ retriable: true });
    expect(w.committed).toBe(-1);
    fail = false;
    await w.write(batch);
    expect(uploads).toEqual(['topics/clicks/partition=2/clicks+2+0000000000.json <- 0,1']);
    expect(w.committed).toBe(2);
  });
});
