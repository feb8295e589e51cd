import fs from 'node:fs';
import path from 'node:path';
import { silentLogger } from '../../../embedded/logger';
import { PartitionLog } from '../../../embedded/kafka/log/partition-log';
import { crc32c } from '../../../embedded/kafka/protocol/crc32c';
import { Reader } from '../../../embedded/kafka/protocol/reader';
import { Writer } from '../../../embedded/kafka/protocol/writer';
import { recordsOf } from '../../../embedded/kafka/log/batch-records';
import { effectiveConfig, type TopicConfig } from '../../../embedded/kafka/topics/topic-config';
import { buildBatch } from './fixtures/record-batch-builder';
import { kafkaTestKit } from './kafka-test-kit';

const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

const config = effectiveConfig({});
const values = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function open(dir: string): PartitionLog {
  const log = PartitionLog.open(dir, silentLogger);
  kit.leftovers.add(() => log.close());
  return log;
}

describe('embedded Kafka partition log', () => {
  it('computes CRC-32C as the Kafka record format specifies', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('frames responses correctly when the writer grows past its first buffer', () => {
    const writer = new Writer(16);
    writer.int32(42);
    for (let i = 0; i < 500; i++) writer.string(`item-${i}`).raw(Buffer.alloc(i % 3 === 0 ? 300 : 20, i));
    const frame = Buffer.concat(writer.finish());
    const reader = new Reader(frame);
    expect(reader.int32()).toBe(frame.length - 4);
    expect(reader.int32()).toBe(42);
    expect(reader.string()).toBe('item-0');
  });

  it('assigns contiguous offsets and reads whole batches from any offset inside them', () => {
    const log = open(kit.tempDir());
    expect(log.append(buildBatch({ values: values('a', 3) }), config)).toEqual({ errorCode: 0, baseOffset: 0 });
    expect(log.append(buildBatch({ values: values('b', 2) }), config)).toEqual({ errorCode: 0, baseOffset: 3 });
    expect(log.highWatermark).toBe(5);
    const read = log.read(4, 1 << 20);
    expect(read.errorCode).toBe(0);
    expect(read.records!.readBigInt64BE(0)).toBe(3n); // the batch holding offset 4 starts at 3
    expect(log.read(5, 1000)).toEqual({ errorCode: 0, records: null });
    expect(log.read(6, 1000).errorCode).toBe(1);
  });

  it('rolls segments at segment.bytes and rebuilds the index from all segment files on reopen', () => {
    const dir = kit.tempDir();
    const small = effectiveConfig({ 'segment.bytes': 300 });
    const log = open(dir);
    for (let i = 0; i < 10; i++) log.append(buildBatch({ values: values(`s${i}-`, 5) }), small);
    log.close();
    const files = fs.readdirSync(dir).filter((name) => name.endsWith('.log'));
    expect(files.length).toBeGreaterThan(2);
    const reopened = open(dir);
    expect(reopened.highWatermark).toBe(50);
    expect(reopened.read(37, 1).records!.readBigInt64BE(0)).toBe(35n);
    expect(reopened.append(buildBatch({ values: ['next'] }), small).baseOffset).toBe(50);
  });

  it('truncates a torn tail (half-written batch) on reopen and keeps appending after it', () => {
    const dir = kit.tempDir();
    const log = open(dir);
    log.append(buildBatch({ values: values('x', 4) }), config);
    log.close();
    const file = path.join(dir, '00000000000000000000.log');
    const intact = fs.statSync(file).size;
    const torn = buildBatch({ values: values('y', 4) });
    fs.appendFileSync(file, torn.subarray(0, torn.length - 7));
    const reopened = open(dir);
    expect(reopened.highWatermark).toBe(4);
    expect(fs.statSync(file).size).toBe(intact);
    expect(reopened.append(buildBatch({ values: ['z'] }), config).baseOffset).toBe(4);
  });

  it('truncates a tail batch whose CRC does not match', () => {
    const dir = kit.tempDir();
    const log = open(dir);
    log.append(buildBatch({ values: values('x', 2) }), config);
    log.append(buildBatch({ values: values('y', 2) }), config);
    log.close();
    const file = path.join(dir, '00000000000000000000.log');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 2] ^= 0xff; // flip a byte inside the last record
    fs.writeFileSync(file, bytes);
    expect(open(dir).highWatermark).toBe(2);
  });

  it('finds offsets by timestamp inside a batch', () => {
    const log = open(kit.tempDir());
    log.append(buildBatch({ values: values('t', 10), baseTimestamp: 1000, timestampStep: 100 }), config);
    expect(log.offsetForTimestamp(1350)).toEqual({ offset: 4, timestamp: 1400 });
    expect(log.offsetForTimestamp(5000)).toBeNull();
  });

  it('deletes whole segments past retention.bytes and retention.ms and advances the log start', () => {
    const log = open(kit.tempDir());
    const rolling = effectiveConfig({ 'segment.bytes': 200 });
    for (let i = 0; i < 8; i++) log.append(buildBatch({ values: values(`r${i}-`, 3), baseTimestamp: 1_000 + i }), rolling);
    const before = log.sizeInBytes;
    log.enforceRetention(effectiveConfig({ 'retention.bytes': Math.floor(before / 2) }));
    expect(log.sizeInBytes).toBeLessThanOrEqual(Math.ceil(before / 2) + 200);
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.read(0, 100).errorCode).toBe(1);
    // Everything is older than a 1 ms retention: all data goes, offsets continue.
    log.enforceRetention(effectiveConfig({ 'retention.ms': 1 }));
    expect(log.logStartOffset).toBe(24);
    expect(log.append(buildBatch({ values: ['after'] }), rolling).baseOffset).toBe(24);
  });

  it('persists the log start offset set by DeleteRecords', () => {
    const dir = kit.tempDir();
    const log = open(dir);
    log.append(buildBatch({ values: values('d', 10) }), config);
    expect(log.deleteRecordsBefore(7)).toEqual({ errorCode: 0, lowWatermark: 7 });
    expect(log.deleteRecordsBefore(99).errorCode).toBe(1);
    log.close();
    const reopened = open(dir);
    expect(reopened.logStartOffset).toBe(7);
    expect(reopened.read(6, 100).errorCode).toBe(1);
  });

  it('de-duplicates a retried idempotent batch and rejects a sequence gap', () => {
    const log = open(kit.tempDir());
    const first = buildBatch({ values: values('p', 3), producerId: 77, producerEpoch: 0, baseSequence: 0 });
    expect(log.append(Buffer.from(first), config)).toEqual({ errorCode: 0, baseOffset: 0 });
    expect(log.append(Buffer.from(first), config)).toEqual({ errorCode: 0, baseOffset: 0 }); // retry: same offset, no append
    expect(log.highWatermark).toBe(3);
    expect(log.append(buildBatch({ values: ['gap'], producerId: 77, producerEpoch: 0, baseSequence: 9 }), config).errorCode).toBe(45);
    expect(log.append(buildBatch({ values: ['next'], producerId: 77, producerEpoch: 0, baseSequence: 3 }), config)).toEqual({ errorCode: 0, baseOffset: 3 });
  });

  it('refuses bytes that are not a v2 record batch', () => {
    const log = open(kit.tempDir());
    expect(log.append(Buffer.from('not a batch at all, not even close to one, really not a batch of records'), config).errorCode).not.toBe(0);
    const v1 = buildBatch({ values: ['old'] });
    v1.writeInt8(1, 16);
    expect(log.append(v1, config).errorCode).toBe(43);
  });
});

describe('embedded Kafka log compaction', () => {
  /** Every record left in the log as "offset:key=value" (value "null" for a tombstone). */
  function contents(log: PartitionLog): string[] {
    const out: string[] = [];
    let offset = log.logStartOffset;
    while (offset < log.logEndOffset) {
      const read = log.read(offset, 1 << 20);
      if (!read.records) break;
      let position = 0;
      let last = offset;
      while (position < read.records.length) {
        const batch = read.records.subarray(position, position + read.records.readInt32BE(position + 8) + 12);
        const parsed = recordsOf(batch)!;
        for (const record of parsed.records) {
          const at = parsed.header.baseOffset + record.offsetDelta;
          if (at >= offset) out.push(`${at}:${record.key?.toString()}=${record.tombstone ? 'null' : 'v'}`);
        }
        last = parsed.header.baseOffset + parsed.header.lastOffsetDelta + 1;
        position += batch.length;
      }
      offset = Math.max(last, offset + 1);
    }
    return out;
  }

  const compacted = (overrides: Partial<TopicConfig> = {}) => effectiveConfig({ 'cleanup.policy': 'compact', 'segment.bytes': 200, ...overrides });
  const keyed = (keys: Array<string | null>, values: Array<string | null>) => buildBatch({ keys, values, baseTimestamp: Date.now() });

  it('keeps the latest record per key in closed segments, at its original offset, and survives a reopen', () => {
    const dir = kit.tempDir();
    const log = open(dir);
    const config = compacted();
    for (let round = 0; round < 4; round++) log.append(keyed(['a', 'b', 'c'], ['x', 'y', 'z']), config);
    log.append(keyed(['a'], ['last']), config);
    const before = contents(log);
    expect(before).toHaveLength(13);
    const removed = log.compact(config, Date.now() + 1000);
    expect(removed).toBeGreaterThan(0);
    const after = contents(log);
    // The active segment is never cleaned; in the closed ones each key keeps only its newest record.
    const closedKeys = after.filter((entry) => Number(entry.split(':')[0]) < 12).map((entry) => entry.split(':')[1]!.split('=')[0]);
    expect(new Set(closedKeys).size).toBe(closedKeys.length);
    expect(after).toContain('9:a=v');
    expect(after).toContain('10:b=v');
    expect(after).toContain('11:c=v');
    expect(after.at(-1)).toBe('12:a=v');
    expect(log.logEndOffset).toBe(13);
    log.close();
    const reopened = open(dir);
    expect(contents(reopened)).toEqual(after);
    expect(reopened.logEndOffset).toBe(13);
  });

  it('answers a fetch at any offset, gaps left by compaction included, with a batch reaching that offset', () => {
    const dir = kit.tempDir();
    const config = compacted();
    const check = (log: PartitionLog) => {
      for (let offset = 0; offset < log.logEndOffset; offset++) {
        const read = log.read(offset, 1 << 20);
        expect(read.errorCode).toBe(0);
        const header = recordsOf(read.records!.subarray(0, read.records!.readInt32BE(8) + 12))!.header;
        expect(header.baseOffset + header.lastOffsetDelta).toBeGreaterThanOrEqual(offset);
      }
    };
    const log = open(dir);
    // "a" once, then "b" again and again: segments keep their first batch and lose the later ones (trailing gaps).
    log.append(keyed(['a', 'a2'], ['x', 'x']), config);
    for (let round = 0; round < 8; round++) log.append(keyed(['b', 'b2'], ['y', 'y']), config);
    log.append(keyed(['c'], ['z']), config);
    log.compact(config, Date.now() + 1000);
    check(log);
    log.close();
    check(open(dir));
  });

  it('keeps a tombstone until delete.retention.ms has passed, then removes it', () => {
    const log = open(kit.tempDir());
    const config = compacted({ 'delete.retention.ms': 60_000 });
    log.append(keyed(['gone', 'kept'], ['v', 'v']), config);
    log.append(keyed(['gone', 'pad1', 'pad2'], [null, 'v', 'v']), config);
    log.append(keyed(['pad3', 'pad4', 'pad5'], ['v', 'v', 'v']), config);
    log.append(keyed(['tail'], ['v']), config);
    const now = Date.now();
    log.compact(config, now + 1000);
    expect(contents(log)).toContain('2:gone=null');
    expect(contents(log)).not.toContain('0:gone=v');
    log.compact(config, now + 120_000);
    expect(contents(log).some((entry) => entry.includes('gone'))).toBe(false);
    expect(contents(log)).toContain('1:kept=v');
  });

  it('leaves closed segments newer than min.compaction.lag.ms alone', () => {
    const log = open(kit.tempDir());
    const config = compacted({ 'min.compaction.lag.ms': 3_600_000 });
    for (let round = 0; round < 3; round++) log.append(keyed(['k', 'k', 'k'], ['1', '2', '3']), config);
    log.append(keyed(['k'], ['4']), config);
    expect(log.compact(config, Date.now())).toBe(0);
    expect(contents(log)).toHaveLength(10);
  });

  it('deletes nothing by retention on a compact-only topic, and rolls segments at segment.ms', () => {
    const log = open(kit.tempDir());
    const config = compacted({ 'segment.bytes': 1 << 20, 'segment.ms': 1, 'retention.ms': 1 });
    const now = Date.now();
    log.append(keyed(['a'], ['1']), config, now);
    log.append(keyed(['a'], ['2']), config, now + 10); // older than segment.ms: rolls
    log.append(keyed(['a'], ['3']), config, now + 20); // rolls again; this one is in the active segment
    expect(log.enforceRetention(config, now + 10_000)).toBe(0);
    expect(log.compact(config, now + 10_000)).toBe(1);
    expect(contents(log)).toEqual(['1:a=v', '2:a=v']);
  });
});
