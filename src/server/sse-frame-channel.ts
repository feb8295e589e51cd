import type { ServerResponse } from 'node:http';
import { DrainWaiters, type FrameChannel } from './frame-channel';

/**
 * One SSE response (graphql-sse distinct connections mode: one operation per connection). Frames are
 * `event: next\ndata: <payload>\n\n`, what graphql-sse itself writes. Closed until `open()` — after the status line,
 * headers and graphql-sse's first comment are written — so events that arrive meanwhile wait in the subscriber's buffer.
 */
export interface SseFrameChannel extends FrameChannel {
  /** Lets frames through: after the stream's head and opening comment are written. */
  open(): void;
  /** Resolves once the stream can take more (or the client is gone): pacing for results graphql-sse writes itself. */
  whenWritable(): Promise<void>;
}

export function sseFrameChannel(res: ServerResponse, highWater: number): SseFrameChannel {
  let opened = false;
  const waiters = new DrainWaiters(res);
  const gone = () => res.writableEnded || res.destroyed;
  const writable = (wake: () => void) => {
    if (gone()) return false;
    if (opened && res.writableLength < highWater) return true;
    waiters.add(wake);
    return false;
  };
  return {
    writable,
    whenWritable() {
      return new Promise<void>((resolve) => {
        const check = () => {
          if (gone() || writable(check)) resolve();
        };
        check();
      });
    },
    sendNext(payload) {
      if (opened && !gone()) res.write(sseEvent('next', payload.text));
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
