import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

// Extended-query protocol messages that continue a sequence ended by Sync: Parse, Bind, Describe, Execute, Close, Flush.
const CONTINUES_SEQUENCE = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}

/** The parts of pglite-socket's (private) query queue this replaces; checked against @electric-sql/pglite-socket 0.2.17. */
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/**
 * PGlite is one session, and pglite-socket interleaves the connections' messages one by one outside transactions:
 * connection A's Parse, then B's Parse, then A's Bind fails with "unnamed prepared statement does not exist". A real
 * server keeps each connection's statements apart, so the stand-in must too: once a connection has started an
 * extended-query sequence, its messages alone are run until its Sync (as pglite-socket already does within a
 * transaction). A connection that goes away mid-sequence releases the session.
 */
export function keepStatementSequencesTogether(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let midSequence = false;

  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const pinned = this.lastHandlerId !== null && (midSequence || this.db.isInTransaction());
        const index = pinned ? this.queue.findIndex((item) => item.handlerId === this.lastHandlerId) : 0;
        // The pinned connection's next message has not arrived yet: its enqueue will resume processing.
        if (index === -1) break;
        const [item] = this.queue.splice(index, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item!.message, {
              onRawData: (data) => {
                bytes += data.length;
                item!.onData(data);
              },
            }),
          );
        } catch (error) {
          item!.reject(error);
          continue;
        }
        this.lastHandlerId = item!.handlerId;
        midSequence = CONTINUES_SEQUENCE.has(item!.message[0]!);
        item!.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const clearQueueForHandler = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clearQueueForHandler(handlerId);
    if (handlerId === queue.lastHandlerId && midSequence) {
      midSequence = false;
      void queue.processQueue();
    }
  };
}
