import type { DimensionsRepository } from '../../adapters/postgres/dimensions-repository';
import { DEMO_DEVICE_COUNT, DEMO_URLS, DEMO_USER_COUNT, demoClickEvents, demoDevice, demoUser } from './demo-data';

const BATCH = 2_000;
/** Sample events written on first start, so every query has something to return before the live pipeline catches up. */
export const DEMO_SAMPLE_EVENTS = 5_000;

/**
 * Seeds the dimension tables (idempotent) and, when clickstream_events is empty, a deterministic sample of enriched
 * events over the last 24 hours. Returns what it wrote.
 */
export async function seedDemoData(repo: DimensionsRepository, now = Date.now()): Promise<{ users: number; sampleEvents: number }> {
  for (let start = 1; start <= DEMO_USER_COUNT; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, DEMO_USER_COUNT - start + 1) }, (_, i) => start + i);
    await repo.upsertUsers(ids.map(demoUser));
  }
  await repo.upsertDevices(Array.from({ length: DEMO_DEVICE_COUNT }, (_, i) => demoDevice(i + 1)));
  await repo.upsertUrls(DEMO_URLS);

  if ((await repo.countEvents()) > 0) return { users: DEMO_USER_COUNT, sampleEvents: 0 };
  const categories = new Map(DEMO_URLS.map((u) => [u.url, u.urlCategory]));
  const events = demoClickEvents(DEMO_SAMPLE_EVENTS, now, 24 * 3_600_000).map((e) => ({
    timestamp: new Date(e.timestamp),
    userId: e.userId,
    deviceId: e.deviceId,
    url: e.url,
    userName: demoUser(e.userId).userName,
    deviceType: demoDevice(e.deviceId).deviceType,
    urlCategory: categories.get(e.url) ?? null,
  }));
  for (let i = 0; i < events.length; i += BATCH) await repo.insertEnrichedEvents(events.slice(i, i + BATCH));
  return { users: DEMO_USER_COUNT, sampleEvents: events.length };
}
