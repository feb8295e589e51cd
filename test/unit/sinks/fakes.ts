import type { CatalogRepository, CatalogTable } from '../../../src/adapters/postgres/catalog-repository';
import type { ClickstreamEventRecord, ClickstreamRepository } from '../../../src/adapters/postgres/clickstream-repository';
import type { SinkRowsRepository } from '../../../src/adapters/postgres/sink-rows-repository';
import { createSinksService } from '../../../src/services/sinks';
import type { DimensionLookups } from '../../../src/services/sinks/dimension-lookups';

/** Fakes of the sinks repositories that record every call and answer from fixed data. */
export function fakeRepositories(options: { events?: ClickstreamEventRecord[]; tables?: CatalogTable[] } = {}) {
  const calls: Array<{ method: string; args: any }> = [];
  const clickstream: ClickstreamRepository = {
    async findPage(query) {
      calls.push({ method: 'findPage', args: query });
      return (options.events ?? []).slice(0, query.limit);
    },
    async count(filter) {
      calls.push({ method: 'count', args: filter });
      return options.events?.length ?? 0;
    },
    async aggregate(query) {
      calls.push({ method: 'aggregate', args: query });
      return Array.from({ length: Math.min(query.limit, 5) }, (_, i) => ({ urlCategory: `c${i}`, eventCount: 10 - i, distinctUsers: 1 }));
    },
  };
  const catalog: CatalogRepository = {
    async listTables(schema) {
      calls.push({ method: 'listTables', args: schema });
      return structuredClone(options.tables ?? []);
    },
  };
  const rows: SinkRowsRepository = {
    async findPage(query) {
      calls.push({ method: 'rows.findPage', args: query });
      return Array.from({ length: Math.min(query.limit, 3) }, (_, i) => ({ row: { id: i }, key: query.order.map(() => String(i)) }));
    },
    async count(query) {
      calls.push({ method: 'rows.count', args: query });
      return 3;
    },
  };
  const dimensions: DimensionLookups = {
    async findUsers(ids) {
      calls.push({ method: 'findUsers', args: ids });
      return ids.filter((id) => id < 100).map((userId) => ({ userId, userName: `u${userId}`, email: '', country: 'DE', signupAt: new Date(0) }));
    },
    async findDevices(ids) {
      calls.push({ method: 'findDevices', args: ids });
      return ids.map((deviceId) => ({ deviceId, deviceType: 'tv', os: 'webos' }));
    },
    async findUrls(urls) {
      calls.push({ method: 'findUrls', args: urls });
      return urls.map((url) => ({ url, urlCategory: 'news' }));
    },
  };
  return { calls, clickstream, catalog, rows, dimensions };
}

export function fakeService(options: Parameters<typeof fakeRepositories>[0] = {}, overrides: Partial<Parameters<typeof createSinksService>[0]> = {}) {
  const fakes = fakeRepositories(options);
  const service = createSinksService({ ...fakes, ...overrides });
  return { ...fakes, service };
}

export function eventRecord(i: number): ClickstreamEventRecord {
  const timestamp = new Date(Date.UTC(2025, 0, 1) - i * 1000);
  return {
    timestamp,
    userId: i,
    deviceId: 1,
    url: 'https://example.com/',
    userName: null,
    deviceType: 'tv',
    urlCategory: 'news',
    keyTimestamp: '2025-01-01 00:00:00.123456+00',
  };
}

export const readingsTable: CatalogTable = {
  schema: 'public',
  name: 'readings',
  primaryKey: ['site', 'id'],
  columns: [
    { name: 'site', dataType: 'text', typeName: 'text', typeCategory: 'S', nullable: false, primaryKeyPosition: 1 },
    { name: 'id', dataType: 'bigint', typeName: 'int8', typeCategory: 'N', nullable: false, primaryKeyPosition: 2 },
    { name: 'small', dataType: 'smallint', typeName: 'int2', typeCategory: 'N', nullable: true, primaryKeyPosition: null },
    { name: 'value', dataType: 'numeric(10,2)', typeName: 'numeric', typeCategory: 'N', nullable: true, primaryKeyPosition: null },
    { name: 'ok', dataType: 'boolean', typeName: 'bool', typeCategory: 'B', nullable: true, primaryKeyPosition: null },
    { name: 'at', dataType: 'timestamp with time zone', typeName: 'timestamptz', typeCategory: 'D', nullable: true, primaryKeyPosition: null },
    { name: 'day', dataType: 'date', typeName: 'date', typeCategory: 'D', nullable: true, primaryKeyPosition: null },
    { name: 'uid', dataType: 'uuid', typeName: 'uuid', typeCategory: 'U', nullable: true, primaryKeyPosition: null },
    { name: 'doc', dataType: 'jsonb', typeName: 'jsonb', typeCategory: 'U', nullable: true, primaryKeyPosition: null },
    { name: 'raw', dataType: 'json', typeName: 'json', typeCategory: 'U', nullable: true, primaryKeyPosition: null },
    { name: 'tags', dataType: 'text[]', typeName: '_text', typeCategory: 'A', nullable: true, primaryKeyPosition: null },
    { name: 'addr', dataType: 'inet', typeName: 'inet', typeCategory: 'I', nullable: true, primaryKeyPosition: null },
  ],
};
