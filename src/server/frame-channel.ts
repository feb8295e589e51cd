/**
 * Where a live subscriber's events go once executed: one client connection (a graphql-ws operation on a websocket, or
 * an SSE response), seen by the shared execution only through this. Each transport's framing and backpressure live in
 * its own file (graphql-ws-frame-channel.ts, sse-frame-channel.ts).
 */
export interface FrameChannel {
  /**
   * Whether a frame may be written now (the connection is open and holds less than its high-water mark). When not,
   * `wake` runs once it may; meanwhile the subscriber's events wait in its bounded buffer.
   */
  writable(wake: () => void): boolean;
  /** Writes one `next` event whose payload is an already serialized ExecutionResult; dropped if the client is gone. */
  sendNext(payload: SharedPayload): void;
}

/**
 * One event's serialized ExecutionResult, the same object for every subscriber of an execution group: a channel may
 * keep what it derives from it (its bytes) keyed by the object, so that work is done once per event, not per subscriber.
 */
export class SharedPayload {
  constructor(readonly text: string) {}
}

/** How often a subscriber waiting on a connection that never reports 'drain' looks again. */
const DRAIN_POLL_MS = 20;

/**
 * Subscribers waiting for one connection to take more, woken all at once on its 'drain' event — or after a short
 * poll, because 'drain' only fires after a write was refused (between our high-water mark and Node's own, it never does).
 */
export class DrainWaiters {
  private readonly waiting = new Set<() => void>();
  private watching = false;

  constructor(private readonly emitter: { once(event: 'drain', listener: () => void): unknown; off(event: 'drain', listener: () => void): unknown } | undefined) {}

  add(wake: () => void): void {
    this.waiting.add(wake);
    if (this.watching) return;
    this.watching = true;
    const wakeAll = () => {
      this.emitter?.off('drain', wakeAll);
      clearTimeout(fallback);
      this.wakeAll();
    };
    this.emitter?.once('drain', wakeAll);
    const fallback = setTimeout(wakeAll, DRAIN_POLL_MS);
    fallback.unref?.();
  }

  /** Wakes every waiter now (e.g. the connection just opened). */
  wakeAll(): void {
    this.watching = false;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const wake of waiting) wake();
  }
}
