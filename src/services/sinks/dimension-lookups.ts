import type { DeviceRow, DimensionsRepository, UrlRow, UserRow } from '../../adapters/postgres/dimensions-repository';

export type DimensionLookups = Pick<DimensionsRepository, 'findUsers' | 'findDevices' | 'findUrls'>;

/**
 * Batch lookups in the shape DataLoader wants: one query for the whole key list, results in key order, null for keys
 * without a row (an event may reference a user the dimension table does not know yet).
 */
export function createDimensionQueries(repository: DimensionLookups) {
  return {
    async usersByIds(ids: readonly number[]): Promise<Array<UserRow | null>> {
      return inKeyOrder(ids, await repository.findUsers(unique(ids)), (row) => row.userId);
    },
    async devicesByIds(ids: readonly number[]): Promise<Array<DeviceRow | null>> {
      return inKeyOrder(ids, await repository.findDevices(unique(ids)), (row) => row.deviceId);
    },
    async urlsByUrl(urls: readonly string[]): Promise<Array<UrlRow | null>> {
      return inKeyOrder(urls, await repository.findUrls(unique(urls)), (row) => row.url);
    },
  };
}

function unique<K>(keys: readonly K[]): K[] {
  return [...new Set(keys)];
}

function inKeyOrder<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): Array<R | null> {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}
