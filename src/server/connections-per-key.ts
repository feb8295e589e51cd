import type { Caller } from '../auth/roles';

/**
 * Open live connections per API key or JWT subject, across transports (graphql-ws sockets and SSE streams count
 * alike), so MAX_CONNECTIONS_PER_KEY cannot be dodged by switching transport. Anonymous callers (auth off) are counted
 * but not limited.
 */
export class ConnectionsPerKey {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Takes a slot for the caller's key: its release function (idempotent), or undefined when the key is at the limit. */
  acquire(caller: Caller): (() => void) | undefined {
    const key = caller.via === 'anonymous' ? 'anonymous' : `caller:${caller.id}`;
    const count = this.open.get(key) ?? 0;
    if (caller.via !== 'anonymous' && count >= this.max) return undefined;
    this.open.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left <= 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }
}
