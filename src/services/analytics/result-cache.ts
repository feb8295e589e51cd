/**
 * Short-lived results keyed by compiled SQL, with request coalescing: concurrent identical queries share one Pinot
 * call, and for `ttlMs` afterwards the same answer is served. A TTL of 0 disables both (every request reaches Pinot).
 * Failed calls are never cached. Least recently used entries go first beyond `maxEntries`.
 */
export interface CacheHit<T> {
  value: T;
  /** When Pinot produced it (epoch ms), so a hit can still report how fresh the data is. */
  fetchedAt: number;
  cached: boolean;
}

export class ResultCache<T> {
  private readonly entries = new Map<string, { value: T; fetchedAt: number }>();
  private readonly inFlight = new Map<string, Promise<{ value: T; fetchedAt: number }>>();

  constructor(private readonly ttlMs: number, private readonly maxEntries: number, private readonly now: () => number = Date.now) {}

  async get(key: string, load: () => Promise<T>): Promise<CacheHit<T>> {
    if (this.ttlMs <= 0) return { value: await load(), fetchedAt: this.now(), cached: false };
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.fetchedAt < this.ttlMs) {
      this.entries.delete(key); // re-insert: Map order is the LRU order
      this.entries.set(key, entry);
      return { ...entry, cached: true };
    }
    if (entry) this.entries.delete(key);
    const pending = this.inFlight.get(key);
    if (pending) return { ...(await pending), cached: true };
    const started = (async () => ({ value: await load(), fetchedAt: this.now() }))();
    this.inFlight.set(key, started);
    try {
      const fresh = await started;
      this.entries.set(key, fresh);
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      return { ...fresh, cached: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
