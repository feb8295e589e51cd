import { ConnectionsPerKey } from '../../../src/server/connections-per-key';

const caller = (id: string, via: 'api-key' | 'anonymous' = 'api-key') => ({ id, role: 'viewer' as const, via });

describe('ConnectionsPerKey', () => {
  it('refuses a key at its limit and frees the slot when a connection is released', () => {
    const connections = new ConnectionsPerKey(2);
    const first = connections.acquire(caller('a'))!;
    expect(connections.acquire(caller('a'))).toBeDefined();
    expect(connections.acquire(caller('a'))).toBeUndefined();
    expect(connections.acquire(caller('b'))).toBeDefined();
    first();
    expect(connections.acquire(caller('a'))).toBeDefined();
  });

  it('counts a release only once, however often it is called', () => {
    const connections = new ConnectionsPerKey(1);
    const release = connections.acquire(caller('a'))!;
    release();
    release();
    expect(connections.acquire(caller('a'))).toBeDefined();
    expect(connections.acquire(caller('a'))).toBeUndefined();
  });

  it('never limits anonymous callers (auth off)', () => {
    const connections = new ConnectionsPerKey(1);
    for (let i = 0; i < 5; i++) expect(connections.acquire(caller('anonymous', 'anonymous'))).toBeDefined();
  });
});
