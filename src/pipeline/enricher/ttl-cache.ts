export interface TtlCacheOptions {
  /** How long an entry (including a "not found") stays valid. 0 disables caching. */
  ttlMs: number;
  /** Entries kept; the oldest are evicted first. 0 disables caching. */
  maxEntries: number;
  now?: () => number;
}

/**
 * A bounded TTL cache with batched loading: `getMany` answers hits from memory and loads every miss with ONE loader
 * call, so a batch of 5,000 events costs at most one query per dimension. Misses the loader does not return are cached
 * as null ("unknown") so a stream of unknown ids does not hammer the database.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V | null; expires: number }>();
  private readonly now: () => number;
  hits = 0;
  misses = 0;

  constructor(private readonly options: TtlCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  async getMany(keys: Iterable<K>, load: (missing: K[]) => Promise<Map<K, V>>): Promise<Map<K, V | null>> {
    const result = new Map<K, V | null>();
    const missing: K[] = [];
    const t = this.now();
    for (const key of keys) {
      if (result.has(key)) continue;
      const entry = this.entries.get(key);
      if (entry && entry.expires > t) {
        this.hits++;
        result.set(key, entry.value);
      } else {
        if (entry) this.entries.delete(key);
        this.misses++;
        missing.push(key);
        result.set(key, null);
      }
    }
    if (missing.length === 0) return result;
    const loaded = await load(missing);
    for (const key of missing) {
      const value = loaded.get(key) ?? null;
      result.set(key, value);
      this.remember(key, value, t);
    }
    return result;
  }

  private remember(key: K, value: V | null, t: number): void {
    if (this.options.ttlMs <= 0 || this.options.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: t + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
  }
}
