/** A connector's or task's status as GET …/status shows it. */
export interface PublishedStatus {
  state: string;
  worker_id: string;
  trace: string | null;
}

const CONNECTOR_KEY = /^status-connector-(.+)$/s;
const TASK_KEY = /^status-task-(.+)-(\d+)$/s;

/**
 * The statuses as a distributed worker's status store sees them. A worker writes a status to the status topic and
 * serves it only once it has read it back, so GET …/status answers 404 "No status found" right after a create, and
 * shows the previous state for a while after a restart or a config change. Each write here becomes visible `delayMs`
 * after it was made (and after the topic write), in the order written.
 */
export class StatusView {
  private readonly connectors = new Map<string, PublishedStatus>();
  private readonly tasks = new Map<string, Map<number, PublishedStatus>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly delayMs: number) {}

  /** The statuses already in the status topic when the worker starts: visible at once, as after a real restart. */
  load(entries: Iterable<[string, unknown]>): void {
    for (const [key, value] of entries) {
      const status = value as PublishedStatus | null;
      const connector = CONNECTOR_KEY.exec(key);
      const task = TASK_KEY.exec(key);
      if (task) this.setTask(task[1]!, Number(task[2]), status);
      else if (connector) this.setConnector(connector[1]!, status);
    }
  }

  /** Makes a connector status (null: removed) visible once `written` settled and the delay passed. */
  publishConnector(written: Promise<unknown>, name: string, status: PublishedStatus | null): void {
    this.publish(written, () => this.setConnector(name, status));
  }

  publishTask(written: Promise<unknown>, name: string, id: number, status: PublishedStatus | null): void {
    this.publish(written, () => this.setTask(name, id, status));
  }

  connector(name: string): PublishedStatus | undefined {
    return this.connectors.get(name);
  }

  /** Task statuses of a connector, by id. */
  tasksOf(name: string): Array<PublishedStatus & { id: number }> {
    return [...(this.tasks.get(name) ?? new Map<number, PublishedStatus>())].sort(([a], [b]) => a - b).map(([id, s]) => ({ id, ...s }));
  }

  task(name: string, id: number): PublishedStatus | undefined {
    return this.tasks.get(name)?.get(id);
  }

  /** Resolves once every write made so far is visible. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Drops the writes not yet visible (the worker is going away). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private publish(written: Promise<unknown>, apply: () => void): void {
    const delay = this.delay();
    this.chain = this.chain.then(() => Promise.all([written.catch(() => undefined), delay])).then(() => {
      if (!this.stopped) apply();
    });
  }

  private delay(): Promise<void> {
    if (this.delayMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, this.delayMs);
      timer.unref?.();
      this.timers.add(timer);
    });
  }

  private setConnector(name: string, status: PublishedStatus | null): void {
    if (status) this.connectors.set(name, pick(status));
    else this.connectors.delete(name);
  }

  private setTask(name: string, id: number, status: PublishedStatus | null): void {
    let tasks = this.tasks.get(name);
    if (!tasks) this.tasks.set(name, (tasks = new Map()));
    if (status) tasks.set(id, pick(status));
    else tasks.delete(id);
    if (tasks.size === 0) this.tasks.delete(name);
  }
}

function pick(status: PublishedStatus): PublishedStatus {
  return { state: status.state, worker_id: status.worker_id, trace: status.trace ?? null };
}
