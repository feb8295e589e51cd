/** Shared bits of the fan-out benchmark: the topics, the event shape, the per-kind subscription query, IPC messages. */
export const TOPIC = 'enriched-clickstream';
/** The same events in Confluent's Avro wire format (schema in the registry under `<topic>-value`). */
export const AVRO_TOPIC = 'enriched-clickstream-avro';
export const PARTITIONS = 3;

/** `pipegraph-avro` is pipegraph serving the same subscription from AVRO_TOPIC. */
export type ServerKind = 'ceiling' | 'naive' | 'pipegraph' | 'pipegraph-avro';

/** The enriched event the producer writes; `url` carries the send time in µs so clients measure latency without parsing JSON. */
export function benchEvent(seq: number, sentUs: number): Record<string, unknown> {
  const userId = 1 + (seq % 10_000);
  return {
    timestamp: Math.floor(sentUs / 1000),
    user_id: userId,
    device_id: 1 + (seq % 200),
    url: `https://example.com/news/page-${seq % 25}?t=${sentUs}`,
    user_name: `ada_lovelace_${userId}`,
    device_type: 'mobile',
    url_category: 'news',
  };
}

export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

const EVENT_FIELDS = 'timestamp userId deviceId url userName deviceType urlCategory';
/** What each kind's clients subscribe to: the same event fields; pipegraph adds its resume cursor. */
export const QUERIES: Record<ServerKind, string> = {
  ceiling: `subscription { enrichedClickstream { ${EVENT_FIELDS} } }`,
  naive: `subscription { enrichedClickstream { ${EVENT_FIELDS} } }`,
  pipegraph: `subscription { enrichedClickstream { ${EVENT_FIELDS} cursor } }`,
  'pipegraph-avro': `subscription { enrichedClickstream { ${EVENT_FIELDS} cursor } }`,
};

export type ServerMessage = { type: 'ready'; port: number } | { type: 'cpu'; userUs: number; systemUs: number };
export type ClientMessage =
  | { type: 'subscribed'; count: number }
  | { type: 'report'; delivered: number; errors: number; latenciesUs: number[] };
