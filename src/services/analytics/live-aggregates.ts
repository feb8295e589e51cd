/**
 * Live aggregates: one poller per distinct query (keyed by its compiled SQL) re-runs it every `intervalMs` and
 * pushes a result to its subscribers only when the result changed, so N subscribers to the same aggregate cost one
 * Pinot query per interval. A subscriber that reads slowly gets the newest result, never a backlog (results are
 * snapshots, so older ones are worthless once a newer one exists).
 */
import { isAppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';

export interface LiveAggregatesOptions {
  /** Poll interval per distinct query. */
  intervalMs: number;
  logger: Logger;
}

interface Poller<T> {
  subscribers: Set<Mailbox<T>>;
  last?: { value: T; fingerprint: string };
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

export class LiveAggregates<T> {
  private readonly pollers = new Map<string, Poller<T>>();

  constructor(private readonly options: LiveAggregatesOptions) {}

  /**
   * Subscribes to the query identified by `key`. The first subscriber's `run` starts the poller; later subscribers
   * share it and immediately receive the latest result. `fingerprint` decides what counts as a change.
   */
  subscribe(key: string, run: () => Promise<T>, fingerprint: (value: T) => string): AsyncIterableIterator<T> {
    let poller = this.pollers.get(key);
    const mailbox: Mailbox<T> = new Mailbox<T>(() => this.unsubscribe(key, mailbox));
    if (!poller) {
      poller = { subscribers: new Set([mailbox]), stopped: false };
      this.pollers.set(key, poller);
      void this.tick(key, poller, run, fingerprint);
    } else {
      poller.subscribers.add(mailbox);
      if (poller.last) mailbox.push(poller.last.value);
    }
    return mailbox;
  }

  /** Distinct queries being polled right now. */
  get activeQueries(): number {
    return this.pollers.size;
  }

  stop(): void {
    for (const [key, poller] of this.pollers) {
      for (const subscriber of poller.subscribers) subscriber.end();
      this.halt(key, poller);
    }
  }

  private async tick(key: string, poller: Poller<T>, run: () => Promise<T>, fingerprint: (value: T) => string): Promise<void> {
    if (poller.stopped) return;
    try {
      const value = await run();
      const print = fingerprint(value);
      if (!poller.stopped && print !== poller.last?.fingerprint) {
        poller.last = { value, fingerprint: print };
        for (const subscriber of poller.subscribers) subscriber.push(value);
      }
    } catch (error) {
      if (isAppError(error) && !error.retriable) {
        // The query itself is wrong (or the table is gone): retrying cannot help, so every subscriber learns why.
        for (const subscriber of poller.subscribers) subscriber.fail(error);
        this.halt(key, poller);
        return;
      }
      this.options.logger.warn({ err: (error as Error).message, key }, 'live aggregate poll failed; retrying next interval');
    }
    if (poller.stopped) return;
    poller.timer = setTimeout(() => void this.tick(key, poller, run, fingerprint), this.options.intervalMs);
    poller.timer.unref();
  }

  private unsubscribe(key: string, mailbox: Mailbox<T>): void {
    const poller = this.pollers.get(key);
    if (!poller) return;
    poller.subscribers.delete(mailbox);
    if (poller.subscribers.size === 0) this.halt(key, poller);
  }

  private halt(key: string, poller: Poller<T>): void {
    poller.stopped = true;
    clearTimeout(poller.timer);
    if (this.pollers.get(key) === poller) this.pollers.delete(key);
  }
}

/** An async iterator holding at most the newest undelivered value. */
class Mailbox<T> implements AsyncIterableIterator<T> {
  private pending?: { value: T };
  private failure?: { error: unknown };
  private finished = false;
  private waiter?: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void };

  constructor(private readonly onClose: () => void) {}

  push(value: T): void {
    if (this.finished) return;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve({ value, done: false });
    } else {
      this.pending = { value };
    }
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter.reject(error);
    else this.failure = { error };
  }

  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.waiter?.resolve({ value: undefined, done: true });
    this.waiter = undefined;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.pending) {
      const { value } = this.pending;
      this.pending = undefined;
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    this.pending = undefined;
    this.onClose();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
