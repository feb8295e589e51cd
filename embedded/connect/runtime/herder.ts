import type { Admin, Kafka, Producer } from 'kafkajs';
import type { EmbeddedLogger } from '../../logger';
import type { ConnectorPlugin } from '../plugins/plugin';
import { invalidConfigMessage, type PluginRegistry, type ValidationResult } from '../plugins/registry';
import type { ConnectStores, TargetState } from '../storage/connect-stores';
import { badRequest, conflict, ConnectRestError, notFound } from './connect-error';
import { commitGroupOffsets } from './group-offsets';
import { SinkTaskRunner } from './sink-task-runner';
import { SourceTaskRunner } from './source-task-runner';
import { StatusView, type PublishedStatus } from './status-view';
import { atLeast, type ConnectVersion } from '../version';
import { validateSinkTopics } from '../config/connector-config';
import { traceOf, type TaskRunner, type TaskState, type TaskStatus } from './task-runner';

export type ConnectorState = TaskState;

interface Runtime {
  name: string;
  config: Record<string, string>;
  plugin: ConnectorPlugin | undefined;
  target: TargetState;
  status: TaskStatus;
  tasks: TaskRunner[];
  /** Task config count announced in the config topic (GET /connectors/{name} lists these ids). */
  taskCount: number;
}

export interface HerderOptions {
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  stores: ConnectStores;
  plugins: PluginRegistry;
  workerId: string;
  /** Worker-level converter settings (key.converter, value.converter and their props). */
  workerConfig: Record<string, string>;
  logger: EmbeddedLogger;
  /** The Connect release imitated (validation of sink topics differs before 3.7). */
  version: ConnectVersion;
  /** How long a status write takes to become visible in GET …/status (a distributed worker reads it back). */
  statusDelayMs: number;
}

export interface StatusJson {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: Array<{ id: number; state: string; worker_id: string; trace?: string }>;
  type: string;
}

export type OffsetEntry = { partition: Record<string, unknown>; offset: Record<string, unknown> | null };

/**
 * The worker's brain (Connect calls it the herder): owns every connector's config, target state and tasks, persists
 * them through ConnectStores, and applies changes one at a time. Lifecycle requests return once the change is durable;
 * the transition itself happens in the background, as in Connect, and shows in the status.
 */
export class Herder {
  private readonly runtimes = new Map<string, Runtime>();
  private queue: Promise<unknown> = Promise.resolve();
  private statusWrites: Promise<unknown> = Promise.resolve();
  private generation = 0;
  private stopped = false;
  private readonly view: StatusView;

  constructor(private readonly options: HerderOptions) {
    this.view = new StatusView(options.statusDelayMs);
    this.view.load(options.stores.statuses.entries());
  }

  // --- lifecycle of the worker ---

  async start(): Promise<void> {
    const { stores } = this.options;
    for (const name of stores.connectorNames()) {
      const config = stores.connectorConfig(name)!;
      const runtime = this.newRuntime(name, config, stores.targetState(name));
      this.runtimes.set(name, runtime);
      this.enqueue(() => this.startConnector(runtime));
    }
    await this.queue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.enqueue(async () => {
      await Promise.all([...this.runtimes.values()].map((runtime) => this.stopTasks(runtime)));
    });
    await this.statusWrites;
    this.view.stop();
  }

  // --- queries ---

  connectorNames(): string[] {
    return [...this.runtimes.keys()].sort();
  }

  /**
   * The connector, or 404 in the words of the Connect code path the request takes: "Connector x not found" (info,
   * config, delete, offsets), "Unknown connector x" (pause, resume, stop), "Unknown connector: x" (restarts).
   */
  private runtime(name: string, unknown = `Connector ${name} not found`): Runtime {
    const runtime = this.runtimes.get(name);
    if (!runtime) throw notFound(unknown);
    return runtime;
  }

  info(name: string) {
    const runtime = this.runtime(name);
    return {
      name,
      config: { ...runtime.config },
      tasks: Array.from({ length: runtime.taskCount }, (_, task) => ({ connector: name, task })),
      type: runtime.plugin?.type ?? 'unknown',
    };
  }

  config(name: string): Record<string, string> {
    return { ...this.runtime(name).config };
  }

  /**
   * GET …/status as a distributed worker answers it: from the status store, not from the connector's config, so a
   * connector whose first status is not visible yet answers 404, like one that does not exist.
   */
  status(name: string): StatusJson {
    const connector = this.view.connector(name);
    if (!connector) throw notFound(`No status found for connector ${name}`);
    return {
      name,
      connector: statusJson(connector),
      tasks: this.view.tasksOf(name).map((t) => ({ id: t.id, ...statusJson(t) })),
      type: this.runtimes.get(name)?.plugin?.type ?? 'unknown',
    };
  }

  taskStatus(name: string, id: number) {
    const task = this.view.task(name, id);
    if (!task) throw notFound(`No status found for task ${name}-${id}`);
    return { id, ...statusJson(task) };
  }

  /** Resolves once every status written so far is visible (the worker's stop, and tests). */
  statusesVisible(): Promise<void> {
    return this.view.settled();
  }

  taskConfigs(name: string) {
    this.runtime(name);
    return this.options.stores.taskConfigs(name).map((config, task) => ({ id: { connector: name, task }, config }));
  }

  /** Connect reads the status store without checking the connector exists: an unknown name has no topics. */
  activeTopics(name: string): string[] {
    return this.options.stores.activeTopics(name);
  }

  // --- config changes ---

  validate(config: Record<string, string>, expectedPlugin?: string): ValidationResult {
    const className = config['connector.class'];
    if (!className) throw badRequest(`Connector config ${JSON.stringify(redactForMessage(config))} contains no connector type`);
    const plugin = this.options.plugins.find(className);
    if (!plugin) throw badRequest(this.unknownPluginMessage(className));
    if (expectedPlugin !== undefined) {
      const expected = this.options.plugins.find(expectedPlugin);
      if (!expected) throw notFound(`Unknown plugin ${expectedPlugin}.`);
      if (expected !== plugin) throw badRequest(`Included connector type ${className} does not match request type ${expectedPlugin}`);
    }
    // Before 3.7 (KAFKA-13327) a sink's topic rules threw out of validation: 500 instead of per-field errors.
    if (plugin.type === 'sink' && !atLeast(this.options.version, '3.7')) {
      const first = [...validateSinkTopics(config).values()][0]?.[0];
      if (first) throw new ConnectRestError(500, first);
    }
    return this.options.plugins.validate(plugin, config);
  }

  private unknownPluginMessage(className: string): string {
    const available = this.options.plugins.list(true).map((p) => p.class);
    return `Failed to find any class that implements Connector and which name matches ${className}, available connectors are: ${available.join(', ')}`;
  }

  private checkedPlugin(config: Record<string, string>): ConnectorPlugin {
    const result = this.validate(config);
    if (result.error_count > 0) throw badRequest(invalidConfigMessage(result));
    return this.options.plugins.find(config['connector.class']!)!;
  }

  async create(name: string, config: Record<string, string>, initialState: 'RUNNING' | 'PAUSED' | 'STOPPED' = 'RUNNING') {
    checkName(name);
    const full: Record<string, string> = { ...config, name };
    return this.enqueue(async () => {
      if (this.runtimes.has(name)) throw conflict(`Connector ${name} already exists`);
      this.checkedPlugin(full);
      const target: TargetState = initialState === 'RUNNING' ? 'STARTED' : initialState;
      await this.options.stores.putTargetState(name, target);
      await this.options.stores.putConnectorConfig(name, full);
      const runtime = this.newRuntime(name, full, target);
      this.runtimes.set(name, runtime);
      this.enqueue(() => this.startConnector(runtime));
      return { name, config: { ...full }, tasks: [] as Array<{ connector: string; task: number }>, type: runtime.plugin!.type };
    });
  }

  /** PUT …/config: creates (201) or replaces (200) the whole config. */
  async putConfig(name: string, config: Record<string, string>) {
    checkName(name);
    if (config.name !== undefined && config.name !== name) {
      throw badRequest(`Connector name configuration (${config.name}) doesn't match connector name in the URL (${name})`);
    }
    const full: Record<string, string> = { ...config, name };
    return this.enqueue(async () => {
      this.checkedPlugin(full);
      const existing = this.runtimes.get(name);
      await this.options.stores.putConnectorConfig(name, full);
      if (!existing) {
        await this.options.stores.putTargetState(name, 'STARTED');
        const runtime = this.newRuntime(name, full, 'STARTED');
        this.runtimes.set(name, runtime);
        this.enqueue(() => this.startConnector(runtime));
        return { created: true, info: { name, config: { ...full }, tasks: [], type: runtime.plugin!.type } };
      }
      await this.stopTasks(existing);
      existing.config = full;
      existing.plugin = this.options.plugins.find(full['connector.class']!);
      this.enqueue(() => this.startConnector(existing));
      return { created: false, info: { name, config: { ...full }, tasks: [], type: existing.plugin!.type } };
    });
  }

  /** PATCH …/config (3.8, KIP-477): merges; a null value removes the key. */
  async patchConfig(name: string, patch: Record<string, string | null>) {
    const current = this.config(name);
    if (patch.name !== undefined && patch.name !== null && patch.name !== name) {
      throw badRequest(`Connector name configuration (${patch.name}) doesn't match connector name in the URL (${name})`);
    }
    const merged: Record<string, string> = { ...current };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const { info } = await this.putConfig(name, merged);
    return info;
  }

  async delete(name: string): Promise<void> {
    await this.enqueue(async () => {
      const runtime = this.runtime(name);
      await this.stopTasks(runtime);
      this.runtimes.delete(name);
      const { stores } = this.options;
      await stores.removeConnector(name);
      this.dropTaskStatuses(runtime, 0);
      this.writeConnectorStatus(name, null);
      await stores.removeActiveTopics(name);
    });
  }

  // --- lifecycle of connectors ---

  async pause(name: string): Promise<void> {
    await this.changeTarget(name, 'PAUSED');
  }

  async resume(name: string): Promise<void> {
    await this.changeTarget(name, 'STARTED');
  }

  async stopConnector(name: string): Promise<void> {
    await this.changeTarget(name, 'STOPPED');
  }

  private async changeTarget(name: string, target: TargetState): Promise<void> {
    await this.enqueue(async () => {
      const runtime = this.runtime(name, `Unknown connector ${name}`);
      if (runtime.target === target) return;
      await this.options.stores.putTargetState(name, target);
      const previous = runtime.target;
      runtime.target = target;
      this.enqueue(() => this.applyTarget(runtime, previous));
    });
  }

  private async applyTarget(runtime: Runtime, previous: TargetState): Promise<void> {
    if (!this.runtimes.has(runtime.name)) return;
    if (runtime.target === 'STOPPED') {
      await this.stopTasks(runtime);
      runtime.tasks = [];
      runtime.taskCount = 0;
      await this.options.stores.putTaskConfigs(runtime.name, []);
      this.dropTaskStatuses(runtime, 0);
      this.setConnectorStatus(runtime, { state: 'STOPPED', trace: null });
      return;
    }
    if (previous === 'STOPPED' || runtime.tasks.length === 0) {
      await this.startConnector(runtime);
      return;
    }
    for (const task of runtime.tasks) await (runtime.target === 'PAUSED' ? task.pause() : task.resume());
    if (runtime.status.state !== 'FAILED') this.setConnectorStatus(runtime, { state: runtime.target === 'PAUSED' ? 'PAUSED' : 'RUNNING', trace: null });
  }

  /**
   * POST …/restart (KIP-745). Without includeTasks/onlyFailed only the connector restarts and null is returned (204);
   * otherwise the planned restarts are returned marked RESTARTING (202) and carried out in the background.
   */
  async restart(name: string, includeTasks: boolean, onlyFailed: boolean): Promise<StatusJson | null> {
    const runtime = this.runtime(name, `Unknown connector: ${name}`);
    if (!includeTasks && !onlyFailed) {
      await this.enqueue(() => this.restartConnectorOnly(runtime));
      return null;
    }
    // The plan is made from the status store, as Connect's restart plan is ("Status for connector … not found").
    let status: StatusJson;
    try {
      status = this.status(name);
    } catch {
      throw notFound(`Status for connector ${name} not found`);
    }
    const restartConnector = !onlyFailed || status.connector.state === 'FAILED';
    const failed = new Set(status.tasks.filter((t) => t.state === 'FAILED').map((t) => t.id));
    const tasks = includeTasks ? runtime.tasks.filter((t) => !onlyFailed || failed.has(t.id)) : [];
    if (restartConnector) status.connector = { state: 'RESTARTING', worker_id: this.options.workerId };
    const restarting = new Set(tasks.map((t) => t.id));
    status.tasks = status.tasks.map((t) => (restarting.has(t.id) ? { id: t.id, state: 'RESTARTING', worker_id: this.options.workerId } : t));
    if (restartConnector) this.setConnectorStatus(runtime, { state: 'RESTARTING', trace: null });
    this.enqueue(async () => {
      if (restartConnector && restarting.size === runtime.tasks.length) {
        await this.stopTasks(runtime);
        await this.startConnector(runtime);
        return;
      }
      if (restartConnector) await this.restartConnectorOnly(runtime);
      for (const id of restarting) await this.replaceTask(runtime, id);
    });
    return status;
  }

  async restartTask(name: string, id: number): Promise<void> {
    const runtime = this.runtime(name, `Unknown connector: ${name}`);
    if (!runtime.tasks.some((t) => t.id === id)) throw notFound(`Unknown task: ${name}-${id}`);
    await this.enqueue(() => this.replaceTask(runtime, id));
  }

  // --- offsets (KIP-875) ---

  async offsets(name: string): Promise<{ offsets: OffsetEntry[] }> {
    const runtime = this.runtime(name);
    if (runtime.plugin?.type === 'source') return { offsets: this.options.stores.offsetsOf(name) };
    const groups = await this.options.admin.fetchOffsets({ groupId: `connect-${name}` });
    const offsets: OffsetEntry[] = [];
    for (const topic of groups) {
      for (const p of topic.partitions) {
        if (Number(p.offset) < 0) continue;
        offsets.push({ partition: { kafka_topic: topic.topic, kafka_partition: p.partition }, offset: { kafka_offset: Number(p.offset) } });
      }
    }
    return { offsets };
  }

  async alterOffsets(name: string, body: unknown): Promise<{ message: string }> {
    const entries = parseOffsetsBody(body);
    return this.enqueue(async () => {
      const runtime = this.requireStopped(name);
      if (runtime.plugin?.type === 'source') {
        for (const { partition, offset } of entries) await this.options.stores.putOffset(name, partition, offset);
        return { message: 'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.' };
      }
      const commits: Array<{ topic: string; partition: number; offset: string }> = [];
      for (const entry of entries) {
        const { topic, partition, offset } = parseSinkOffset(entry);
        // A null offset resets the partition: the next consumer starts at the earliest offset, as after a deletion.
        const resolved = offset ?? (await this.lowWatermark(topic, partition));
        commits.push({ topic, partition, offset: String(resolved) });
      }
      await commitGroupOffsets(this.options.kafka, `connect-${name}`, commits);
      return { message: 'The offsets for this connector have been altered successfully' };
    });
  }

  async resetOffsets(name: string): Promise<{ message: string }> {
    return this.enqueue(async () => {
      const runtime = this.requireStopped(name);
      if (runtime.plugin?.type === 'source') {
        for (const { partition } of this.options.stores.offsetsOf(name)) await this.options.stores.putOffset(name, partition, null);
        return { message: 'The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.' };
      }
      const groupId = `connect-${name}`;
      try {
        await this.options.admin.deleteGroups([groupId]);
      } catch (error) {
        // A group that never committed does not exist: nothing to reset.
        if (!/does not exist|GROUP_ID_NOT_FOUND|not found/i.test(`${(error as Error).message} ${JSON.stringify((error as { groups?: unknown }).groups ?? '')}`)) throw error;
      }
      return { message: 'The offsets for this connector have been reset successfully' };
    });
  }

  async resetActiveTopics(name: string): Promise<void> {
    this.runtime(name);
    await this.options.stores.removeActiveTopics(name);
  }

  private requireStopped(name: string): Runtime {
    const runtime = this.runtime(name);
    if (runtime.target !== 'STOPPED' || runtime.status.state !== 'STOPPED') {
      throw badRequest(
        `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
      );
    }
    return runtime;
  }

  private async lowWatermark(topic: string, partition: number): Promise<number> {
    const offsets = await this.options.admin.fetchTopicOffsets(topic);
    return Number(offsets.find((o) => o.partition === partition)?.low ?? 0);
  }

  // --- internals ---

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private newRuntime(name: string, config: Record<string, string>, target: TargetState): Runtime {
    return {
      name,
      config,
      plugin: this.options.plugins.find(config['connector.class'] ?? ''),
      target,
      status: { state: 'UNASSIGNED', trace: null },
      tasks: [],
      taskCount: this.options.stores.taskConfigs(name).length,
    };
  }

  private async startConnector(runtime: Runtime): Promise<void> {
    if (this.stopped || !this.runtimes.has(runtime.name)) return;
    const { stores } = this.options;
    if (runtime.target === 'STOPPED') {
      runtime.tasks = [];
      runtime.taskCount = 0;
      this.setConnectorStatus(runtime, { state: 'STOPPED', trace: null });
      return;
    }
    let taskConfigs: Array<Record<string, string>>;
    try {
      if (!runtime.plugin) throw new Error(this.unknownPluginMessage(runtime.config['connector.class'] ?? ''));
      const maxTasks = Math.max(1, Number(runtime.config['tasks.max'] ?? 1) || 1);
      taskConfigs = runtime.plugin.taskConfigs(runtime.config, maxTasks);
      await stores.putTaskConfigs(runtime.name, taskConfigs);
      this.dropTaskStatuses(runtime, taskConfigs.length);
    } catch (error) {
      this.setConnectorStatus(runtime, { state: 'FAILED', trace: traceOf(error) });
      return;
    }
    runtime.taskCount = taskConfigs.length;
    this.setConnectorStatus(runtime, { state: runtime.target === 'PAUSED' ? 'PAUSED' : 'RUNNING', trace: null });
    runtime.tasks = taskConfigs.map((config, id) => this.newTask(runtime, id, config));
    await Promise.all(runtime.tasks.map((task) => task.start(runtime.target === 'PAUSED')));
  }

  private async restartConnectorOnly(runtime: Runtime): Promise<void> {
    if (runtime.target === 'STOPPED') {
      this.setConnectorStatus(runtime, { state: 'STOPPED', trace: null });
      return;
    }
    if (!runtime.plugin) {
      this.setConnectorStatus(runtime, { state: 'FAILED', trace: traceOf(new Error(this.unknownPluginMessage(runtime.config['connector.class'] ?? ''))) });
      return;
    }
    // The connector instance only computes task configs here; restart it and start tasks if it had none.
    if (runtime.tasks.length === 0) {
      await this.startConnector(runtime);
      return;
    }
    this.setConnectorStatus(runtime, { state: runtime.target === 'PAUSED' ? 'PAUSED' : 'RUNNING', trace: null });
  }

  private async replaceTask(runtime: Runtime, id: number): Promise<void> {
    const index = runtime.tasks.findIndex((t) => t.id === id);
    if (index < 0 || !this.runtimes.has(runtime.name)) return;
    await runtime.tasks[index]!.stop();
    this.writeTaskStatus(runtime.name, id, { state: 'RESTARTING', trace: null });
    const config = this.options.stores.taskConfigs(runtime.name)[id] ?? runtime.config;
    const task = this.newTask(runtime, id, config);
    runtime.tasks[index] = task;
    await task.start(runtime.target === 'PAUSED');
  }

  private newTask(runtime: Runtime, id: number, config: Record<string, string>): TaskRunner {
    const { kafka, admin, producer, stores, workerConfig } = this.options;
    const logger = this.options.logger.child ? this.options.logger.child({ connector: runtime.name, task: id }) : this.options.logger;
    const onStatus = (taskId: number, status: TaskStatus) => {
      if (runtime.tasks.some((t) => t.id === taskId)) this.writeTaskStatus(runtime.name, taskId, status);
    };
    const onTopic = (taskId: number, topic: string) => {
      if (!stores.activeTopics(runtime.name).includes(topic)) {
        this.statusWrites = this.statusWrites.then(() => stores.putActiveTopic(runtime.name, topic, taskId)).catch(() => undefined);
      }
    };
    const common = { connector: runtime.name, taskId: id, plugin: runtime.plugin!, config, workerConfig, admin, producer, logger, onStatus, onTopic };
    return runtime.plugin!.type === 'sink' ? new SinkTaskRunner({ ...common, kafka }) : new SourceTaskRunner({ ...common, stores });
  }

  private async stopTasks(runtime: Runtime): Promise<void> {
    const tasks = runtime.tasks;
    await Promise.all(tasks.map((t) => t.stop()));
    for (const t of tasks) this.writeTaskStatus(runtime.name, t.id, { state: 'UNASSIGNED', trace: null });
  }

  /** The leader removes the statuses of tasks that no longer have a config (after a stop or fewer tasks.max). */
  private dropTaskStatuses(runtime: Runtime, remaining: number): void {
    const ids = new Set([...this.view.tasksOf(runtime.name).map((t) => t.id), ...runtime.tasks.map((t) => t.id)]);
    for (const id of [...ids].sort((a, b) => a - b)) if (id >= remaining) this.writeTaskStatus(runtime.name, id, null);
  }

  private setConnectorStatus(runtime: Runtime, status: TaskStatus): void {
    runtime.status = status;
    this.writeConnectorStatus(runtime.name, status);
  }

  /** Status writes are ordered but never block the caller: a slow broker must not stall tasks. */
  private writeConnectorStatus(name: string, status: TaskStatus | null): void {
    const stored = status && { state: status.state, trace: status.trace, worker_id: this.options.workerId, generation: this.generation++ };
    this.view.publishConnector(this.writeStatus(() => this.options.stores.putConnectorStatus(name, stored), { connector: name }), name, stored);
  }

  private writeTaskStatus(name: string, id: number, status: TaskStatus | null): void {
    const stored = status && { state: status.state, trace: status.trace, worker_id: this.options.workerId, generation: this.generation++ };
    this.view.publishTask(this.writeStatus(() => this.options.stores.putTaskStatus(name, id, stored), { connector: name, task: id }), name, id, stored);
  }

  private writeStatus(write: () => Promise<void>, context: Record<string, unknown>): Promise<unknown> {
    this.statusWrites = this.statusWrites.then(write).catch((error) => this.options.logger.warn({ ...context, err: (error as Error).message }, 'writing status failed'));
    return this.statusWrites;
  }
}

function statusJson(status: PublishedStatus): { state: string; worker_id: string; trace?: string } {
  return status.trace ? { state: status.state, worker_id: status.worker_id, trace: status.trace } : { state: status.state, worker_id: status.worker_id };
}

function checkName(name: string): void {
  if (!name || name.trim() === '') throw badRequest('Connector name cannot be empty');
  // Connect refuses ISO control characters in names (KAFKA-4827).
  if (/[\u0000-\u001f\u007f]/.test(name)) throw badRequest('Connector name should not contain ISO control characters');
}

function redactForMessage(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, /password|secret|token|credential|private/i.test(k) ? '[hidden]' : v]));
}

function parseOffsetsBody(body: unknown): Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> | null }> {
  const offsets = (body as { offsets?: unknown } | null)?.offsets;
  if (!Array.isArray(offsets)) throw badRequest('Must specify the offsets to be modified in the request body (as "offsets")');
  if (offsets.length === 0) throw badRequest('Offsets to be modified may not be empty');
  return offsets.map((entry) => {
    const e = entry as { partition?: unknown; offset?: unknown };
    if (!e || typeof e.partition !== 'object' || e.partition === null) throw badRequest('The partition for each offset must be a JSON object');
    if (e.offset !== null && (typeof e.offset !== 'object' || e.offset === undefined)) throw badRequest('The offset for each partition must be a JSON object or null');
    return { partition: e.partition as Record<string, unknown>, offset: e.offset as Record<string, unknown> | null };
  });
}

function parseSinkOffset(entry: { partition: Record<string, unknown>; offset: Record<string, unknown> | null }) {
  const topic = entry.partition.kafka_topic;
  const partition = entry.partition.kafka_partition;
  if (typeof topic !== 'string' || partition === undefined) {
    throw badRequest("The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'");
  }
  const p = Number(partition);
  if (!Number.isInteger(p) || p < 0) throw badRequest('Kafka partitions must be valid numbers and may not be negative');
  if (entry.offset === null) return { topic, partition: p, offset: null };
  if (entry.offset.kafka_offset === undefined) throw badRequest("The offset for a sink connector should either be null or contain the key 'kafka_offset'");
  const o = Number(entry.offset.kafka_offset);
  if (!Number.isInteger(o) || o < 0) throw badRequest('Kafka offsets must be valid numbers and may not be negative');
  return { topic, partition: p, offset: o };
}
