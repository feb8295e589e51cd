import type { KafkaProducerPort, OutgoingMessage } from '../../../src/adapters/kafka/types';
import { PayloadDecoder } from '../../../src/adapters/schema-registry';
import { AppError } from '../../../src/errors/app-error';
import { createLogger } from '../../../src/logging/logger';
import { CLICK_SCHEMA, ENRICHED_CLICK_SCHEMA, STOCK_TRANSACTION_SCHEMA } from '../../../src/pipeline/demo/avro-schemas';
import { Enricher } from '../../../src/pipeline/enricher/enricher';
import { createEventGenerator } from '../../../src/pipeline/generator/event-generator';
import { valueWriters } from '../../../src/pipeline/value-writer';

const logger = createLogger({ level: 'silent' });

/** The registry calls PayloadDecoder makes, in memory: one id per distinct schema text, as the registry assigns them. */
function memoryRegistry() {
  const schemas: string[] = [];
  const subjects: string[] = [];
  return {
    subjects,
    async register(subject: string, input: { schema: string }) {
      subjects.push(subject);
      const at = schemas.indexOf(input.schema);
      return { id: (at >= 0 ? at : schemas.push(input.schema) - 1) + 1 };
    },
    async schemaById(id: number) {
      return { id, schemaType: 'AVRO' as const, references: [], schema: schemas[id - 1]! };
    },
    async getVersion(): Promise<never> {
      throw new Error('not used');
    },
  };
}

describe('value writers', () => {
  it('write JSON text without a registry', async () => {
    const { clicks } = await valueWriters(undefined, { clicks: CLICK_SCHEMA });
    expect(clicks!({ timestamp: 1, user_id: 2, url: 'u', device_id: 3 })).toBe('{"timestamp":1,"user_id":2,"url":"u","device_id":3}');
  });

  it('register the topic value subject and write Confluent Avro that decodes back, optional fields null or set', async () => {
    const registry = memoryRegistry();
    const codec = new PayloadDecoder(registry);
    const { 'enriched-clickstream': write } = await valueWriters(codec, { 'enriched-clickstream': ENRICHED_CLICK_SCHEMA });
    expect(registry.subjects).toEqual(['enriched-clickstream-value']);
    const event = { timestamp: 1_700_000_000_123, user_id: 7, device_id: 3, url: 'https://example.com/a', user_name: 'ada', device_type: null, url_category: 'news' };
    const bytes = write!(event) as Buffer;
    expect([...bytes.subarray(0, 5)]).toEqual([0, 0, 0, 0, 1]);
    await codec.prefetch([bytes]);
    expect(codec.decode(bytes)).toEqual({ format: 'AVRO', schemaId: 1, value: event, error: null });
  });

  it('reject when the registry cannot register the schema, so the supervised worker retries its start instead of writing another format', async () => {
    const registry = memoryRegistry();
    registry.register = async () => {
      throw new AppError('UPSTREAM_UNAVAILABLE', 'schema registry unreachable', { retriable: true });
    };
    await expect(valueWriters(new PayloadDecoder(registry), { clicks: CLICK_SCHEMA })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
  });

  it('refuse a record the schema cannot carry with BAD_USER_INPUT', async () => {
    const { stock } = await valueWriters(new PayloadDecoder(memoryRegistry()), { stock: STOCK_TRANSACTION_SCHEMA });
    expect(() => stock!({ id: 'x', user_id: 2 ** 40, symbol: 'A', shares: 1, purchase: true, update_at: 1 })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

function capture(): { port: KafkaProducerPort; batches: Array<{ topic: string; messages: OutgoingMessage[] }> } {
  const batches: Array<{ topic: string; messages: OutgoingMessage[] }> = [];
  return { batches, port: { send: async () => [], sendBatch: async (b) => (batches.push(...b), []) } };
}

describe('the generator and the enricher on Avro', () => {
  it('the generator writes its events in the topic format, and the bad events that no schema can carry as raw JSON text', async () => {
    const codec = new PayloadDecoder(memoryRegistry());
    const writers = await valueWriters(codec, { clickstream: CLICK_SCHEMA, stock_transactions: STOCK_TRANSACTION_SCHEMA });
    const { port, batches } = capture();
    const generator = createEventGenerator({ producer: port, rate: 400, invalidRate: 0.5, count: 40, seed: 3, tickMs: 5, writers: { click: writers.clickstream!, stock: writers.stock_transactions! }, logger });
    generator.start();
    await generator.done;
    await generator.stop();
    const clicks = batches.filter((b) => b.topic === 'clickstream').flatMap((b) => b.messages);
    const raw = clicks.filter((m) => typeof m.value === 'string');
    const avro = clicks.filter((m) => Buffer.isBuffer(m.value));
    expect(clicks).toHaveLength(40);
    expect(raw.length).toBeGreaterThan(0);
    expect(avro.length).toBeGreaterThan(raw.length);
    for (const m of raw) expect(['broken', 'invalid']).toContain(m.key);
    await codec.prefetch(avro.map((m) => m.value as Buffer));
    for (const m of avro) expect(codec.decode(m.value as Buffer)).toMatchObject({ format: 'AVRO', value: { user_id: expect.any(Number), url: expect.any(String) } });
    const stocks = batches.filter((b) => b.topic === 'stock_transactions').flatMap((b) => b.messages);
    expect(stocks.every((m) => Buffer.isBuffer(m.value) && (m.value as Buffer)[0] === 0)).toBe(true);
  });

  it('the enricher dead-letters a joined record its output schema cannot carry instead of failing the batch', async () => {
    const { 'enriched-clickstream': write } = await valueWriters(new PayloadDecoder(memoryRegistry()), { 'enriched-clickstream': ENRICHED_CLICK_SCHEMA });
    const { port, batches } = capture();
    const enricher = new Enricher({
      producer: port,
      dimensions: {
        findUsers: async (ids) => ids.map((userId) => ({ userId, userName: 'n', email: '', country: '', signupAt: new Date(0) })),
        findDevices: async (ids) => ids.map((deviceId) => ({ deviceId, deviceType: 'tv', os: 'x' })),
        findUrls: async (urls) => urls.map((url) => ({ url, urlCategory: 'news' })),
      },
      targetTopic: 'out',
      dlqTopic: 'dlq',
      cacheTtlMs: 1_000,
      cacheMaxEntries: 10,
      logger,
    });
    enricher.useWriter(write!);
    const record = (offset: number, userId: number) => ({ topic: 'clickstream', partition: 0, offset, timestamp: 1, key: null, headers: {}, value: Buffer.from(JSON.stringify({ timestamp: 5, user_id: userId, url: 'u', device_id: 1 })) });
    await enricher.handle([record(0, 1), record(1, 2 ** 40)]);
    expect(batches.map((b) => [b.topic, b.messages.length])).toEqual([['out', 1], ['dlq', 1]]);
    expect(batches[1]!.messages[0]!.headers!['x-error-reason']).toBe('invalid-event');
    expect(enricher.stats).toMatchObject({ enriched: 1, deadLettered: 1, failedBatches: 0 });
  });
});
