import type { ConnectClusters } from '../../adapters/kafka-connect';
import type { ConnectorStatus } from '../../adapters/kafka-connect';
import type { Logger } from '../../logging/logger';
import { BoundedStream } from './bounded-stream';
import type { ConnectorState, ConnectorStatusEvent, ConnectorTaskView } from './connector-model';
import { taskViews } from './views';
import type { WorkerHost } from '../worker-host';

interface Subscriber {
  names: Set<string> | null;
  stream: BoundedStream<ConnectorStatusEvent>;
}

interface Known {
  state: ConnectorState;
  signature: string;
}

interface ClusterPoll {
  subscribers: Set<Subscriber>;
  known: Map<string, Known> | undefined;
  timer: NodeJS.Timeout | undefined;
  linger: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  /** polled whether or not anyone subscribes (start() was called: auto-restart needs every poll) */
  alwaysOn: boolean;
  /** the last poll failed: later failures log at debug until one succeeds */
  failing: boolean;
  /** Reports an unexpected failure of the supervised loop (the host restarts it). */
  crash?: (error: unknown) => void;
  worker?: { stop(): Promise<void> };
}

/** The restart counter's label for the status poller. */
export const STATUS_POLLER_KIND = 'connector-status-poller';

export interface StatusPollerOptions {
  clusters: ConnectClusters;
  intervalMs: number;
  logger: Logger;
  /** events a subscriber may have queued before it is ended with SLOW_CONSUMER. @default 256 */
  subscriberBuffer?: number;
  /** how long polling continues after the last subscriber left. @default 2 × intervalMs */
  lingerMs?: number;
  /** Called with every successful poll's statuses (auto-restart); its failure is logged, never stops polling. */
  onPoll?: (cluster: string, statuses: ReadonlyMap<string, ConnectorStatus>) => Promise<void>;
  /**
   * Asked before a poll that no subscriber needs (after start()): false skips calling Connect this interval, so an
   * instance with nothing to auto-restart does not read every status every interval. @default always true
   */
  pollWanted?: (cluster: string) => Promise<boolean>;
  /** Runs each cluster's polling loop under the process's supervisor; without it a failed poll is only logged. */
  workers?: WorkerHost;
}

/**
 * One poller per pipegraph instance and Connect cluster, shared by every `connectorStatusChanged` subscriber: it reads
 * all statuses in one expanded call each interval while anyone listens, and pushes each transition (connector state,
 * or any task's state) to the subscribers interested in that connector. The first poll only sets the baseline.
 * While Connect is unreachable, polls fail quietly and subscriptions stay open; transitions flow again when it is back.
 * After start(clusters) it polls those clusters continuously, subscribers or not, and hands each poll to `onPoll`.
 */
export class ConnectorStatusPoller {
  private readonly polls = new Map<string, ClusterPoll>();
  private stopped = false;
  /** calls made to Connect, for tests and metrics */
  pollCount = 0;

  constructor(private readonly options: StatusPollerOptions) {}

  subscribe(cluster: string, names: string[] | null | undefined): AsyncIterableIterator<ConnectorStatusEvent> {
    const poll = this.pollFor(cluster);
    const subscriber: Subscriber = {
      names: names && names.length > 0 ? new Set(names) : null,
      stream: new BoundedStream<ConnectorStatusEvent>(this.options.subscriberBuffer ?? 256, () => this.unsubscribe(cluster, subscriber)),
    };
    poll.subscribers.add(subscriber);
    if (poll.linger) {
      clearTimeout(poll.linger);
      poll.linger = undefined;
    }
    if (!poll.timer && !poll.running) this.schedule(cluster, poll, 0);
    return subscriber.stream;
  }

  /** Polls these clusters every interval until stop(), for `onPoll`. */
  start(clusters: readonly string[]): void {
    this.stopped = false;
    for (const cluster of clusters) {
      const poll = this.pollFor(cluster);
      poll.alwaysOn = true;
      if (!poll.timer && !poll.running) this.schedule(cluster, poll, 0);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const poll of this.polls.values()) {
      clearTimeout(poll.timer);
      clearTimeout(poll.linger);
      void poll.worker?.stop();
      for (const s of poll.subscribers) void s.stream.return();
    }
    this.polls.clear();
  }

  private pollFor(cluster: string): ClusterPoll {
    let poll = this.polls.get(cluster);
    if (!poll) {
      poll = { subscribers: new Set(), known: undefined, timer: undefined, linger: undefined, running: undefined, alwaysOn: false, failing: false };
      this.polls.set(cluster, poll);
      if (this.options.workers) void this.supervise(cluster, poll, this.options.workers);
    }
    return poll;
  }

  private unsubscribe(cluster: string, subscriber: Subscriber): void {
    const poll = this.polls.get(cluster);
    if (!poll) return;
    poll.subscribers.delete(subscriber);
    if (poll.subscribers.size === 0 && !poll.linger) {
      poll.linger = setTimeout(() => {
        poll.linger = undefined;
        if (poll.subscribers.size > 0 || poll.alwaysOn) return;
        clearTimeout(poll.timer);
        poll.timer = undefined;
        // A new subscriber later starts from a fresh baseline.
        poll.known = undefined;
      }, this.options.lingerMs ?? this.options.intervalMs * 2);
      poll.linger.unref?.();
    }
  }

  private async supervise(cluster: string, poll: ClusterPoll, workers: WorkerHost): Promise<void> {
    const worker = await workers.supervise({
      name: `${STATUS_POLLER_KIND}:${cluster}`,
      kind: STATUS_POLLER_KIND,
      start: async (run) => {
        poll.crash = run.crash;
        if (!this.stopped && !poll.timer && !poll.running && (poll.subscribers.size > 0 || poll.linger || poll.alwaysOn)) this.schedule(cluster, poll, 0);
        return {
          stop: async () => {
            clearTimeout(poll.timer);
            poll.timer = undefined;
          },
        };
      },
    });
    poll.worker = worker;
    if (this.stopped) await worker.stop();
  }

  private schedule(cluster: string, poll: ClusterPoll, delay: number): void {
    poll.timer = setTimeout(() => {
      poll.timer = undefined;
      poll.running = this.pollOnce(cluster, poll)
        .then(
          () => true,
          (error: unknown) => {
            // A failure pollOnce does not expect (Connect errors are handled inside): the supervisor restarts the loop.
            this.options.logger.error({ cluster, err: (error as Error).message }, 'connector status poller failed');
            poll.crash?.(error);
            return !poll.crash;
          },
        )
        .then((again) => {
          poll.running = undefined;
          // A poll that outlived stop() (and a start() after it) belongs to a discarded loop: it must not revive it.
          const current = this.polls.get(cluster) === poll;
          if (again && !this.stopped && current && (poll.subscribers.size > 0 || poll.linger || poll.alwaysOn)) this.schedule(cluster, poll, this.options.intervalMs);
        });
    }, delay);
    poll.timer.unref?.();
  }

  private async pollOnce(cluster: string, poll: ClusterPoll): Promise<void> {
    const forSubscribers = poll.subscribers.size > 0 || poll.linger !== undefined;
    if (!forSubscribers && this.options.pollWanted && !(await this.options.pollWanted(cluster))) return;
    let statuses: Map<string, ConnectorStatus>;
    try {
      this.pollCount++;
      const expanded = await this.options.clusters.get(cluster).listConnectorsExpanded();
      statuses = new Map(Object.entries(expanded).filter(([, e]) => e.status).map(([name, e]) => [name, e.status!]));
    } catch (error) {
      // Polled continuously, an unreachable Connect would warn every interval: warn once per outage.
      this.options.logger[poll.failing ? 'debug' : 'warn']({ cluster, err: (error as Error).message }, 'connector status poll failed');
      poll.failing = true;
      return;
    }
    if (poll.failing) this.options.logger.info({ cluster }, 'connector status poll succeeded again');
    poll.failing = false;
    const at = new Date();
    const next = new Map<string, Known>();
    const events: ConnectorStatusEvent[] = [];
    for (const [name, status] of statuses) {
      const tasks = taskViews(status.tasks);
      const state = status.connector.state as ConnectorState;
      const known: Known = { state, signature: signatureOf(state, tasks) };
      next.set(name, known);
      const before = poll.known?.get(name);
      if (poll.known && (!before || before.signature !== known.signature)) {
        events.push({ cluster, name, state, previousState: before?.state ?? null, tasks, deleted: false, at });
      }
    }
    if (poll.known) {
      for (const [name, before] of poll.known) {
        if (!next.has(name)) events.push({ cluster, name, state: null, previousState: before.state, tasks: [], deleted: true, at });
      }
    }
    poll.known = next;
    for (const event of events) {
      for (const subscriber of poll.subscribers) if (!subscriber.names || subscriber.names.has(event.name)) subscriber.stream.push(event);
    }
    await this.options.onPoll?.(cluster, statuses).catch((error: Error) => this.options.logger.warn({ cluster, err: error.message }, 'connector status poll handler failed'));
  }
}

function signatureOf(state: string, tasks: ConnectorTaskView[]): string {
  return `${state}|${tasks.map((t) => `${t.id}:${t.state}`).join(',')}`;
}
