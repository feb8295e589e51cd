/**
 * The demo topics' value schemas, in ONE place (the data contract shared by the generator, the enricher, the demo
 * connectors and the demo Pinot tables). Registered by TopicNameStrategy as `<topic>-value`. Timestamps carry the
 * timestamp-millis logical type, so Connect's AvroConverter sees the Timestamp logical type and the JDBC sink writes
 * timestamptz without a TimestampConverter; optional fields are ["null", T] unions with default null.
 */
const NAMESPACE = 'io.pipegraph.demo';
const timestampMillis = { type: 'long', logicalType: 'timestamp-millis' } as const;
const optionalString = { type: ['null', 'string'], default: null } as const;

/** A raw `clickstream` event (generator, datagen). */
export const CLICK_SCHEMA = {
  type: 'record',
  name: 'Click',
  namespace: NAMESPACE,
  fields: [
    { name: 'timestamp', type: timestampMillis },
    { name: 'user_id', type: 'int' },
    { name: 'url', type: 'string' },
    { name: 'device_id', type: 'int' },
  ],
} as const;

/** An `enriched-clickstream` event (the enricher's output; the JDBC and S3 sinks and Pinot read it). */
export const ENRICHED_CLICK_SCHEMA = {
  type: 'record',
  name: 'EnrichedClick',
  namespace: NAMESPACE,
  fields: [
    { name: 'timestamp', type: timestampMillis },
    { name: 'user_id', type: 'int' },
    { name: 'device_id', type: 'int' },
    { name: 'url', type: 'string' },
    { name: 'user_name', ...optionalString },
    { name: 'device_type', ...optionalString },
    { name: 'url_category', ...optionalString },
  ],
} as const;

/** A `stock_transactions` event (generator → Pinot). */
export const STOCK_TRANSACTION_SCHEMA = {
  type: 'record',
  name: 'StockTransaction',
  namespace: NAMESPACE,
  fields: [
    { name: 'id', type: 'string' },
    { name: 'user_id', type: 'int' },
    { name: 'symbol', type: 'string' },
    { name: 'shares', type: 'int' },
    { name: 'purchase', type: 'boolean' },
    { name: 'update_at', type: timestampMillis },
  ],
} as const;

/** TopicNameStrategy: the subject of a topic's values. */
export const valueSubject = (topic: string): string => `${topic}-value`;

/** The demo topics' value schemas by topic name (topic names as configured: the enricher's can be renamed). */
export function demoValueSchemas(topics: { clickTopic: string; enrichedTopic: string; stockTopic: string }): Record<string, object> {
  return { [topics.clickTopic]: CLICK_SCHEMA, [topics.enrichedTopic]: ENRICHED_CLICK_SCHEMA, [topics.stockTopic]: STOCK_TRANSACTION_SCHEMA };
}
