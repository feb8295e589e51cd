import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { keepStatementSequencesTogether } from '../../../embedded/postgres/statement-sequences';

const TYPE = { Parse: 0x50, Bind: 0x42, Execute: 0x45, Sync: 0x53, Query: 0x51 } as const;

/** pglite-socket's queue as it is shaped, over a fake PGlite that records the order messages run in. */
function fakeServer() {
  const ran: string[] = [];
  const queue = {
    queue: [] as Array<{ handlerId: number; message: Uint8Array; resolve(n: number): void; reject(e: unknown): void; onData(d: Uint8Array): void }>,
    processing: false,
    lastHandlerId: null as number | null,
    db: {
      isInTransaction: () => false,
      runExclusive: <T>(fn: () => Promise<T>) => fn(),
      execProtocolRawStream: async (message: Uint8Array, { onRawData }: { onRawData(d: Uint8Array): void }) => {
        ran.push(label(message));
        onRawData(new Uint8Array([1]));
      },
    },
    async processQueue() {},
    clearQueueForHandler(handlerId: number) {
      queue.queue = queue.queue.filter((item) => item.handlerId !== handlerId);
    },
  };
  const names = new Map<Uint8Array, string>();
  const label = (message: Uint8Array) => names.get(message)!;
  const enqueue = (handlerId: number, type: keyof typeof TYPE) => {
    const message = new Uint8Array([TYPE[type], 0, 0, 0, 4]);
    names.set(message, `${handlerId}:${type}`);
    return new Promise<number>((resolve, reject) => {
      queue.queue.push({ handlerId, message, resolve, reject, onData: () => undefined });
    });
  };
  keepStatementSequencesTogether({ queryQueue: queue } as unknown as PGLiteSocketServer);
  return { queue, ran, enqueue };
}

describe('embedded Postgres statement sequences', () => {
  it('runs one connection\'s Parse…Sync before another connection\'s messages, as a server with sessions would', async () => {
    const { queue, ran, enqueue } = fakeServer();
    void enqueue(1, 'Parse');
    void enqueue(2, 'Parse');
    void enqueue(1, 'Bind');
    void enqueue(2, 'Query');
    void enqueue(1, 'Execute');
    void enqueue(2, 'Bind');
    void enqueue(1, 'Sync');
    await queue.processQueue();
    expect(ran).toEqual(['1:Parse', '1:Bind', '1:Execute', '1:Sync', '2:Parse', '2:Query', '2:Bind']);
  });

  it('waits for the pinned connection\'s next message, and lets the others go when it disconnects mid-sequence', async () => {
    const { queue, ran, enqueue } = fakeServer();
    void enqueue(1, 'Parse');
    const other = enqueue(2, 'Query');
    await queue.processQueue();
    expect(ran).toEqual(['1:Parse']);
    queue.clearQueueForHandler(1);
    await other;
    expect(ran).toEqual(['1:Parse', '2:Query']);
  });
});
