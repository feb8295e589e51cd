/** Shared bits of the fan-out benchmark: the topic, the event shape, the per-kind subscription query, IPC messages. */
export const TOPIC = 'enriched-clickstream';
export const PARTITIONS = 3;

export type ServerKind = 'ceiling' | 'naive' | 'pipegraph';

/** The enriched event the producer writes; `url` carries the send time in µs so clients measure latency without parsing JSON. */
export function benchEvent(seq: number, sentUs: number): string {
  const userId = 1 + (seq % 10_000);
  return JSON.stringify({
    timestamp: Math.floor(sentUs / 1000),
    user_id: userId,
    device_id: 1 + (seq % 200),
    url: `https://example.com/news/page-${seq % 25}?t=${sentUs}`,
    user_name: `ada_lovelace_${userId}`,
    device_type: 'mobile',
    url_category: 'news',
  });
}

export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** What each kind's clients subscribe to: the same event fields; pipegraph adds its resume cursor. */
export const QUERIES: Record<ServerKind, string> = {
  ceiling: 'subscription { enrichedClickstream { timestamp userId deviceId url userName deviceType urlCategory } }',
  naive: 'subscription { enrichedClickstream { timestamp userId deviceId url userName deviceType urlCategory } }',
  pipegraph: 'subscription { enrichedClickstream { timestamp userId deviceId url userName deviceType urlCategory cursor } }',
};

export type ServerMessage = { type: 'ready'; port: number } | { type: 'cpu'; userUs: number; systemUs: number };
export type ClientMessage =
  | { type: 'subscribed'; count: number }
  | { type: 'report'; delivered: number; errors: number; latenciesUs: number[] };
