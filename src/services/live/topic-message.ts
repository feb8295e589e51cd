import type { FeedEvent } from './feed-event';

export type MessageFormat = 'JSON' | 'STRING' | 'BASE64';

export interface TopicMessageWhere {
  /** Exact key (UTF-8). */
  key?: string | null;
  /** A header that must be present with exactly this value (UTF-8). */
  header?: { key: string; value?: string | null } | null;
}

export interface RenderedMessage {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  /** The value rendered in the requested format (JSON and STRING: UTF-8 text; BASE64: the raw bytes). */
  value: string | null;
  /** With JSON: the parsed value, or null when the value is not JSON. */
  valueJson: unknown;
  headers: Array<{ key: string; value: string }>;
}

export function renderMessage(event: FeedEvent, format: MessageFormat): RenderedMessage {
  const encode = (buffer: Buffer | null) => (buffer === null ? null : format === 'BASE64' ? buffer.toString('base64') : buffer.toString('utf8'));
  return {
    topic: event.topic,
    partition: event.partition,
    offset: event.offset,
    timestamp: event.timestamp,
    key: encode(event.key),
    value: encode(event.value),
    valueJson: format === 'JSON' ? (event.json() ?? null) : null,
    headers: Object.entries(event.headers).map(([key, value]) => ({ key, value: format === 'BASE64' ? value.toString('base64') : value.toString('utf8') })),
  };
}

export function messageFilter(where: TopicMessageWhere | null | undefined): (event: FeedEvent) => boolean {
  const key = where?.key ?? undefined;
  const header = where?.header ?? undefined;
  const keyBytes = key === undefined ? undefined : Buffer.from(key, 'utf8');
  const headerValue = header?.value === undefined || header?.value === null ? undefined : Buffer.from(header.value, 'utf8');
  return (event) => {
    if (keyBytes && (!event.key || !event.key.equals(keyBytes))) return false;
    if (header) {
      const value = event.headers[header.key];
      if (!value) return false;
      if (headerValue && !value.equals(headerValue)) return false;
    }
    return true;
  };
}
