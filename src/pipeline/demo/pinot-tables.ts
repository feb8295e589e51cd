/**
 * The demo's Pinot tables, provisioned through the controller API (the same calls an operator makes against a real
 * cluster): stock_transactions fed by the generator and clickstream_enriched fed by the enricher. Idempotent: tables
 * that exist are left alone. With a schema registry the topics carry Confluent Avro, read with Pinot's Confluent Avro
 * decoder through the registry; otherwise JSON.
 */
import type { PinotClient, PinotSchema } from '../../adapters/pinot';
import { isAppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';

export interface DemoPinotTopics {
  /** Topic the generator writes stock transactions to. Default stock_transactions. */
  stockTopic?: string;
  /** Topic the enricher writes to. Default enriched-clickstream. */
  enrichedTopic?: string;
  /** Broker list written into streamConfigs (the embedded Pinot consumes its configured Kafka regardless). */
  kafkaBrokers: string[];
  /** The registry as Pinot's servers reach it, and its basic auth; unset: the topics are JSON. */
  registry?: { url: string; basicAuth?: string };
}

const JSON_DECODER = 'org.apache.pinot.plugin.stream.kafka.KafkaJSONMessageDecoder';
export const CONFLUENT_AVRO_DECODER = 'org.apache.pinot.plugin.inputformat.avro.confluent.KafkaConfluentSchemaRegistryAvroMessageDecoder';

/** streamConfigs choosing the decoder: Confluent Avro through the registry (prop keys as Pinot documents them), or JSON. */
export function decoderStreamConfigs(registry: DemoPinotTopics['registry']): Record<string, string> {
  if (!registry) return { 'stream.kafka.decoder.class.name': JSON_DECODER };
  return {
    'stream.kafka.decoder.class.name': CONFLUENT_AVRO_DECODER,
    'stream.kafka.decoder.prop.schema.registry.rest.url': registry.url,
    ...(registry.basicAuth
      ? { 'stream.kafka.decoder.prop.basic.auth.credentials.source': 'USER_INFO', 'stream.kafka.decoder.prop.basic.auth.user.info': registry.basicAuth }
      : {}),
  };
}

export const stockTransactionsSchema: PinotSchema = {
  schemaName: 'stock_transactions',
  dimensionFieldSpecs: [
    { name: 'id', dataType: 'STRING' },
    { name: 'user_id', dataType: 'INT' },
    { name: 'symbol', dataType: 'STRING' },
    { name: 'purchase', dataType: 'BOOLEAN' },
  ],
  metricFieldSpecs: [{ name: 'shares', dataType: 'INT' }],
  dateTimeFieldSpecs: [{ name: 'update_at', dataType: 'TIMESTAMP', format: '1:MILLISECONDS:TIMESTAMP', granularity: '1:MILLISECONDS' }],
};

export const clickstreamEnrichedSchema: PinotSchema = {
  schemaName: 'clickstream_enriched',
  dimensionFieldSpecs: [
    { name: 'user_id', dataType: 'INT' },
    { name: 'device_id', dataType: 'INT' },
    { name: 'url', dataType: 'STRING' },
    { name: 'user_name', dataType: 'STRING' },
    { name: 'device_type', dataType: 'STRING' },
    { name: 'url_category', dataType: 'STRING' },
  ],
  dateTimeFieldSpecs: [{ name: 'timestamp', dataType: 'TIMESTAMP', format: '1:MILLISECONDS:TIMESTAMP', granularity: '1:MILLISECONDS' }],
};

export function realtimeTableConfig(table: string, timeColumn: string, topic: string, kafkaBrokers: string[], registry?: DemoPinotTopics['registry']): Record<string, unknown> {
  return {
    tableName: table,
    tableType: 'REALTIME',
    segmentsConfig: { timeColumnName: timeColumn, timeType: 'MILLISECONDS', schemaName: table, replicasPerPartition: '1', retentionTimeUnit: 'DAYS', retentionTimeValue: '7' },
    tenants: {},
    tableIndexConfig: {
      loadMode: 'MMAP',
      streamConfigs: {
        streamType: 'kafka',
        'stream.kafka.consumer.type': 'lowlevel',
        'stream.kafka.topic.name': topic,
        ...decoderStreamConfigs(registry),
        'stream.kafka.consumer.factory.class.name': 'org.apache.pinot.plugin.stream.kafka20.KafkaConsumerFactory',
        'stream.kafka.broker.list': kafkaBrokers.join(','),
        'stream.kafka.consumer.prop.auto.offset.reset': 'smallest',
        'realtime.segment.flush.threshold.rows': '0',
        'realtime.segment.flush.threshold.time': '24h',
      },
    },
    metadata: { customConfigs: {} },
  };
}

/**
 * Creates the demo schemas and tables that do not exist yet; returns the tables it created. An existing demo table
 * whose decoder does not match the format the demo now writes (e.g. JSON tables kept in DATA_DIR from before the
 * registry) gets its decoder settings replaced, the rest of its config left as it is.
 */
export async function provisionDemoPinotTables(pinot: Pick<PinotClient, 'listTables' | 'addSchema' | 'addTable' | 'tableConfigs' | 'updateTable'>, topics: DemoPinotTopics, logger: Logger): Promise<string[]> {
  const existing = new Set(await pinot.listTables());
  const wanted = [
    { schema: stockTransactionsSchema, timeColumn: 'update_at', topic: topics.stockTopic ?? 'stock_transactions' },
    { schema: clickstreamEnrichedSchema, timeColumn: 'timestamp', topic: topics.enrichedTopic ?? 'enriched-clickstream' },
  ];
  const created: string[] = [];
  for (const { schema, timeColumn, topic } of wanted) {
    if (existing.has(schema.schemaName)) {
      await alignDecoder(pinot, schema.schemaName, topics.registry, logger);
      continue;
    }
    await pinot.addSchema(schema);
    try {
      await pinot.addTable(realtimeTableConfig(schema.schemaName, timeColumn, topic, topics.kafkaBrokers, topics.registry));
      created.push(schema.schemaName);
    } catch (error) {
      if (!(isAppError(error) && error.code === 'ALREADY_EXISTS')) throw error; // another replica won the race
    }
  }
  if (created.length > 0) logger.info({ tables: created }, 'demo Pinot tables provisioned');
  return created;
}

async function alignDecoder(pinot: Pick<PinotClient, 'tableConfigs' | 'updateTable'>, table: string, registry: DemoPinotTopics['registry'], logger: Logger): Promise<void> {
  const config = (await pinot.tableConfigs(table)).REALTIME as (Record<string, unknown> & { tableIndexConfig?: { streamConfigs?: Record<string, string> } }) | undefined;
  const stream = config?.tableIndexConfig?.streamConfigs;
  const decoder = decoderStreamConfigs(registry);
  if (!config || !stream || Object.entries(decoder).every(([key, value]) => stream[key] === value)) return;
  const kept = Object.fromEntries(Object.entries(stream).filter(([key]) => !key.startsWith('stream.kafka.decoder.')));
  await pinot.updateTable(table, { ...config, tableIndexConfig: { ...config.tableIndexConfig, streamConfigs: { ...kept, ...decoder } } });
  logger.info({ table, decoder: decoder['stream.kafka.decoder.class.name'] }, 'demo Pinot table switched to the decoder of the format the demo writes');
}
