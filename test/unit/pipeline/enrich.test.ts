import { joinDimensions, parseClickEvent } from '../../../src/pipeline/enricher/enrich';
import { TtlCache } from '../../../src/pipeline/enricher/ttl-cache';

const buf = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const valid = { timestamp: 1_700_000_000_000, user_id: 7, url: 'https://example.com/news/page-1', device_id: 3 };

describe('parsing clickstream events', () => {
  it('accepts the documented shape', () => {
    expect(parseClickEvent(buf(valid))).toEqual({ ok: true, event: { timestamp: valid.timestamp, userId: 7, deviceId: 3, url: valid.url } });
  });

  it.each([
    ['{"timestamp": 1,', 'malformed-json'],
    [{ ...valid, user_id: 'seven' }, 'invalid-event'],
    [{ ...valid, timestamp: -5 }, 'invalid-event'],
    [{ ...valid, url: '' }, 'invalid-event'],
    [[1, 2], 'invalid-event'],
  ])('dead-letters %j as %s', (value, reason) => {
    expect(parseClickEvent(buf(value))).toMatchObject({ ok: false, reason });
  });

  it('reads a schema-registry record through its decoding', () => {
    const wire = Buffer.from([0, 0, 0, 0, 5, 1, 2]);
    expect(parseClickEvent(wire, { format: 'AVRO', schemaId: 5, value: valid, error: null })).toEqual({ ok: true, event: { timestamp: valid.timestamp, userId: 7, deviceId: 3, url: valid.url } });
  });

  it('dead-letters an undecodable schema-registry record with the reason', () => {
    const wire = Buffer.from([0, 0, 0, 0, 9, 1]);
    expect(parseClickEvent(wire, { format: 'BYTES', schemaId: 9, value: null, error: 'unknown schema id 9' })).toEqual({ ok: false, reason: 'invalid-event', message: 'not decodable: unknown schema id 9' });
  });
});

describe('joining dimensions', () => {
  const dims = {
    users: new Map([[7, { userId: 7, userName: 'ada', email: '', country: 'DE', signupAt: new Date(0) }], [8, null]]),
    devices: new Map([[3, { deviceId: 3, deviceType: 'tv', os: 'webos' }]]),
    urls: new Map([[valid.url, { url: valid.url, urlCategory: 'news' }]]),
  };

  it('produces the enriched record keyed by user_id', () => {
    const joined = joinDimensions({ timestamp: 1, userId: 7, deviceId: 3, url: valid.url }, dims);
    expect(joined).toEqual({
      ok: true,
      key: '7',
      value: { timestamp: 1, user_id: 7, device_id: 3, url: valid.url, user_name: 'ada', device_type: 'tv', url_category: 'news' },
    });
  });

  it.each([
    [{ userId: 8, deviceId: 3, url: valid.url }, 'unknown-user'],
    [{ userId: 7, deviceId: 4, url: valid.url }, 'unknown-device'],
    [{ userId: 7, deviceId: 3, url: 'https://elsewhere' }, 'unknown-url'],
  ])('dead-letters %j as %s', (event, reason) => {
    expect(joinDimensions({ timestamp: 1, ...event }, dims)).toMatchObject({ ok: false, reason });
  });
});

describe('TTL cache', () => {
  it('loads all misses of a batch in one call and caches unknown keys too', async () => {
    let now = 0;
    const cache = new TtlCache<number, string>({ ttlMs: 100, maxEntries: 10, now: () => now });
    const load = jest.fn(async (keys: number[]) => new Map(keys.filter((k) => k !== 3).map((k) => [k, `v${k}`])));
    expect([...(await cache.getMany([1, 2, 3, 2], load))]).toEqual([[1, 'v1'], [2, 'v2'], [3, null]]);
    expect(load).toHaveBeenCalledTimes(1);
    await cache.getMany([1, 3], load);
    expect(load).toHaveBeenCalledTimes(1);
    now = 101;
    await cache.getMany([1], load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('evicts the oldest entries beyond its bound', async () => {
    const cache = new TtlCache<number, number>({ ttlMs: 1_000, maxEntries: 2 });
    await cache.getMany([1, 2, 3], async (keys) => new Map(keys.map((k) => [k, k])));
    expect(cache.size).toBe(2);
  });
});
