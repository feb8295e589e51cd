import { createCatalogRepository } from '../../../src/adapters/postgres/catalog-repository';
import { createClickstreamRepository } from '../../../src/adapters/postgres/clickstream-repository';
import { createDimensionsRepository, type EnrichedEventRow } from '../../../src/adapters/postgres/dimensions-repository';
import { migrate } from '../../../src/adapters/postgres/migrator';
import { createPool, type Pool } from '../../../src/adapters/postgres/pool';
import { createSinkRowsRepository } from '../../../src/adapters/postgres/sink-rows-repository';
import { createLogger } from '../../../src/logging/logger';
import { createSinksService, type SinksServiceOptions } from '../../../src/services/sinks';
import { createTestDatabase } from '../../helpers/test-database';

export interface SinkDatabase {
  pool: Pool;
  /** Every SQL text the pool ran, in order (for counting round trips). */
  statements: string[];
  insertEvents(events: EnrichedEventRow[]): Promise<void>;
  service(overrides?: Partial<SinksServiceOptions>): ReturnType<typeof createSinksService>;
  close(): Promise<void>;
}

/** A migrated throwaway database (embedded PGlite, or a fresh database on DATABASE_URL's server) with the sinks wiring. */
export async function openSinkDatabase(): Promise<SinkDatabase> {
  const database = await createTestDatabase();
  const pool = createPool({ url: database.url, max: 4 }, createLogger({ level: 'silent' }));
  const statements: string[] = [];
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
    statements.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text));
    return query(...args);
  };
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    await database.drop();
    throw error;
  }
  const dimensions = createDimensionsRepository(pool);
  return {
    pool,
    statements,
    insertEvents: (events) => dimensions.insertEnrichedEvents(events),
    service: (overrides = {}) =>
      createSinksService({
        clickstream: createClickstreamRepository(pool),
        catalog: createCatalogRepository(pool),
        rows: createSinkRowsRepository(pool),
        dimensions,
        catalogCacheMs: 0,
        ...overrides,
      }),
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}

/** An enriched event with defaults; `at` is an ISO string (microseconds allowed) or epoch ms. */
export function event(at: string | number, userId: number, overrides: Partial<EnrichedEventRow> = {}): EnrichedEventRow {
  return {
    // pg binds a string as-is, so ISO text keeps microseconds a Date would drop.
    timestamp: typeof at === 'number' ? new Date(at) : (at as unknown as Date),
    userId,
    deviceId: 1,
    url: 'https://example.com/news/page-1',
    userName: `user-${userId}`,
    deviceType: 'mobile',
    urlCategory: 'news',
    ...overrides,
  };
}
