import { restartDelay } from '../shared/backoff';

export interface RestarterOptions {
  /** Starts one run again; a rejection counts as a crash of that run (and schedules the next attempt). */
  run(): Promise<void>;
  /** Told before each wait, e.g. to log it. */
  onCrash?(error: unknown, attempt: number, delayMs: number): void;
  /** First delay; doubles per consecutive crash. @default 250 */
  baseMs?: number;
  /** Delay cap. @default 5_000 */
  capMs?: number;
  /** A run that stays up this long resets the backoff. @default 10_000 */
  stableMs?: number;
  /** [0, 1); injectable for tests. @default Math.random */
  random?: () => number;
}

/**
 * Restarts one of a stand-in's own long-running consumers after it crashed, whatever the error, with capped exponential
 * backoff and jitter (the policy of pipegraph's supervisor): the real systems' clients never give up on a broker that
 * went away or a group that forgot them, so neither may the stand-ins — and never in a tight loop. The run resumes
 * from its group's committed offsets, so what was not committed is delivered again: at-least-once, nothing skipped.
 */
export class Restarter {
  private attempt = 0;
  private upSince?: number;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: RestarterOptions) {}

  /** The current run is up (call after a first start made outside the restarter). */
  started(): void {
    if (!this.timer) this.upSince = Date.now();
  }

  /** The current run died: start another after the backoff. Ignored while one is already scheduled, or after stop(). */
  crashed(error: unknown): void {
    if (this.stopped || this.timer) return;
    if (this.upSince !== undefined && Date.now() - this.upSince >= (this.options.stableMs ?? 10_000)) this.attempt = 0;
    this.upSince = undefined;
    this.attempt++;
    const delay = restartDelay(this.attempt, this.options.baseMs ?? 250, this.options.capMs ?? 5_000, this.options.random);
    this.options.onCrash?.(error, this.attempt, delay);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.options.run().then(
        () => this.started(),
        (runError: unknown) => this.crashed(runError),
      );
    }, delay);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
