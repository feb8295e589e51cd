import type { DeviceRow, UrlRow, UserRow } from '../../adapters/postgres/dimensions-repository';
import type { DecodedPayload } from '../../services/live/payload-port';

/** A raw `clickstream` event after validation. */
export interface ClickEvent {
  timestamp: number;
  userId: number;
  deviceId: number;
  url: string;
}

/** Why an event went to the dead-letter topic (header `x-error-reason`). */
export type DeadLetterReason = 'malformed-json' | 'invalid-event' | 'unknown-user' | 'unknown-device' | 'unknown-url';

export type Parsed = { ok: true; event: ClickEvent } | { ok: false; reason: DeadLetterReason; message: string };

const MAX_URL_LENGTH = 2_048;

/**
 * Parses and validates one clickstream value: {"timestamp": epoch ms, "user_id": int, "url": string, "device_id": int},
 * as JSON, or as a Confluent wire-format record (Avro, Protobuf, JSON Schema) already decoded through the registry.
 */
export function parseClickEvent(value: Buffer | null, decoded?: DecodedPayload): Parsed {
  if (value === null) return { ok: false, reason: 'invalid-event', message: 'value is null (tombstone)' };
  let raw: unknown;
  if (decoded && decoded.schemaId !== null) {
    if (decoded.error !== null) return { ok: false, reason: 'invalid-event', message: `not decodable: ${decoded.error}` };
    raw = decoded.value;
  } else {
    try {
      raw = JSON.parse(value.toString('utf8'));
    } catch (error) {
      return { ok: false, reason: 'malformed-json', message: `not JSON: ${(error as Error).message}` };
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'invalid-event', message: 'value is not a JSON object' };
  const { timestamp, user_id, device_id, url } = raw as Record<string, unknown>;
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp <= 0) {
    return { ok: false, reason: 'invalid-event', message: 'timestamp must be a positive integer (epoch ms)' };
  }
  if (typeof user_id !== 'number' || !Number.isSafeInteger(user_id) || user_id <= 0) {
    return { ok: false, reason: 'invalid-event', message: 'user_id must be a positive integer' };
  }
  if (typeof device_id !== 'number' || !Number.isSafeInteger(device_id) || device_id <= 0) {
    return { ok: false, reason: 'invalid-event', message: 'device_id must be a positive integer' };
  }
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) {
    return { ok: false, reason: 'invalid-event', message: `url must be a non-empty string of at most ${MAX_URL_LENGTH} characters` };
  }
  return { ok: true, event: { timestamp, userId: user_id, deviceId: device_id, url } };
}

export interface Dimensions {
  users: Map<number, UserRow | null>;
  devices: Map<number, DeviceRow | null>;
  urls: Map<string, UrlRow | null>;
}

export type Joined = { ok: true; value: Record<string, unknown>; key: string } | { ok: false; reason: DeadLetterReason; message: string };

/** Joins one valid event with its dimensions into the `enriched-clickstream` record (keyed by user_id; see avro-schemas.ts). */
export function joinDimensions(event: ClickEvent, dims: Dimensions): Joined {
  const user = dims.users.get(event.userId);
  if (!user) return { ok: false, reason: 'unknown-user', message: `no user ${event.userId}` };
  const device = dims.devices.get(event.deviceId);
  if (!device) return { ok: false, reason: 'unknown-device', message: `no device ${event.deviceId}` };
  const url = dims.urls.get(event.url);
  if (!url) return { ok: false, reason: 'unknown-url', message: `no url ${event.url}` };
  return {
    ok: true,
    key: String(event.userId),
    value: {
      timestamp: event.timestamp,
      user_id: event.userId,
      device_id: event.deviceId,
      url: event.url,
      user_name: user.userName,
      device_type: device.deviceType,
      url_category: url.urlCategory,
    },
  };
}
