import { randomUUID } from 'node:crypto';
import { DEMO_DEVICE_COUNT, DEMO_URLS } from '../demo/demo-data';

export const STOCK_SYMBOLS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'META', 'TSLA', 'NFLX', 'ORCL', 'INTC', 'AMD', 'IBM'] as const;

/**
 * A record to produce: `value` is written in the topic's format (Avro or JSON); `raw` is bytes written as they are —
 * the bad events that no schema can carry.
 */
export type GeneratedRecord = { key: string; value: Record<string, unknown>; raw?: undefined } | { key: string; raw: string; value?: undefined };

/** A clickstream event that joins: user in 1..users, device and url from the demo dimensions. */
export function clickEvent(random: () => number, users: number, now: number): GeneratedRecord {
  const userId = 1 + Math.floor(random() * users);
  const deviceId = 1 + Math.floor(random() * DEMO_DEVICE_COUNT);
  const { url } = DEMO_URLS[Math.floor(random() * DEMO_URLS.length)]!;
  return { key: String(userId), value: { timestamp: now, user_id: userId, url, device_id: deviceId } };
}

/**
 * A deliberately bad clickstream event, one of five kinds, for the enricher's dead-letter path: truncated JSON and a
 * JSON event with a text user_id (raw: not Avro, whatever the topic's format), and three well-formed events that do
 * not join (unknown user, device or url), written in the topic's format.
 */
export function invalidClickEvent(random: () => number, now: number): GeneratedRecord {
  switch (Math.floor(random() * 5)) {
    case 0:
      return { key: 'broken', raw: `{"timestamp": ${now}, "user_id": ` };
    case 1:
      return { key: 'invalid', raw: JSON.stringify({ timestamp: now, user_id: 'seven', url: DEMO_URLS[0]!.url, device_id: 1 }) };
    case 2:
      return { key: '999999999', value: { timestamp: now, user_id: 999_999_999, url: DEMO_URLS[1]!.url, device_id: 1 } };
    case 3:
      return { key: '1', value: { timestamp: now, user_id: 1, url: DEMO_URLS[2]!.url, device_id: 99_999 } };
    default:
      return { key: '2', value: { timestamp: now, user_id: 2, url: 'https://example.com/nowhere', device_id: 2 } };
  }
}

/** A stock transaction for the Pinot realtime table. */
export function stockTransaction(random: () => number, users: number, now: number): GeneratedRecord {
  const symbol = STOCK_SYMBOLS[Math.floor(random() * STOCK_SYMBOLS.length)]!;
  return {
    key: symbol,
    value: {
      id: randomUUID(),
      user_id: 1 + Math.floor(random() * users),
      symbol,
      shares: 1 + Math.floor(random() * 500),
      purchase: random() < 0.6,
      update_at: now,
    },
  };
}
