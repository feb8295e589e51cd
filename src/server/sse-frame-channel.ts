import type { ServerResponse } from 'node:http';
import { DrainWaiters, type FrameChannel } from './frame-channel';

/**
 * One SSE response (graphql-sse distinct connections mode: one operation per connection). Frames are
 * `event: next\ndata: <payload>\n\n`, what graphql-sse itself writes. Closed until `open()` — after the status line,
 * headers and graphql-sse's first comment are written — so events that arrive meanwhile wait in the subscriber's buffer.
 */
export function sseFrameChannel(res: ServerResponse, highWater: number): FrameChannel & { open(): void } {
  let opened = false;
  const waiters = new DrainWaiters(res);
  const gone = () => res.writableEnded || res.destroyed;
  return {
    writable(wake) {
      if (gone()) return false;
      if (opened && res.writableLength < highWater) return true;
      waiters.add(wake);
      return false;
    },
    sendNext(payload) {
      if (opened && !gone()) res.write(sseEvent('next', payload));
    },
    open() {
      opened = true;
      waiters.wakeAll();
    },
  };
}

/** One SSE event as graphql-sse frames it (an empty `data:` line still makes EventSource fire). */
export function sseEvent(event: 'next' | 'complete', data: string): string {
  return `event: ${event}\ndata:${data ? ` ${data}` : ''}\n\n`;
}
