import type { KafkaAdminPort, KafkaRecord, PartitionOffsets } from '../../../src/adapters/kafka/types';
import type { ReaderFactory, ReaderSpec } from '../../../src/services/live';

/** An in-memory topic log plus readers over it, so the live plane's logic is tested without a broker. */
export function createFakeTopic(topic: string, partitions: number) {
  const logs: KafkaRecord[][] = Array.from({ length: partitions }, () => []);
  const readers = new Set<FakeReader>();

  class FakeReader {
    next: number[] = [];
    running = false;
    constructor(readonly spec: ReaderSpec) {
      for (let p = 0; p < partitions; p++) this.next[p] = spec.startOffsets.get(p) ?? 0;
    }
    async start() {
      this.running = true;
      readers.add(this);
    }
    async stop() {
      this.running = false;
      readers.delete(this);
    }
    /** Delivers everything available to this reader, one partition batch at a time (max `batch` records). */
    async pump(batch = 1_000): Promise<number> {
      let delivered = 0;
      for (let p = 0; p < partitions; p++) {
        if (!this.running) break;
        const records = logs[p]!.slice(this.next[p], this.next[p]! + batch);
        if (records.length === 0) continue;
        const resume = await this.spec.onRecords(records, { heartbeat: async () => undefined, isRunning: () => this.running });
        this.next[p] = typeof resume === 'number' ? resume : records[records.length - 1]!.offset + 1;
        delivered += records.length;
      }
      return delivered;
    }
  }

  const openReader: ReaderFactory = (spec) => new FakeReader(spec);
  const admin = {
    async topicOffsets(): Promise<PartitionOffsets[]> {
      return logs.map((log, partition) => ({ partition, low: '0', high: String(log.length) }));
    },
  } as unknown as KafkaAdminPort;

  return {
    admin,
    openReader,
    readers,
    produce(partition: number, value: unknown) {
      const log = logs[partition]!;
      log.push({ topic, partition, offset: log.length, timestamp: Date.now(), key: null, value: Buffer.from(JSON.stringify(value)), headers: {} });
    },
    /** The feed's reader is the one whose group id does not contain "catchup". */
    async pumpLive(batch?: number) {
      for (const r of readers) if (!r.spec.groupId.includes('catchup')) await r.pump(batch);
    },
    async pumpCatchUp(batch?: number) {
      for (const r of [...readers]) if (r.spec.groupId.includes('catchup')) await r.pump(batch);
    },
    catchUpReaders: () => [...readers].filter((r) => r.spec.groupId.includes('catchup')).length,
  };
}
