import { Counter } from 'prom-client';
import { restartDelay } from '../../shared/backoff';
import type { Logger } from '../logging/logger';
import { metricsRegistry } from '../observability/metrics';
import type { ReadinessResult } from './plane';

const workerRestarts = new Counter({
  name: 'pipegraph_worker_restarts_total',
  help: 'Restarts of supervised background workers, by worker kind and the error code that ended the previous run',
  labelNames: ['worker', 'code'] as const,
  registers: [metricsRegistry],
});

/** Handed to each run of a worker. */
export interface WorkerRun {
  /** 1 for the first run, n for the (n-1)th restart. */
  attempt: number;
  /** The running worker died (any error, retriable or not): the supervisor stops it and starts a fresh run. */
  crash(error: unknown): void;
}

/** One running incarnation of a worker. */
export interface RunningWorker {
  stop(): Promise<void>;
}

export interface WorkerSpec {
  /** Unique among the supervisor's workers; shown by /readyz and in logs. */
  name: string;
  /** Label of the restart counter (one per kind, not per instance: `live-reader`). @default name */
  kind?: string;
  /** Starts one run; a rejection counts as a crash of that run. */
  start(run: WorkerRun): Promise<RunningWorker>;
}

export type WorkerState = 'starting' | 'up' | 'recovering' | 'stopped';

export interface WorkerStatus {
  name: string;
  kind: string;
  state: WorkerState;
  /** Consecutive failed runs (0 once a run stayed up for the stable period). */
  attempt: number;
  restarts: number;
  /** When the next run starts, while recovering. */
  nextStartAt?: number;
  lastError?: string;
  lastErrorCode?: string;
}

export interface SupervisorOptions {
  /** First restart delay; doubles per consecutive failure. */
  baseMs: number;
  /** Delay cap. */
  capMs: number;
  /** A run that stays up this long resets the backoff. @default min(capMs, 10_000) */
  stableMs?: number;
  logger: Logger;
  /** [0, 1); injectable for tests. @default Math.random */
  random?: () => number;
}

export interface SupervisedWorker {
  readonly name: string;
  status(): WorkerStatus;
  /** Stops the current run (if any) and never restarts it again. */
  stop(): Promise<void>;
}

/**
 * Runs long-lived background workers and restarts any that crash, with capped exponential backoff and jitter, so a
 * failure never turns into a tight loop and never needs a process restart. It knows nothing about what a worker does:
 * workers report their own crashes through `run.crash` (or by failing to start).
 */
export class Supervisor {
  private readonly workers = new Map<string, Worker>();
  private readonly stableMs: number;
  private stopped = false;

  constructor(private readonly options: SupervisorOptions) {
    this.stableMs = options.stableMs ?? Math.min(options.capMs, 10_000);
  }

  /**
   * Starts supervising `spec` now. With `firstRunMustStart`, the returned promise rejects (and nothing is supervised)
   * if the first run cannot start: for callers that report that failure to a user instead of retrying.
   */
  async supervise(spec: WorkerSpec, { firstRunMustStart = false } = {}): Promise<SupervisedWorker> {
    if (this.stopped) throw new Error('the supervisor is stopped');
    if (this.workers.has(spec.name)) throw new Error(`a worker named "${spec.name}" is already supervised`);
    const worker = new Worker(spec, this.options, this.stableMs, () => this.workers.delete(spec.name));
    this.workers.set(spec.name, worker);
    if (firstRunMustStart) {
      try {
        await worker.firstRun();
      } catch (error) {
        await worker.stop();
        throw error;
      }
    } else {
      void worker.firstRun().catch(() => undefined);
    }
    return worker;
  }

  statuses(): WorkerStatus[] {
    return [...this.workers.values()].map((w) => w.status());
  }

  /** A /readyz probe for one worker; reports 'stopped' when no such worker runs. */
  readiness(name: string, detail?: () => string | undefined): () => Promise<ReadinessResult> {
    return async () => {
      const worker = this.workers.get(name);
      if (!worker) return { ok: false, detail: 'stopped' };
      const status = worker.status();
      if (status.state !== 'up') return { ok: false, detail: describeStatus(status) };
      return { ok: true, detail: detail?.() ?? 'up' };
    };
  }

  /** A /readyz probe over every worker of one kind (e.g. all live readers): ready when none is recovering. */
  kindReadiness(kind: string): () => Promise<ReadinessResult> {
    return async () => {
      const statuses = this.statuses().filter((s) => s.kind === kind);
      const down = statuses.filter((s) => s.state !== 'up');
      if (down.length === 0) return { ok: true, detail: `${statuses.length} running` };
      return { ok: false, detail: down.map((s) => `${s.name}: ${describeStatus(s)}`).join('; ') };
    };
  }

  /** Stops every worker, the most recently started first. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const worker of [...this.workers.values()].reverse()) await worker.stop();
  }
}

/** Starts `worker`, stopping it again if the start fails, so a failed run leaves no half-open connection behind. */
export async function startOrRelease<T extends { start(): Promise<void>; stop(): Promise<void> }>(worker: T): Promise<T> {
  try {
    await worker.start();
    return worker;
  } catch (error) {
    await worker.stop().catch(() => undefined);
    throw error;
  }
}

/** `recovering (attempt n, next in t ms); last error: …` — what /readyz shows for a worker that is not up. */
export function describeStatus(status: WorkerStatus, now = Date.now()): string {
  const error = status.lastError ? `; last error: ${status.lastError}` : '';
  if (status.state === 'recovering') {
    const wait = Math.max(0, (status.nextStartAt ?? now) - now);
    return `recovering (attempt ${status.attempt}, next in ${wait} ms)${error}`;
  }
  return `${status.state}${error}`;
}

/** The most specific code an error carries (a protocol error type, a public code, an errno), walking its causes. */
export function errorCode(error: unknown): string {
  for (let e = error as { type?: unknown; code?: unknown; name?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.type === 'string') return e.type;
    if (typeof e.code === 'string') return e.code;
    if (!e.cause) return typeof e.name === 'string' && e.name !== 'Error' ? e.name : 'UNKNOWN';
    e = e.cause as typeof e;
  }
  return 'UNKNOWN';
}

class Worker implements SupervisedWorker {
  private state: WorkerState = 'starting';
  private attempt = 0;
  private restarts = 0;
  private generation = 0;
  private running?: RunningWorker;
  private upSince?: number;
  private timer?: NodeJS.Timeout;
  private nextStartAt?: number;
  private lastError?: string;
  private lastErrorCode?: string;
  private readonly kind: string;
  private readonly logger: Logger;

  constructor(
    private readonly spec: WorkerSpec,
    private readonly options: SupervisorOptions,
    private readonly stableMs: number,
    private readonly onStopped: () => void,
  ) {
    this.kind = spec.kind ?? spec.name;
    this.logger = options.logger.child({ worker: spec.name });
  }

  get name(): string {
    return this.spec.name;
  }

  status(): WorkerStatus {
    if (this.state === 'up' && this.upSince !== undefined && Date.now() - this.upSince >= this.stableMs) this.attempt = 0;
    return {
      name: this.spec.name,
      kind: this.kind,
      state: this.state,
      attempt: this.attempt,
      restarts: this.restarts,
      nextStartAt: this.state === 'recovering' ? this.nextStartAt : undefined,
      lastError: this.lastError,
      lastErrorCode: this.lastErrorCode,
    };
  }

  /** The first run; rejects with its error (the worker is then already scheduled to retry unless the caller drops it). */
  async firstRun(): Promise<void> {
    const error = await this.run();
    if (error !== undefined) throw error;
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.generation++;
    clearTimeout(this.timer);
    const running = this.running;
    this.running = undefined;
    this.onStopped();
    await running?.stop().catch((error: Error) => this.logger.warn({ err: error.message }, 'worker stop failed'));
  }

  /** Starts one run; resolves with the start error, if any (already handled: a restart is scheduled). */
  private async run(): Promise<unknown> {
    const generation = ++this.generation;
    this.attempt++;
    this.state = 'starting';
    const crash = (error: unknown) => void this.crashed(generation, error);
    try {
      const running = await this.spec.start({ attempt: this.attempt, crash });
      if (generation !== this.generation) {
        // Stopped (or crashed) while starting: this run is not wanted any more.
        await running.stop().catch(() => undefined);
        return undefined;
      }
      this.running = running;
      this.state = 'up';
      this.upSince = Date.now();
      if (this.attempt > 1) this.logger.info({ attempt: this.attempt }, 'worker recovered');
      return undefined;
    } catch (error) {
      await this.crashed(generation, error);
      return error;
    }
  }

  private async crashed(generation: number, error: unknown): Promise<void> {
    if (generation !== this.generation || this.state === 'stopped') return;
    this.generation++;
    if (this.state === 'up' && this.upSince !== undefined && Date.now() - this.upSince >= this.stableMs) this.attempt = 0;
    this.state = 'recovering';
    this.upSince = undefined;
    this.lastError = (error as Error)?.message ?? String(error);
    this.lastErrorCode = errorCode(error);
    const delay = restartDelay(Math.max(1, this.attempt), this.options.baseMs, this.options.capMs, this.options.random);
    this.nextStartAt = Date.now() + delay;
    this.logger.warn({ err: this.lastError, code: this.lastErrorCode, attempt: this.attempt, restartInMs: delay }, 'worker crashed; restarting');
    const running = this.running;
    this.running = undefined;
    await running?.stop().catch((stopError: Error) => this.logger.debug({ err: stopError.message }, 'stopping the crashed run failed'));
    if (this.state !== 'recovering' || generation + 1 !== this.generation) return;
    this.timer = setTimeout(() => {
      this.restarts++;
      workerRestarts.inc({ worker: this.kind, code: this.lastErrorCode ?? 'UNKNOWN' });
      void this.run();
    }, delay);
    this.timer.unref?.();
  }
}
