import type { FeedEvent } from './feed-event';
import type { PayloadFormat } from './payload-port';

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
  /** With JSON: the parsed value, or the decoded value of a schema'd record; null when neither. */
  valueJson: unknown;
  /** The value's format as detected (Confluent wire format → AVRO, PROTOBUF, JSON_SCHEMA); null without a decoder. */
  valueFormat: PayloadFormat | null;
  /** The schema id of a wire-format value. */
  schemaId: number | null;
  /** Why a wire-format value could not be decoded; the value is then the raw bytes in base64. */
  decodeError: string | null;
  headers: Array<{ key: string; value: string }>;
}

export function renderMessage(event: FeedEvent, format: MessageFormat): RenderedMessage {
  const encode = (buffer: Buffer | null) => (buffer === null ? null : format === 'BASE64' ? buffer.toString('base64') : buffer.toString('utf8'));
  const payload = event.payload();
  // A wire-format value is binary: its text form would be garbage, so it is shown raw (base64) beside its decoding.
  const schemaed = payload !== undefined && payload.schemaId !== null;
  return {
    topic: event.topic,
    partition: event.partition,
    offset: event.offset,
    timestamp: event.timestamp,
    key: encode(event.key),
    value: schemaed ? event.value!.toString('base64') : encode(event.value),
    valueJson: format !== 'JSON' ? null : schemaed ? payload.value : (event.json() ?? null),
    valueFormat: payload?.format ?? null,
    schemaId: payload?.schemaId ?? null,
    decodeError: payload?.error ?? null,
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
