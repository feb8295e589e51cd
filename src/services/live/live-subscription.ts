import { AppError } from '../../errors/app-error';
import type { SlowConsumerPolicy } from '../../config/live';
import { BoundedQueue } from './bounded-queue';

/**
 * A push target that writes items straight to the client (e.g. pre-serialized graphql-ws frames on a socket).
 * `ready()` false means "buffer this one"; the sink calls `subscription.drain()` once it can take more.
 */
export interface LiveSink<T> {
  ready(): boolean;
  write(item: T): void;
  /** The subscription is over: flush nothing more; with an error, report it to the client. */
  end(error?: AppError): void;
}

export interface LiveSubscriptionOptions {
  /** Items buffered before the slow-consumer policy applies (LIVE_SUBSCRIBER_BUFFER). */
  capacity: number;
  policy: SlowConsumerPolicy;
  /** Called once when the subscription ends for any reason (client left, error, shutdown). */
  onClose?: () => void;
}

/**
 * One subscriber's outlet with a bounded buffer. Producers `push`; the consumer either iterates (AsyncIterator, the
 * standard graphql-ws path) or attaches a sink (the shared-execution path). A full buffer either ends the subscription
 * with SLOW_CONSUMER or drops its oldest item (DROP_OLDEST), so memory per subscriber never exceeds the capacity.
 */
export class LiveSubscription<T> implements AsyncIterableIterator<T> {
  private readonly queue: BoundedQueue<T>;
  private waiting?: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void };
  private sink?: LiveSink<T>;
  private failure?: AppError;
  private finished = false;
  private closed = false;
  private spaceWaiters: Array<{ limit: number; wake: () => void }> = [];
  private closeCallbacks: Array<() => void> = [];
  delivered = 0;
  dropped = 0;

  constructor(private readonly options: LiveSubscriptionOptions) {
    this.queue = new BoundedQueue<T>(options.capacity);
  }

  get buffered(): number {
    return this.queue.length;
  }

  get capacity(): number {
    return this.options.capacity;
  }

  /** Registers a cleanup run once the subscription is over (immediately if it already is). */
  onClosed(callback: () => void): void {
    if (this.closed) {
      callback();
      return;
    }
    this.closeCallbacks.push(callback);
  }

  get isClosed(): boolean {
    return this.closed || this.finished;
  }

  /** Producer side: hand over one item. Never blocks; applies the overflow policy when the buffer is full. */
  push(item: T): void {
    if (this.finished) return;
    const sink = this.sink;
    if (sink) {
      if (this.queue.length === 0 && sink.ready()) {
        this.delivered++;
        sink.write(item);
        return;
      }
    } else if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      this.delivered++;
      resolve({ value: item, done: false });
      return;
    }
    if (!this.queue.push(item)) {
      if (this.options.policy === 'DROP_OLDEST') {
        this.queue.shift();
        this.dropped++;
        this.queue.push(item);
      } else {
        this.fail(
          new AppError('SLOW_CONSUMER', `subscriber fell ${this.options.capacity} events behind; resubscribe with the last cursor you received`, {
            details: { buffer: this.options.capacity },
          }),
        );
      }
    }
  }

  /** Ends the subscription: with an error, the client gets it (after nothing else); without, buffered items still flow. */
  end(error?: AppError): void {
    if (this.finished) return;
    if (error) return this.fail(error);
    this.finished = true;
    if (this.sink) {
      this.drain();
      this.close();
      this.sink.end();
    } else if (this.queue.length === 0) {
      this.settleWaiting({ value: undefined, done: true });
      this.close();
    }
  }

  /** Switches to push mode: buffered items go to the sink as it becomes ready. Only before iteration starts. */
  attach(sink: LiveSink<T>): void {
    if (this.waiting) throw new Error('LiveSubscription is already being iterated');
    this.sink = sink;
    if (this.failure) {
      sink.end(this.failure);
      return;
    }
    this.drain();
    if (this.finished) sink.end();
  }

  /** Sink side: moves buffered items to the sink while it is ready. */
  drain(): void {
    const sink = this.sink;
    if (!sink) return;
    while (this.queue.length > 0 && sink.ready()) {
      this.delivered++;
      sink.write(this.queue.shift()!);
    }
    this.wakeSpaceWaiters();
  }

  /** Resolves once fewer than `limit` items are buffered (or the subscription is over): producer-side backpressure. */
  whenBelow(limit: number): Promise<void> {
    if (this.queue.length < limit || this.isClosed) return Promise.resolve();
    return new Promise((resolve) => this.spaceWaiters.push({ limit, wake: resolve }));
  }

  async next(): Promise<IteratorResult<T>> {
    const item = this.queue.shift();
    if (item !== undefined) {
      this.delivered++;
      this.wakeSpaceWaiters();
      return { value: item, done: false };
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      this.close();
      throw failure;
    }
    if (this.finished) {
      this.close();
      return { value: undefined, done: true };
    }
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  async return(): Promise<IteratorResult<T>> {
    this.finished = true;
    this.queue.clear();
    this.settleWaiting({ value: undefined, done: true });
    this.close();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private fail(error: AppError): void {
    this.finished = true;
    this.queue.clear();
    if (this.sink) {
      this.close();
      this.sink.end(error);
      return;
    }
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      this.close();
      reject(error);
      return;
    }
    // The consumer is busy (e.g. blocked writing to a full socket): keep the error for its next pull, but leave the
    // feed now so nothing more is produced for it.
    this.failure = error;
    this.close();
  }

  private settleWaiting(result: IteratorResult<T>): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(result);
  }

  private wakeSpaceWaiters(): void {
    if (this.spaceWaiters.length === 0) return;
    const over = this.closed || this.finished;
    const ready = this.spaceWaiters.filter((w) => over || this.queue.length < w.limit);
    if (ready.length === 0) return;
    this.spaceWaiters = this.spaceWaiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.wake();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wakeSpaceWaiters();
    this.options.onClose?.();
    for (const callback of this.closeCallbacks.splice(0)) callback();
  }
}
