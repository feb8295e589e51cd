import type { ConnectClusters, ConnectorInfo, ConnectorStatus, KafkaConnectClient, ValidationResult } from '../../adapters/kafka-connect';
import type { Caller } from '../../auth/roles';
import { AppError, badInput } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { isSecretKey, REDACTED, redactSecrets, scrubText, secretValuesOf } from '../../secrets';
import type { AuditService } from '../audit';
import { auditTarget as audited } from './audit-target';
import type { AutoRestartStore } from './auto-restart-port';
import { createAutoRestarter } from './auto-restarter';
import { checkConnectorName, invalidConfigError, toConnectConfig, toConnectOffsets, withoutNulls, type OffsetInput } from './config-input';
import type { ConfigDefinitionView, ConfigValidationView, ConnectorOffsetView, ConnectorState, ConnectorView, PluginView } from './connector-model';
import { statusOrNothing, taskConfigsCarry, waitForTarget, type Settled, type Target } from './settle';
import type { WorkerHost } from '../worker-host';
import { ConnectorStatusPoller } from './status-poller';
import { jdbcSinkConfig, type JdbcSinkTemplateInput } from './templates/jdbc-sink-template';
import { s3SinkConfig, type S3SinkTemplateInput } from './templates/s3-sink-template';
import { connectorView } from './views';

export type InitialState = 'RUNNING' | 'PAUSED' | 'STOPPED';
export type UpdateMode = 'REPLACE' | 'MERGE';
export type PluginKind = 'SOURCE' | 'SINK' | 'CONVERTER' | 'HEADER_CONVERTER' | 'TRANSFORMATION' | 'PREDICATE';

export interface ConnectorsServiceOptions {
  clusters: ConnectClusters;
  audit: Pick<AuditService, 'wrap' | 'record'>;
  logger: Logger;
  /** Auto-restart policies (setConnectorAutoRestart) and one backoff unit in ms (CONNECT_AUTO_RESTART_UNIT_MS). */
  autoRestart: { store: AutoRestartStore; backoffUnitMs: number };
  /** Lifecycle mutations wait this long for the target state, then answer with the state reached. */
  lifecycleWaitMs: number;
  /** Interval of the shared status poller behind connectorStatusChanged and auto-restart. */
  statusPollMs: number;
  /** Events a status subscriber may have queued before SLOW_CONSUMER. @default 256 */
  subscriberBuffer?: number;
  /**
   * The S3 store pipegraph is configured with: createS3SinkConnector refuses a bucket it does not have (when the input
   * names no storeUrl, or one of `storeUrls`). Unset: no check.
   */
  s3Store?: { bucketExists(bucket: string): Promise<boolean>; storeUrls: string[] };
  /** Runs the status poller's loop under the process's supervisor. */
  workers?: WorkerHost;
}

const targetOf = (initial: InitialState): Target => initial;

/**
 * The connectors plane: every Connect REST operation as a service call, with secrets redacted from whatever leaves it,
 * configs validated by the cluster before they are written, lifecycle changes awaited (bounded) until the connector
 * reaches the target state, and every change recorded in the audit log.
 */
export function createConnectorsService(options: ConnectorsServiceOptions) {
  const { clusters, audit, logger, lifecycleWaitMs } = options;
  const autoRestarter = createAutoRestarter({ clusters, audit, logger, ...options.autoRestart });
  const poller = new ConnectorStatusPoller({
    clusters,
    intervalMs: options.statusPollMs,
    logger,
    subscriberBuffer: options.subscriberBuffer,
    onPoll: autoRestarter.check,
    pollWanted: autoRestarter.wanted,
    workers: options.workers,
  });

  const clientOf = (cluster?: string | null) => clusters.get(cluster);

  /** The connector as Connect shows it; UNASSIGNED without tasks while Connect has no status for it yet. */
  async function viewOf(client: KafkaConnectClient, name: string, settled?: Settled): Promise<ConnectorView> {
    const [info, current] = await Promise.all([client.connector(name), settled ? Promise.resolve(settled.status) : statusOrNothing(client, name)]);
    return { ...connectorView(client.name, info, current, await activeTopicsFor(client, info)), settled: settled?.settled ?? null };
  }

  /** topics.regex sinks list their topics only through the active-topics endpoint (2.5+); best effort. */
  async function activeTopicsFor(client: KafkaConnectClient, info: ConnectorInfo): Promise<string[]> {
    const usesRegex = info.type === 'sink' && !info.config.topics && info.config['topics.regex'];
    const source = info.type === 'source' && !info.config['kafka.topic'] && !info.config.topic;
    if (!usesRegex && !source) return [];
    return client.connectorTopics(info.name).catch(() => []);
  }

  /** Waits (bounded by lifecycleWaitMs) until `target` holds; the view says whether it did (`settled`). */
  async function settle(client: KafkaConnectClient, name: string, target: Target, also?: (status: ConnectorStatus) => Promise<boolean>): Promise<ConnectorView> {
    return viewOf(client, name, await waitForTarget(client, name, target, lifecycleWaitMs, also));
  }

  /** Asks the cluster to validate; invalid configs become BAD_USER_INPUT with one entry per config key. */
  async function validateOrThrow(client: KafkaConnectClient, config: Record<string, string>): Promise<void> {
    const className = config['connector.class'];
    if (!className) throw badInput('config.connector.class', 'config needs connector.class (the connector plugin class or alias)');
    const result = await client.validate(className, config);
    if (result.error_count > 0) throw invalidConfigError(fieldErrors(result, secretValuesOf(config)));
  }

  async function ensureStopped(client: KafkaConnectClient, name: string, stopFirst: boolean): Promise<void> {
    // No status yet (a connector just created) counts as UNASSIGNED: not stopped.
    const state = (await statusOrNothing(client, name))?.connector.state ?? 'UNASSIGNED';
    if (state === 'STOPPED') return;
    if (!stopFirst) {
      throw new AppError('CONFLICT', `connector ${name} is ${state}; offsets can change only while it is STOPPED (stop it first, or pass stopFirst: true)`, {
        details: { field: 'stopFirst', state },
      });
    }
    await client.stopConnector(name);
    const { status: stopped, settled } = await waitForTarget(client, name, 'STOPPED', lifecycleWaitMs);
    if (!settled) {
      const state = stopped?.connector.state ?? 'UNASSIGNED';
      throw new AppError('CONFLICT', `connector ${name} did not stop within ${lifecycleWaitMs} ms (state ${state})`, { retriable: true, details: { state } });
    }
  }

  async function create(caller: Caller, operation: string, cluster: string | null | undefined, name: string, config: Record<string, string>, initialState: InitialState, auditInput: Record<string, unknown>): Promise<ConnectorView> {
    const client = clientOf(cluster);
    return audit.wrap(caller, operation, audited(client.name, name), { cluster: client.name, ...auditInput, initialState }, async () => {
      checkConnectorName(name);
      if (config.name !== undefined && config.name !== name) throw badInput('config.name', `config.name (${config.name}) differs from the connector name (${name})`);
      const full = { ...config, name };
      await validateOrThrow(client, full);
      await client.createConnector(name, full, initialState);
      return settle(client, name, targetOf(initialState));
    });
  }

  return {
    /** Configured clusters; `version` is null for a cluster that does not answer. */
    async clusters() {
      return Promise.all(
        clusters.all().map(async (client) => {
          const info = await client.serverInfo().catch(() => undefined);
          return { name: client.name, isDefault: client.name === clusters.defaultCluster, version: info?.version ?? null, kafkaClusterId: info?.kafka_cluster_id ?? null };
        }),
      );
    },

    /** All connectors with state and tasks in one round trip (expand=status&expand=info), optionally one state only. */
    async listConnectors({ cluster, state }: { cluster?: string | null; state?: ConnectorState | null } = {}): Promise<ConnectorView[]> {
      const client = clientOf(cluster);
      const expanded = await client.listConnectorsExpanded();
      const views = Object.entries(expanded)
        .filter(([, e]) => e.info)
        .map(([, e]) => connectorView(client.name, e.info!, e.status));
      return views.filter((v) => !state || v.state === state).sort((a, b) => a.name.localeCompare(b.name));
    },

    /** One connector, or null when the cluster does not know it. */
    async getConnector({ cluster, name }: { cluster?: string | null; name: string }): Promise<ConnectorView | null> {
      checkConnectorName(name);
      const client = clientOf(cluster);
      try {
        return await viewOf(client, name);
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },

    async connectorOffsets({ cluster, name }: { cluster?: string | null; name: string }): Promise<ConnectorOffsetView[]> {
      return clientOf(cluster).offsets(name);
    },

    async connectorTopics({ cluster, name }: { cluster?: string | null; name: string }): Promise<string[]> {
      return clientOf(cluster).connectorTopics(name);
    },

    async plugins({ cluster, type }: { cluster?: string | null; type?: PluginKind | null } = {}): Promise<PluginView[]> {
      const connectorsOnly = !type || type === 'SOURCE' || type === 'SINK';
      const plugins = await clientOf(cluster).plugins(connectorsOnly);
      return plugins
        .filter((p) => !type || p.type.toUpperCase() === type)
        .map((p) => ({ className: p.class, type: p.type.toUpperCase(), version: p.version ?? null }))
        .sort((a, b) => a.className.localeCompare(b.className));
    },

    async pluginConfig({ cluster, className }: { cluster?: string | null; className: string }): Promise<ConfigDefinitionView[]> {
      if (className.trim() === '') throw badInput('className', 'className must not be empty');
      const definitions = await clientOf(cluster).pluginConfig(className);
      return definitions.map(definitionView);
    },

    /** Connect's validation, per field; never throws for an invalid config (that is the answer). */
    async validateConfig({ cluster, className, config }: { cluster?: string | null; className: string; config: unknown }): Promise<ConfigValidationView> {
      if (className.trim() === '') throw badInput('className', 'className must not be empty');
      const flat = withoutNulls(toConnectConfig(config, 'config'));
      const result = await clientOf(cluster).validate(className, { ...flat, 'connector.class': flat['connector.class'] ?? className });
      return validationView(result, secretValuesOf(flat));
    },

    createConnector(caller: Caller, { cluster, name, config, initialState = 'RUNNING' }: { cluster?: string | null; name: string; config: unknown; initialState?: InitialState | null }) {
      const flat = withoutNulls(toConnectConfig(config, 'config'));
      return create(caller, 'createConnector', cluster, name, flat, initialState ?? 'RUNNING', { config: flat });
    },

    /** REPLACE writes the whole config; MERGE changes only the given keys (null removes one). Validated first. */
    async updateConnectorConfig(caller: Caller, { cluster, name, config, mode = 'MERGE' }: { cluster?: string | null; name: string; config: unknown; mode?: UpdateMode | null }) {
      const client = clientOf(cluster);
      const patch = toConnectConfig(config, 'config', { allowNull: mode === 'MERGE' });
      return audit.wrap(caller, 'updateConnectorConfig', audited(client.name, name), { cluster: client.name, mode, config: patch }, async () => {
        const [current, tasksBefore] = await Promise.all([client.connectorConfig(name), client.taskConfigs(name)]);
        const next = mode === 'REPLACE' ? withoutNulls(patch) : withoutNulls({ ...current, ...patch });
        if (next.name !== undefined && next.name !== name) throw badInput('config.name', `config.name (${next.name}) differs from the connector name (${name})`);
        next.name = name;
        await validateOrThrow(client, next);
        if (mode === 'MERGE') await client.patchConnectorConfig(name, patch);
        else await client.putConnectorConfig(name, next);
        // Answered once the tasks run the new config (as many tasks as the new tasks.max…), not before the rebalance.
        return settle(client, name, 'SETTLED', taskConfigsCarry(client, name, { config: current, tasks: tasksBefore }, changeOf(current, next)));
      });
    },

    async deleteConnector(caller: Caller, { cluster, name }: { cluster?: string | null; name: string }) {
      const client = clientOf(cluster);
      return audit.wrap(caller, 'deleteConnector', audited(client.name, name), { cluster: client.name }, async () => {
        await client.deleteConnector(name);
        await autoRestarter.forget(client.name, name);
        return { cluster: client.name, name, deleted: true };
      });
    },

    pauseConnector(caller: Caller, { cluster, name }: { cluster?: string | null; name: string }) {
      const client = clientOf(cluster);
      return audit.wrap(caller, 'pauseConnector', audited(client.name, name), { cluster: client.name }, async () => {
        await client.pauseConnector(name);
        return settle(client, name, 'PAUSED');
      });
    },

    resumeConnector(caller: Caller, { cluster, name }: { cluster?: string | null; name: string }) {
      const client = clientOf(cluster);
      return audit.wrap(caller, 'resumeConnector', audited(client.name, name), { cluster: client.name }, async () => {
        await client.resumeConnector(name);
        return settle(client, name, 'RUNNING');
      });
    },

    stopConnector(caller: Caller, { cluster, name }: { cluster?: string | null; name: string }) {
      const client = clientOf(cluster);
      return audit.wrap(caller, 'stopConnector', audited(client.name, name), { cluster: client.name }, async () => {
        await client.stopConnector(name);
        return settle(client, name, 'STOPPED');
      });
    },

    restartConnector(caller: Caller, { cluster, name, includeTasks = false, onlyFailed = false }: { cluster?: string | null; name: string; includeTasks?: boolean | null; onlyFailed?: boolean | null }) {
      const client = clientOf(cluster);
      const flags = { includeTasks: includeTasks ?? false, onlyFailed: onlyFailed ?? false };
      return audit.wrap(caller, 'restartConnector', audited(client.name, name), { cluster: client.name, ...flags }, async () => {
        await client.restartConnector(name, flags);
        return settle(client, name, 'SETTLED');
      });
    },

    restartConnectorTask(caller: Caller, { cluster, name, taskId }: { cluster?: string | null; name: string; taskId: number }) {
      const client = clientOf(cluster);
      if (!Number.isInteger(taskId) || taskId < 0) throw badInput('taskId', 'taskId must be a task number ≥ 0');
      return audit.wrap(caller, 'restartConnectorTask', audited(client.name, name), { cluster: client.name, taskId }, async () => {
        await client.restartTask(name, taskId);
        return settle(client, name, 'SETTLED');
      });
    },

    /** Needs the connector STOPPED (KIP-875); with stopFirst it is stopped (and waited for) first. Admin. */
    alterConnectorOffsets(caller: Caller, { cluster, name, offsets, stopFirst = false }: { cluster?: string | null; name: string; offsets: OffsetInput[]; stopFirst?: boolean | null }) {
      const client = clientOf(cluster);
      return audit.wrap(caller, 'alterConnectorOffsets', audited(client.name, name), { cluster: client.name, offsets, stopFirst }, async () => {
        const info = await client.connector(name);
        const parsed = toConnectOffsets(offsets, info.type);
        await ensureStopped(client, name, stopFirst ?? false);
        const message = await client.alterOffsets(name, parsed);
        return { connector: await viewOf(client, name), message, offsets: await client.offsets(name) };
      });
    },

    resetConnectorOffsets(caller: Caller, { cluster, name, stopFirst = false }: { cluster?: string | null; name: string; stopFirst?: boolean | null }) {
      const client = clientOf(cluster);
      return audit.wrap(caller, 'resetConnectorOffsets', audited(client.name, name), { cluster: client.name, stopFirst }, async () => {
        await client.connector(name);
        await ensureStopped(client, name, stopFirst ?? false);
        const message = await client.resetOffsets(name);
        return { connector: await viewOf(client, name), message, offsets: await client.offsets(name) };
      });
    },

    /** The exact Confluent config a template input produces, secrets redacted (nothing is created). */
    jdbcSinkConfigPreview: (input: JdbcSinkTemplateInput) => redactSecrets(jdbcSinkConfig(input)),
    s3SinkConfigPreview: (input: S3SinkTemplateInput) => redactSecrets(s3SinkConfig(input)),

    createJdbcSinkConnector(caller: Caller, { cluster, input, initialState }: { cluster?: string | null; input: JdbcSinkTemplateInput; initialState?: InitialState | null }) {
      const config = jdbcSinkConfig(input);
      return create(caller, 'createJdbcSinkConnector', cluster, input.name, config, initialState ?? 'RUNNING', { config });
    },

    async createS3SinkConnector(caller: Caller, { cluster, input, initialState }: { cluster?: string | null; input: S3SinkTemplateInput; initialState?: InitialState | null }) {
      const config = s3SinkConfig(input);
      const store = options.s3Store;
      if (store && (!input.storeUrl || store.storeUrls.includes(input.storeUrl.replace(/\/+$/, ''))) && !(await store.bucketExists(input.bucket))) {
        throw badInput('input.bucket', `bucket "${input.bucket}" does not exist on the configured S3 store`);
      }
      return create(caller, 'createS3SinkConnector', cluster, input.name, config, initialState ?? 'RUNNING', { config });
    },

    /** Stores the connector's auto-restart policy (operator); answers with the connector. */
    async setConnectorAutoRestart(caller: Caller, args: { cluster?: string | null; name: string; enabled: boolean; maxRestarts?: number | null }): Promise<ConnectorView> {
      await autoRestarter.set(caller, args);
      return viewOf(clientOf(args.cluster), args.name);
    },

    /** `Connector.autoRestart` of each connector, in order (null: never configured); batched per request. */
    connectorAutoRestarts: (connectors: readonly ConnectorView[]) => autoRestarter.viewsOf(connectors),

    /** Auto-restart on for these connectors unless a policy was already set (the demo connectors). */
    enableAutoRestartUnlessSet: (cluster: string, names: readonly string[]) => autoRestarter.enableUnlessSet(cluster, names),

    /** State transitions of the named connectors (all when empty), from the one shared poller. */
    connectorStatusChanged({ cluster, names }: { cluster?: string | null; names?: string[] | null }) {
      const client = clientOf(cluster);
      return poller.subscribe(client.name, names);
    },

    /** For tests: how many polls the shared poller made. */
    statusPollCount: () => poller.pollCount,

    readiness(): Record<string, () => Promise<{ ok: boolean; detail?: string }>> {
      return Object.fromEntries(
        clusters.all().map((client) => [
          client.name === clusters.defaultCluster ? 'connect' : `connect:${client.name}`,
          async () => {
            try {
              const { version } = await client.health();
              return { ok: true, detail: `Kafka Connect ${version}` };
            } catch (error) {
              return { ok: false, detail: (error as Error).message };
            }
          },
        ]),
      );
    },

    /** Starts polling every cluster continuously, so FAILED connectors with auto-restart on are restarted. */
    start(): void {
      poller.start(clusters.names());
    },

    stop(): void {
      poller.stop();
    },
  };
}

export type ConnectorsService = ReturnType<typeof createConnectorsService>;

/** The keys `next` changes in `current`: new values, and null for each key it drops. */
function changeOf(current: Record<string, string>, next: Record<string, string>): Record<string, string | null> {
  const change: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(next)) if (current[key] !== value) change[key] = value;
  for (const key of Object.keys(current)) if (!(key in next)) change[key] = null;
  return change;
}

function definitionView(d: ValidationResult['configs'][number]['definition']): ConfigDefinitionView {
  return {
    name: d.name,
    type: d.type,
    required: d.required,
    defaultValue: d.default_value ?? null,
    importance: d.importance,
    documentation: d.documentation ?? null,
    group: d.group ?? null,
    orderInGroup: d.order_in_group ?? d.order ?? null,
    width: d.width ?? null,
    displayName: d.display_name ?? null,
    dependents: d.dependents ?? [],
  };
}

function fieldErrors(result: ValidationResult, secrets: string[]): Array<{ field: string; messages: string[] }> {
  return result.configs
    .filter((c) => c.value.errors.length > 0)
    .map((c) => ({ field: `config.${c.value.name}`, messages: c.value.errors.map((m) => scrubText(m, secrets)) }));
}

function validationView(result: ValidationResult, secrets: string[]): ConfigValidationView {
  const fields = result.configs.map((c) => {
    const secret = c.definition.type === 'PASSWORD' || isSecretKey(c.value.name);
    return {
      name: c.value.name,
      value: c.value.value === null || c.value.value === '' ? c.value.value : secret ? REDACTED : scrubText(c.value.value, secrets),
      recommendedValues: c.value.recommended_values ?? [],
      errors: c.value.errors.map((m) => scrubText(m, secrets)),
      visible: c.value.visible,
      definition: definitionView(c.definition),
    };
  });
  return {
    className: result.name,
    valid: result.error_count === 0,
    errorCount: result.error_count,
    groups: result.groups,
    fields,
    errors: fields.filter((f) => f.errors.length > 0).map((f) => ({ field: f.name, messages: f.errors })),
  };
}
