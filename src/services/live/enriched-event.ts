import type { FeedEvent } from './feed-event';

/** An `enriched-clickstream` record as the enricher writes it. */
export interface EnrichedClickEvent {
  timestamp: number;
  userId: number;
  deviceId: number;
  url: string;
  userName: string | null;
  deviceType: string | null;
  urlCategory: string | null;
}

export interface EnrichedClickWhere {
  userId?: number | null;
  deviceType?: string | null;
  urlCategory?: string | null;
  urlPrefix?: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Decodes (once per record, memoized on the event) or returns null for records that are not enriched events. */
export function decodeEnriched(event: FeedEvent): EnrichedClickEvent | null {
  // A schema'd record (Avro, Protobuf, JSON Schema) is read through its decoding, a plain one as JSON.
  const payload = event.payload();
  const raw = (payload && payload.schemaId !== null ? (payload.value ?? undefined) : event.json()) as Record<string, unknown> | undefined;
  if (!raw || typeof raw !== 'object') return null;
  const { timestamp, user_id, device_id, url } = raw;
  if (typeof timestamp !== 'number' || !Number.isInteger(user_id) || !Number.isInteger(device_id) || typeof url !== 'string') return null;
  return {
    timestamp,
    userId: user_id as number,
    deviceId: device_id as number,
    url,
    userName: str(raw.user_name),
    deviceType: str(raw.device_type),
    urlCategory: str(raw.url_category),
  };
}

/** The `where` of enrichedClickstream as a predicate: fields AND-ed, absent fields ignored; non-events never match. */
export function enrichedFilter(where: EnrichedClickWhere | null | undefined): (event: FeedEvent) => boolean {
  const userId = where?.userId ?? undefined;
  const deviceType = where?.deviceType ?? undefined;
  const urlCategory = where?.urlCategory ?? undefined;
  const urlPrefix = where?.urlPrefix ?? undefined;
  return (event) => {
    const e = event.view(decodeEnriched);
    if (!e) return false;
    if (userId !== undefined && e.userId !== userId) return false;
    if (deviceType !== undefined && e.deviceType !== deviceType) return false;
    if (urlCategory !== undefined && e.urlCategory !== urlCategory) return false;
    if (urlPrefix !== undefined && !e.url.startsWith(urlPrefix)) return false;
    return true;
  };
}
