import { createCatalogCache } from '../../../src/services/sinks/catalog-cache';

describe('catalog cache', () => {
  function setup() {
    let clock = 0;
    let loads = 0;
    let names = ['a'];
    const cache = createCatalogCache({
      load: async () => {
        loads++;
        return names.map((name) => ({ schema: 'public', name, columns: [], primaryKey: [] }));
      },
      ttlMs: 5_000,
      missRefreshMs: 1_000,
      now: () => clock,
    });
    return {
      cache,
      loads: () => loads,
      advance: (ms: number) => (clock += ms),
      setNames: (next: string[]) => (names = next),
    };
  }

  it('serves the catalog from memory until the TTL passes, sharing one in-flight load', async () => {
    const { cache, loads, advance } = setup();
    await Promise.all([cache.tables(), cache.table('a'), cache.tables()]);
    expect(loads()).toBe(1);
    advance(4_999);
    await cache.table('a');
    expect(loads()).toBe(1);
    advance(1);
    await cache.tables();
    expect(loads()).toBe(2);
  });

  it('reloads early for an unknown table, at most once per second', async () => {
    const { cache, loads, advance, setNames } = setup();
    await cache.tables();
    setNames(['a', 'b']);
    expect(await cache.table('b')).toBeUndefined();
    expect(loads()).toBe(1);
    advance(1_000);
    expect(await cache.table('b')).toMatchObject({ name: 'b' });
    expect(loads()).toBe(2);
    advance(1_000);
    expect(await cache.table('nope')).toBeUndefined();
    advance(500);
    expect(await cache.table('nope')).toBeUndefined();
    expect(loads()).toBe(3);
  });
});
