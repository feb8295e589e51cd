import type { KeyValueLog } from './key-value-log';

export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

export interface StoredStatus {
  state: string;
  trace: string | null;
  worker_id: string;
  generation: number;
}

/**
 * Connect's record layouts on its three internal topics, so a real Connect worker reading these topics would find
 * familiar data:
 * - configs: `connector-<name>` {properties}, `task-<name>-<n>` {properties}, `commit-<name>` {tasks},
 *   `target-state-<name>` {state, state.v2}
 * - offsets: key `["<name>", {partition}]`, value {offset}
 * - status: `status-connector-<name>`, `status-task-<name>-<n>`, `status-topic-<topic>:connector-<name>`
 */
export class ConnectStores {
  /** Task configs as of each connector's last commit record: Connect applies task configs only once committed. */
  private readonly committed = new Map<string, Array<Record<string, string>>>();

  constructor(
    readonly configs: KeyValueLog,
    readonly offsets: KeyValueLog,
    readonly statuses: KeyValueLog,
  ) {}

  connectorNames(): string[] {
    const names: string[] = [];
    for (const [key] of this.configs.entries()) if (key.startsWith('connector-')) names.push(key.slice('connector-'.length));
    return names.sort();
  }

  connectorConfig(name: string): Record<string, string> | undefined {
    return (this.configs.get(`connector-${name}`) as { properties?: Record<string, string> } | undefined)?.properties;
  }

  targetState(name: string): TargetState {
    const stored = this.configs.get(`target-state-${name}`) as { state?: string; 'state.v2'?: string } | undefined;
    const state = stored?.['state.v2'] ?? stored?.state ?? 'STARTED';
    return state === 'PAUSED' || state === 'STOPPED' ? state : 'STARTED';
  }

  taskConfigs(name: string): Array<Record<string, string>> {
    const committed = this.committed.get(name);
    if (committed) return committed.map((config) => ({ ...config }));
    const count = (this.configs.get(`commit-${name}`) as { tasks?: number } | undefined)?.tasks ?? 0;
    const out: Array<Record<string, string>> = [];
    for (let i = 0; i < count; i++) {
      const stored = this.configs.get(`task-${name}-${i}`) as { properties?: Record<string, string> } | undefined;
      if (stored?.properties) out.push(stored.properties);
    }
    return out;
  }

  async putConnectorConfig(name: string, properties: Record<string, string>): Promise<void> {
    await this.configs.write(`connector-${name}`, { properties });
  }

  async putTargetState(name: string, state: TargetState): Promise<void> {
    // Pre-3.5 readers only know STARTED/PAUSED in "state"; "state.v2" carries STOPPED (KIP-875).
    await this.configs.write(`target-state-${name}`, { state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state });
  }

  async putTaskConfigs(name: string, tasks: Array<Record<string, string>>): Promise<void> {
    const previous = (this.configs.get(`commit-${name}`) as { tasks?: number } | undefined)?.tasks ?? 0;
    for (let i = 0; i < tasks.length; i++) await this.configs.write(`task-${name}-${i}`, { properties: tasks[i] });
    for (let i = tasks.length; i < previous; i++) await this.configs.write(`task-${name}-${i}`, null);
    await this.configs.write(`commit-${name}`, { tasks: tasks.length });
    this.committed.set(name, tasks.map((config) => ({ ...config })));
  }

  async removeConnector(name: string): Promise<void> {
    await this.putTaskConfigs(name, []);
    await this.configs.write(`commit-${name}`, null);
    this.committed.delete(name);
    await this.configs.write(`target-state-${name}`, null);
    await this.configs.write(`connector-${name}`, null);
  }

  // --- source offsets ---

  offsetsOf(name: string): Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> }> {
    const out: Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> }> = [];
    for (const [key, value] of this.offsets.entries()) {
      const parsed = parseOffsetKey(key);
      if (parsed && parsed.connector === name) out.push({ partition: parsed.partition, offset: value as Record<string, unknown> });
    }
    return out;
  }

  offsetOf(name: string, partition: Record<string, unknown>): Record<string, unknown> | null {
    return (this.offsets.get(offsetKey(name, partition)) as Record<string, unknown> | undefined) ?? null;
  }

  async putOffset(name: string, partition: Record<string, unknown>, offset: Record<string, unknown> | null): Promise<void> {
    await this.offsets.write(offsetKey(name, partition), offset);
  }

  // --- statuses ---

  async putConnectorStatus(name: string, status: StoredStatus | null): Promise<void> {
    await this.statuses.write(`status-connector-${name}`, status);
  }

  async putTaskStatus(name: string, task: number, status: StoredStatus | null): Promise<void> {
    await this.statuses.write(`status-task-${name}-${task}`, status);
  }

  activeTopics(name: string): string[] {
    const suffix = `:connector-${name}`;
    const topics: string[] = [];
    for (const [key] of this.statuses.entries()) {
      if (key.startsWith('status-topic-') && key.endsWith(suffix)) topics.push(key.slice('status-topic-'.length, -suffix.length));
    }
    return topics.sort();
  }

  async putActiveTopic(name: string, topic: string, task: number): Promise<void> {
    await this.statuses.write(`status-topic-${topic}:connector-${name}`, { topic: { name: topic, connector: name, task, discoverTimestamp: Date.now() } });
  }

  async removeActiveTopics(name: string): Promise<void> {
    for (const topic of this.activeTopics(name)) await this.statuses.write(`status-topic-${topic}:connector-${name}`, null);
  }
}

/** Offsets are keyed by the JSON of [connector, partition] with sorted partition keys, so equal maps share a key. */
export function offsetKey(name: string, partition: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.keys(partition).sort().map((k) => [k, partition[k]]));
  return JSON.stringify([name, sorted]);
}

function parseOffsetKey(key: string): { connector: string; partition: Record<string, unknown> } | undefined {
  try {
    const parsed = JSON.parse(key) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && parsed[1] && typeof parsed[1] === 'object') {
      return { connector: parsed[0], partition: parsed[1] as Record<string, unknown> };
    }
  } catch {
    /* not one of ours */
  }
  return undefined;
}
