import type { CatalogTable } from '../../adapters/postgres/catalog-repository';

export interface CatalogCacheOptions {
  load: () => Promise<CatalogTable[]>;
  /** How long a loaded catalog is served without asking PostgreSQL again (SINK_CATALOG_CACHE_MS). @default 5000 */
  ttlMs?: number;
  /** An unknown table triggers a reload (a sink may just have created it), but not more often than this. @default 1000 */
  missRefreshMs?: number;
  now?: () => number;
}

/**
 * The sink schema's catalog, cached briefly: every generic query checks identifiers against it, and reading
 * pg_catalog per request would double the round trips. Concurrent callers share one in-flight load.
 */
export function createCatalogCache({ load, ttlMs = 5_000, missRefreshMs = 1_000, now = Date.now }: CatalogCacheOptions) {
  let loadedAt = -Infinity;
  let current: Map<string, CatalogTable> | undefined;
  let inFlight: Promise<Map<string, CatalogTable>> | undefined;

  const refresh = () => {
    inFlight ??= load()
      .then((tables) => {
        current = new Map(tables.map((table) => [table.name, table]));
        loadedAt = now();
        return current;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const fresh = async () => (current && now() - loadedAt < ttlMs ? current : refresh());

  return {
    async tables(): Promise<CatalogTable[]> {
      return [...(await fresh()).values()];
    },
    async table(name: string): Promise<CatalogTable | undefined> {
      const found = (await fresh()).get(name);
      if (found || now() - loadedAt < missRefreshMs) return found;
      return (await refresh()).get(name);
    },
  };
}

export type CatalogCache = ReturnType<typeof createCatalogCache>;
