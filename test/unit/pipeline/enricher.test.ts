import type { KafkaProducerPort, KafkaRecord } from '../../../src/adapters/kafka/types';
import { createLogger } from '../../../src/logging/logger';
import { Enricher, type DimensionLookups } from '../../../src/pipeline/enricher/enricher';

const logger = createLogger({ level: 'silent' });
const record = (offset: number, value: unknown): KafkaRecord => ({
  topic: 'clickstream',
  partition: 0,
  offset,
  timestamp: 1,
  key: null,
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: {},
});
const good = { timestamp: 5, user_id: 1, url: 'u', device_id: 1 };
const dims: DimensionLookups = {
  findUsers: async (ids) => ids.map((userId) => ({ userId, userName: `n${userId}`, email: '', country: '', signupAt: new Date(0) })),
  findDevices: async (ids) => ids.map((deviceId) => ({ deviceId, deviceType: 'tv', os: 'x' })),
  findUrls: async (urls) => urls.map((url) => ({ url, urlCategory: 'news' })),
};

function producer(failures = 0) {
  const sent: Array<Array<{ topic: string; messages: unknown[] }>> = [];
  let left = failures;
  const port: KafkaProducerPort = {
    send: async () => [],
    sendBatch: async (batches) => {
      if (left-- > 0) throw Object.assign(new Error('broker down'), { code: 'UPSTREAM_UNAVAILABLE' });
      sent.push(batches);
      return [];
    },
  };
  return { port, sent };
}

const make = (p: KafkaProducerPort, d: DimensionLookups = dims) =>
  new Enricher({ producer: p, dimensions: d, targetTopic: 'out', dlqTopic: 'dlq', cacheTtlMs: 1_000, cacheMaxEntries: 100, logger });

describe('enricher batches', () => {
  it('fails the whole batch, counting nothing, when the produce is not acknowledged — the batch is retried, never skipped', async () => {
    const { port, sent } = producer(1);
    const enricher = make(port);
    const batch = [record(0, good), record(1, 'broken')];
    await expect(enricher.handle(batch)).rejects.toThrow('broker down');
    expect(enricher.stats).toMatchObject({ enriched: 0, deadLettered: 0, failedBatches: 1 });
    await enricher.handle(batch);
    expect(enricher.stats).toMatchObject({ enriched: 1, deadLettered: 1, batches: 1 });
    expect(sent[0]!.map((b) => [b.topic, b.messages.length])).toEqual([['out', 1], ['dlq', 1]]);
  });

  it('does not dead-letter events when the dimension store is down: the batch fails and is retried', async () => {
    const { port, sent } = producer();
    const enricher = make(port, { ...dims, findUsers: async () => Promise.reject(new Error('postgres down')) });
    await expect(enricher.handle([record(0, good)])).rejects.toThrow('postgres down');
    expect(sent).toEqual([]);
  });

  it('looks each distinct key up once per batch', async () => {
    const { port } = producer();
    const findUsers = jest.fn(dims.findUsers);
    const enricher = make(port, { ...dims, findUsers });
    await enricher.handle([record(0, good), record(1, good), record(2, { ...good, user_id: 2 })]);
    await enricher.handle([record(3, good)]);
    expect(findUsers).toHaveBeenCalledTimes(1);
    expect(findUsers).toHaveBeenCalledWith([1, 2]);
  });
});
