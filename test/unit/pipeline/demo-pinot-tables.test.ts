import type { PinotClient } from '../../../src/adapters/pinot';
import { createLogger } from '../../../src/logging/logger';
import { CONFLUENT_AVRO_DECODER, provisionDemoPinotTables, realtimeTableConfig } from '../../../src/pipeline/demo/pinot-tables';

const logger = createLogger({ level: 'silent' });
const registry = { url: 'http://schema-registry:8081', basicAuth: 'sr-user:sr-secret' };

function fakePinot(tables: Record<string, Record<string, unknown>>) {
  const calls: string[] = [];
  const updated: Record<string, any> = {};
  const pinot: Pick<PinotClient, 'listTables' | 'addSchema' | 'addTable' | 'tableConfigs' | 'updateTable'> = {
    listTables: async () => Object.keys(tables),
    addSchema: async (schema) => void calls.push(`addSchema ${schema.schemaName}`),
    addTable: async (config) => void calls.push(`addTable ${String(config.tableName)}`),
    tableConfigs: async (table) => ({ REALTIME: tables[table] as any }),
    updateTable: async (table, config) => {
      calls.push(`updateTable ${table}`);
      updated[table] = config;
    },
  };
  return { pinot, calls, updated };
}

describe('demo Pinot tables', () => {
  it('reads Confluent Avro through the registry when there is one, JSON otherwise', () => {
    const avro = realtimeTableConfig('t', 'ts', 'topic', ['kafka:9092'], registry) as any;
    expect(avro.tableIndexConfig.streamConfigs).toMatchObject({
      'stream.kafka.decoder.class.name': CONFLUENT_AVRO_DECODER,
      'stream.kafka.decoder.prop.schema.registry.rest.url': 'http://schema-registry:8081',
      'stream.kafka.decoder.prop.basic.auth.credentials.source': 'USER_INFO',
      'stream.kafka.decoder.prop.basic.auth.user.info': 'sr-user:sr-secret',
    });
    const json = realtimeTableConfig('t', 'ts', 'topic', ['kafka:9092']) as any;
    expect(Object.keys(json.tableIndexConfig.streamConfigs).filter((key) => key.startsWith('stream.kafka.decoder.'))).toEqual(['stream.kafka.decoder.class.name']);
    expect(json.tableIndexConfig.streamConfigs['stream.kafka.decoder.class.name']).toBe('org.apache.pinot.plugin.stream.kafka.KafkaJSONMessageDecoder');
  });

  it('switches an existing JSON demo table to the Avro decoder, keeping the rest of its config, and leaves a matching one alone', async () => {
    const old = realtimeTableConfig('stock_transactions', 'update_at', 'stock_transactions', ['kafka:9092']) as any;
    old.tableIndexConfig.streamConfigs['realtime.segment.flush.threshold.rows'] = '5000'; // an operator's change
    const current = realtimeTableConfig('clickstream_enriched', 'timestamp', 'enriched-clickstream', ['kafka:9092'], { url: registry.url });
    const { pinot, calls, updated } = fakePinot({ stock_transactions: old, clickstream_enriched: current });
    expect(await provisionDemoPinotTables(pinot, { kafkaBrokers: ['kafka:9092'], registry: { url: registry.url } }, logger)).toEqual([]);
    expect(calls).toEqual(['updateTable stock_transactions']);
    const stream = updated.stock_transactions.tableIndexConfig.streamConfigs;
    expect(stream['stream.kafka.decoder.class.name']).toBe(CONFLUENT_AVRO_DECODER);
    expect(stream['stream.kafka.decoder.prop.schema.registry.rest.url']).toBe(registry.url);
    expect(stream['realtime.segment.flush.threshold.rows']).toBe('5000');
    expect(updated.stock_transactions.segmentsConfig).toEqual(old.segmentsConfig);
  });

  it('creates missing tables with their schemas', async () => {
    const { pinot, calls } = fakePinot({});
    expect(await provisionDemoPinotTables(pinot, { kafkaBrokers: ['kafka:9092'] }, logger)).toEqual(['stock_transactions', 'clickstream_enriched']);
    expect(calls).toEqual(['addSchema stock_transactions', 'addTable stock_transactions', 'addSchema clickstream_enriched', 'addTable clickstream_enriched']);
  });
});
