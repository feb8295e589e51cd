import { AppError, isAppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import type { GroupDetail, PartitionLag } from '../topics/topics-service';
import type { WorkerHost } from '../worker-host';
import { LiveSubscription } from './live-subscription';

export interface LagSnapshot {
  groupId: string;
  state: string;
  totalLag: string;
  partitions: PartitionLag[];
  /** When the numbers were read. */
  at: Date;
}

export interface LagPollersOptions {
  loadGroup(groupId: string): Promise<GroupDetail | null>;
  /** Consecutive failures for this long end the subscribers with UPSTREAM_UNAVAILABLE. */
  outageGraceMs: number;
  /** Runs each poller's loop, restarting it after an unexpected failure. */
  workers: WorkerHost;
  logger: Logger;
}

/** The restart counter's label for every lag poller. */
export const LAG_POLLER_KIND = 'lag-poller';

interface Poller {
  key: string;
  groupId: string;
  intervalMs: number;
  subscribers: Set<LiveSubscription<LagSnapshot>>;
  last?: LagSnapshot;
  fingerprint?: string;
  timer?: NodeJS.Timeout;
  failingSince?: number;
  /** The supervised loop; `crash` reports an unexpected failure of the current run. */
  worker?: { stop(): Promise<void> };
  crash?: (error: unknown) => void;
  closed?: boolean;
}

/**
 * consumerGroupLag: one poller per (group, interval) shared by its subscribers, pushing a snapshot only when something
 * changed. Each subscriber buffers at most one snapshot (newer replaces older), so a slow client sees the latest numbers.
 */
export class LagPollers {
  private readonly pollers = new Map<string, Poller>();

  constructor(private readonly options: LagPollersOptions) {}

  async subscribe(groupId: string, intervalMs: number): Promise<LiveSubscription<LagSnapshot>> {
    const key = `${intervalMs}:${groupId}`;
    let poller = this.pollers.get(key);
    if (!poller) {
      const detail = await this.options.loadGroup(groupId);
      if (!detail) throw new AppError('NOT_FOUND', `consumer group "${groupId}" does not exist`, { details: { field: 'groupId' } });
      poller = this.pollers.get(key);
      if (!poller) {
        poller = { key, groupId, intervalMs, subscribers: new Set() };
        this.pollers.set(key, poller);
        this.accept(poller, detail);
        void this.supervise(poller);
      }
    }
    const target = poller;
    const subscription: LiveSubscription<LagSnapshot> = new LiveSubscription<LagSnapshot>({
      capacity: 1,
      policy: 'DROP_OLDEST',
      onClose: () => this.leave(target, subscription),
    });
    target.subscribers.add(subscription);
    if (target.last) subscription.push(target.last);
    return subscription;
  }

  stop(): void {
    for (const poller of this.pollers.values()) {
      this.close(poller);
      for (const s of poller.subscribers) s.end();
    }
    this.pollers.clear();
  }

  private async supervise(poller: Poller): Promise<void> {
    const worker = await this.options.workers.supervise({
      name: `${LAG_POLLER_KIND}:${poller.key}`,
      kind: LAG_POLLER_KIND,
      start: async (run) => {
        poller.crash = run.crash;
        if (!poller.closed) this.schedule(poller);
        return { stop: async () => clearTimeout(poller.timer) };
      },
    });
    poller.worker = worker;
    if (poller.closed) await worker.stop();
  }

  private close(poller: Poller): void {
    poller.closed = true;
    clearTimeout(poller.timer);
    void poller.worker?.stop();
  }

  private leave(poller: Poller, subscription: LiveSubscription<LagSnapshot>): void {
    poller.subscribers.delete(subscription);
    if (poller.subscribers.size === 0 && this.pollers.get(poller.key) === poller) {
      this.close(poller);
      this.pollers.delete(poller.key);
    }
  }

  private schedule(poller: Poller): void {
    // A failure poll() does not expect (a bug, a subscriber throwing) is a crash of this run: the host restarts it.
    poller.timer = setTimeout(() => void this.poll(poller).catch((error: unknown) => poller.crash?.(error)), poller.intervalMs);
    poller.timer.unref?.();
  }

  private async poll(poller: Poller): Promise<void> {
    if (this.pollers.get(poller.key) !== poller) return;
    try {
      const detail = await this.options.loadGroup(poller.groupId);
      poller.failingSince = undefined;
      if (!detail) {
        this.endAll(poller, new AppError('NOT_FOUND', `consumer group "${poller.groupId}" no longer exists`));
        return;
      }
      this.accept(poller, detail);
    } catch (error) {
      poller.failingSince ??= Date.now();
      this.options.logger.debug({ groupId: poller.groupId, err: (error as Error).message }, 'lag poll failed');
      if (Date.now() - poller.failingSince >= this.options.outageGraceMs) {
        this.endAll(poller, isAppError(error) ? error : new AppError('UPSTREAM_UNAVAILABLE', 'cannot read consumer group offsets'));
        return;
      }
    }
    if (this.pollers.get(poller.key) === poller) this.schedule(poller);
  }

  private accept(poller: Poller, detail: GroupDetail): void {
    const fingerprint = JSON.stringify([detail.state, detail.totalLag, detail.offsets]);
    if (fingerprint === poller.fingerprint) return;
    poller.fingerprint = fingerprint;
    poller.last = { groupId: detail.groupId, state: detail.state, totalLag: detail.totalLag, partitions: detail.offsets, at: new Date() };
    for (const subscriber of poller.subscribers) subscriber.push(poller.last);
  }

  private endAll(poller: Poller, error: AppError): void {
    this.close(poller);
    this.pollers.delete(poller.key);
    for (const s of [...poller.subscribers]) s.end(error);
  }
}
