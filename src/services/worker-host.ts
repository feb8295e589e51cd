/**
 * The port through which a service runs a long-lived loop under the process's supervisor (src/wiring/supervisor.ts
 * implements it): the loop reports an unexpected failure with `run.crash`, and the host stops it and starts it again
 * after a backoff, so a bug in one poll never ends the loop or the process.
 */
export interface WorkerHost {
  supervise(spec: {
    name: string;
    /** Label of the restart counter. */
    kind?: string;
    start(run: { crash(error: unknown): void }): Promise<{ stop(): Promise<void> }>;
  }): Promise<{ stop(): Promise<void> }>;
}
