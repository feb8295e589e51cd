import { AppError } from '../../errors/app-error';

/**
 * An async iterator fed by push(): a subscriber's private queue. It holds at most `capacity` undelivered events; a
 * subscriber that falls that far behind is ended with SLOW_CONSUMER instead of letting memory grow.
 */
export class BoundedStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private failure: unknown;
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly onClose: () => void,
  ) {}

  push(value: T): void {
    if (this.closed || this.failure) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= this.capacity) {
      this.fail(new AppError('SLOW_CONSUMER', `subscriber fell more than ${this.capacity} events behind; subscribe again`));
      return;
    }
    this.queue.push(value);
  }

  /** Ends the stream with an error delivered after the events already queued. */
  fail(error: unknown): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    this.queue.length = 0;
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      this.failure = undefined;
      this.finish();
      reject(error);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) {
      // Delivered once; afterwards the stream is simply done.
      const error = this.failure;
      this.failure = undefined;
      this.finish();
      return Promise.reject(error);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    if (this.waiting) {
      this.waiting.resolve({ value: undefined, done: true });
      this.waiting = undefined;
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.onClose();
  }
}
