import type { Pool } from './pool';
import { withPostgresErrors } from './map-error';

export interface UserRow { userId: number; userName: string; email: string; country: string; signupAt: Date }
export interface DeviceRow { deviceId: number; deviceType: string; os: string }
export interface UrlRow { url: string; urlCategory: string }
export interface EnrichedEventRow {
  timestamp: Date;
  userId: number;
  deviceId: number;
  url: string;
  userName: string | null;
  deviceType: string | null;
  urlCategory: string | null;
}

/** Dimension lookups (batched: one query per list of keys) and the bulk writes the demo seeder needs. */
export function createDimensionsRepository(pool: Pool, schema = 'public') {
  const t = (table: string) => `"${schema}"."${table}"`;
  return {
    async findUsers(ids: readonly number[]): Promise<UserRow[]> {
      return withPostgresErrors(async () => {
        const { rows } = await pool.query(
          `SELECT user_id AS "userId", user_name AS "userName", email, country, signup_at AS "signupAt" FROM ${t('users')} WHERE user_id = ANY($1::int[])`,
          [ids],
        );
        return rows;
      });
    },
    async findDevices(ids: readonly number[]): Promise<DeviceRow[]> {
      return withPostgresErrors(async () => {
        const { rows } = await pool.query(
          `SELECT device_id AS "deviceId", device_type AS "deviceType", os FROM ${t('devices')} WHERE device_id = ANY($1::int[])`,
          [ids],
        );
        return rows;
      });
    },
    async findUrls(urls: readonly string[]): Promise<UrlRow[]> {
      return withPostgresErrors(async () => {
        const { rows } = await pool.query(`SELECT url, url_category AS "urlCategory" FROM ${t('urls')} WHERE url = ANY($1::text[])`, [urls]);
        return rows;
      });
    },
    async upsertUsers(users: readonly UserRow[]): Promise<void> {
      await withPostgresErrors(() =>
        pool.query(
          `INSERT INTO ${t('users')} (user_id, user_name, email, country, signup_at)
           SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
           ON CONFLICT (user_id) DO NOTHING`,
          [users.map((u) => u.userId), users.map((u) => u.userName), users.map((u) => u.email), users.map((u) => u.country), users.map((u) => u.signupAt)],
        ),
      );
    },
    async upsertDevices(devices: readonly DeviceRow[]): Promise<void> {
      await withPostgresErrors(() =>
        pool.query(
          `INSERT INTO ${t('devices')} (device_id, device_type, os) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])
           ON CONFLICT (device_id) DO NOTHING`,
          [devices.map((d) => d.deviceId), devices.map((d) => d.deviceType), devices.map((d) => d.os)],
        ),
      );
    },
    async upsertUrls(urls: readonly UrlRow[]): Promise<void> {
      await withPostgresErrors(() =>
        pool.query(
          `INSERT INTO ${t('urls')} (url, url_category) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (url) DO NOTHING`,
          [urls.map((u) => u.url), urls.map((u) => u.urlCategory)],
        ),
      );
    },
    async insertEnrichedEvents(events: readonly EnrichedEventRow[]): Promise<void> {
      await withPostgresErrors(() =>
        pool.query(
          `INSERT INTO ${t('clickstream_events')} ("timestamp", user_id, device_id, url, user_name, device_type, url_category)
           SELECT * FROM unnest($1::timestamptz[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])
           ON CONFLICT (user_id, "timestamp") DO NOTHING`,
          [
            events.map((e) => e.timestamp),
            events.map((e) => e.userId),
            events.map((e) => e.deviceId),
            events.map((e) => e.url),
            events.map((e) => e.userName),
            events.map((e) => e.deviceType),
            events.map((e) => e.urlCategory),
          ],
        ),
      );
    },
    async countEvents(): Promise<number> {
      return withPostgresErrors(async () => (await pool.query(`SELECT count(*)::int AS n FROM ${t('clickstream_events')}`)).rows[0].n);
    },
  };
}

export type DimensionsRepository = ReturnType<typeof createDimensionsRepository>;
