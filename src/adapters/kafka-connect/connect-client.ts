import type { Logger } from '../../logging/logger';
import { timeBackendCall } from '../../observability/metrics';
import { secretValuesOf } from '../../secrets';
import { atLeast, FEATURES, formatVersion, parseKafkaVersion, type Feature, type KafkaVersion } from './connect-version';
import type {
  ConnectorInfo,
  ConnectorOffset,
  ConnectorOffsets,
  ConnectorStatus,
  ConfigKeyDefinition,
  ExpandedConnector,
  InitialState,
  PluginInfo,
  ServerInfo,
  TaskConfig,
  TaskStateInfo,
  ValidationResult,
} from './connect-types';
import { mapConnectStatus, mapConnectTransportError, unsupportedFeature, type ConnectCallContext } from './map-error';
import { sinkTopicProblem, withSinkTopicProblems, type SinkTopicProblem } from './sink-topics-validation';
import { AppError } from '../../errors/app-error';

export interface ConnectClientOptions {
  /** Cluster name used in errors, logs and metrics. */
  name: string;
  /** Base URL of the REST API, e.g. http://connect:8083 (a trailing slash is ignored). */
  url: string;
  /** Per call; a slower answer is UPSTREAM_UNAVAILABLE. */
  timeoutMs: number;
  /** 409 answers retried this many times before CONFLICT (retriable). */
  conflictRetries: number;
  /** First backoff between 409 retries, doubled each time (capped at 5 s). */
  conflictBackoffMs: number;
  logger: Logger;
  /** How long the version from `GET /` is trusted before it is read again. @default 60_000 */
  versionTtlMs?: number;
}

interface RequestOptions {
  operation: string;
  body?: unknown;
  query?: Record<string, string | string[]>;
}

/**
 * A typed client for the Kafka Connect REST API of Apache Kafka 2.4 to 4.x (and Confluent Platform 5.4+). It reads the
 * cluster's version from `GET /` and either refuses what the cluster lacks (UPSTREAM_REJECTED naming the minimum
 * version) or uses the older equivalent. Every call goes through timeBackendCall and the error mapping of map-error.ts.
 */
export class KafkaConnectClient {
  readonly name: string;
  readonly url: string;
  private info: { value: ServerInfo; version: KafkaVersion; at: number } | undefined;

  constructor(private readonly options: ConnectClientOptions) {
    this.name = options.name;
    this.url = options.url.replace(/\/+$/, '');
  }

  // --- worker ---

  async serverInfo(): Promise<ServerInfo & { kafkaVersion: string }> {
    const ttl = this.options.versionTtlMs ?? 60_000;
    if (!this.info || Date.now() - this.info.at > ttl) {
      const value = await this.request<ServerInfo>('GET', '/', { operation: 'serverInfo' });
      this.info = { value, version: parseKafkaVersion(value.version), at: Date.now() };
    }
    return { ...this.info.value, kafkaVersion: formatVersion(this.info.version) };
  }

  private async version(): Promise<KafkaVersion> {
    await this.serverInfo();
    return this.info!.version;
  }

  async supports(feature: Feature): Promise<boolean> {
    return atLeast(await this.version(), FEATURES[feature]);
  }

  private async requireFeature(feature: Feature, operation: string): Promise<void> {
    if (!(await this.supports(feature))) {
      throw unsupportedFeature(this.name, operation, formatVersion(FEATURES[feature]), this.info!.value.version);
    }
  }

  /** GET /health on 3.9+, GET / before: resolves when the worker answers, else throws UPSTREAM_UNAVAILABLE. */
  async health(): Promise<{ version: string }> {
    const info = await this.serverInfo();
    if (await this.supports('health')) await this.request('GET', '/health', { operation: 'health' });
    return { version: info.version };
  }

  // --- connectors: reads ---

  listConnectors(): Promise<string[]> {
    return this.request<string[]>('GET', '/connectors', { operation: 'listConnectors' });
  }

  /** Names with status and info in one round trip (expand, Kafka 2.3+); older clusters get one call per connector. */
  async listConnectorsExpanded(): Promise<Record<string, ExpandedConnector>> {
    if (await this.supports('expandStatusInfo')) {
      return this.request('GET', '/connectors', { operation: 'listConnectorsExpanded', query: { expand: ['status', 'info'] } });
    }
    const out: Record<string, ExpandedConnector> = {};
    for (const name of await this.listConnectors()) {
      try {
        const [status, info] = await Promise.all([this.connectorStatus(name), this.connector(name)]);
        out[name] = { status, info };
      } catch (error) {
        // Deleted between the two calls: left out, as expand does.
        if ((error as { code?: string }).code !== 'NOT_FOUND') throw error;
      }
    }
    return out;
  }

  connector(name: string): Promise<ConnectorInfo> {
    return this.request('GET', `/connectors/${enc(name)}`, { operation: 'getConnector' });
  }

  connectorConfig(name: string): Promise<Record<string, string>> {
    return this.request('GET', `/connectors/${enc(name)}/config`, { operation: 'getConnectorConfig' });
  }

  connectorStatus(name: string): Promise<ConnectorStatus> {
    return this.request('GET', `/connectors/${enc(name)}/status`, { operation: 'getConnectorStatus' });
  }

  taskConfigs(name: string): Promise<TaskConfig[]> {
    return this.request('GET', `/connectors/${enc(name)}/tasks`, { operation: 'getTaskConfigs' });
  }

  taskStatus(name: string, task: number): Promise<TaskStateInfo> {
    return this.request('GET', `/connectors/${enc(name)}/tasks/${task}/status`, { operation: 'getTaskStatus' });
  }

  async connectorTopics(name: string): Promise<string[]> {
    await this.requireFeature('connectorTopics', 'Reading a connector\'s active topics');
    const body = await this.request<Record<string, { topics: string[] }>>('GET', `/connectors/${enc(name)}/topics`, { operation: 'getConnectorTopics' });
    return body[name]?.topics ?? [];
  }

  async resetConnectorTopics(name: string): Promise<void> {
    await this.requireFeature('connectorTopics', 'Resetting a connector\'s active topics');
    await this.request('PUT', `/connectors/${enc(name)}/topics/reset`, { operation: 'resetConnectorTopics' });
  }

  async offsets(name: string): Promise<ConnectorOffset[]> {
    await this.requireFeature('readOffsets', 'Reading connector offsets');
    return (await this.request<ConnectorOffsets>('GET', `/connectors/${enc(name)}/offsets`, { operation: 'getOffsets' })).offsets;
  }

  // --- connectors: changes ---

  /** POST /connectors; initialState other than RUNNING needs 3.7 (KIP-980) — creating then pausing would let tasks run. */
  async createConnector(name: string, config: Record<string, string>, initialState: InitialState = 'RUNNING'): Promise<ConnectorInfo> {
    const body: Record<string, unknown> = { name, config };
    if (initialState !== 'RUNNING') {
      await this.requireFeature('initialState', `Creating a connector in the ${initialState} state`);
      body.initial_state = initialState;
    }
    return this.request('POST', '/connectors', { operation: 'createConnector', body });
  }

  /** PUT …/config: replaces the whole config (creates the connector when missing). */
  async putConnectorConfig(name: string, config: Record<string, string>): Promise<{ created: boolean; info: ConnectorInfo }> {
    const { status, body } = await this.requestWithStatus<ConnectorInfo>('PUT', `/connectors/${enc(name)}/config`, { operation: 'putConnectorConfig', body: config });
    return { created: status === 201, info: body };
  }

  /**
   * Merges `patch` into the config (null removes a key): PATCH on 3.8+ (KIP-477), read-modify-PUT before. The fallback
   * is not atomic; a concurrent change between the read and the write is overwritten, as with any PUT.
   */
  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    if (await this.supports('patchConfig')) {
      return this.request('PATCH', `/connectors/${enc(name)}/config`, { operation: 'patchConnectorConfig', body: patch });
    }
    const merged = { ...(await this.connectorConfig(name)) };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    return (await this.putConnectorConfig(name, merged)).info;
  }

  async deleteConnector(name: string): Promise<void> {
    await this.request('DELETE', `/connectors/${enc(name)}`, { operation: 'deleteConnector' });
  }

  async pauseConnector(name: string): Promise<void> {
    await this.request('PUT', `/connectors/${enc(name)}/pause`, { operation: 'pauseConnector' });
  }

  async resumeConnector(name: string): Promise<void> {
    await this.request('PUT', `/connectors/${enc(name)}/resume`, { operation: 'resumeConnector' });
  }

  async stopConnector(name: string): Promise<void> {
    await this.requireFeature('stopConnector', 'Stopping a connector');
    await this.request('PUT', `/connectors/${enc(name)}/stop`, { operation: 'stopConnector' });
  }

  /**
   * Restarts the connector and, with includeTasks, its tasks (onlyFailed: only FAILED ones) — KIP-745 on 3.0+.
   * Older clusters get the equivalent sequence: the connector restart, then one restart per selected task.
   * Returns Connect's planned restarts (202) or null when only the connector restarted (204).
   */
  async restartConnector(name: string, { includeTasks = false, onlyFailed = false } = {}): Promise<ConnectorStatus | null> {
    if (!includeTasks && !onlyFailed) {
      await this.request('POST', `/connectors/${enc(name)}/restart`, { operation: 'restartConnector' });
      return null;
    }
    if (await this.supports('restartWithTasks')) {
      const answer = await this.request<ConnectorStatus | undefined>('POST', `/connectors/${enc(name)}/restart`, {
        operation: 'restartConnector',
        query: { includeTasks: String(includeTasks), onlyFailed: String(onlyFailed) },
      });
      return answer ?? null;
    }
    const status = await this.connectorStatus(name);
    if (!onlyFailed || status.connector.state === 'FAILED') await this.request('POST', `/connectors/${enc(name)}/restart`, { operation: 'restartConnector' });
    if (includeTasks) {
      for (const task of status.tasks) if (!onlyFailed || task.state === 'FAILED') await this.restartTask(name, task.id);
    }
    return null;
  }

  async restartTask(name: string, task: number): Promise<void> {
    await this.request('POST', `/connectors/${enc(name)}/tasks/${task}/restart`, { operation: 'restartTask' });
  }

  async alterOffsets(name: string, offsets: ConnectorOffset[]): Promise<string> {
    await this.requireFeature('alterOffsets', 'Altering connector offsets');
    const body = await this.request<{ message: string }>('PATCH', `/connectors/${enc(name)}/offsets`, { operation: 'alterOffsets', body: { offsets } });
    return body.message;
  }

  async resetOffsets(name: string): Promise<string> {
    await this.requireFeature('alterOffsets', 'Resetting connector offsets');
    const body = await this.request<{ message: string }>('DELETE', `/connectors/${enc(name)}/offsets`, { operation: 'resetOffsets' });
    return body.message;
  }

  // --- plugins ---

  async plugins(connectorsOnly = true): Promise<PluginInfo[]> {
    if (!connectorsOnly) await this.requireFeature('pluginConfig', 'Listing converter and transformation plugins');
    return this.request('GET', '/connector-plugins', { operation: 'listPlugins', query: connectorsOnly ? {} : { connectorsOnly: 'false' } });
  }

  /** GET …/config on 3.2+ (KIP-769); before that, the definitions come from validating a bare config (see validate). */
  async pluginConfig(className: string): Promise<ConfigKeyDefinition[]> {
    if (await this.supports('pluginConfig')) {
      return this.request('GET', `/connector-plugins/${enc(className)}/config`, { operation: 'pluginConfig' });
    }
    const result = await this.validate(className, {});
    return result.configs.map((c) => c.definition);
  }

  /**
   * Connect answers 200 even for invalid configs: check error_count. Before 3.7 a sink whose topics break a rule
   * (none, both topics and topics.regex, the DLQ among them) got a 500 instead; that 500 is turned into the 3.7+ answer:
   * the rest of the config validated with a probe that passes the rule, and the problem reported on its fields.
   */
  async validate(className: string, config: Record<string, string>): Promise<ValidationResult> {
    const full: Record<string, string> = { ...config, 'connector.class': config['connector.class'] ?? className };
    const problems: SinkTopicProblem[] = [];
    let probe = full;
    // At most one problem per rule; a worker answering the same 500 again would be answered with it.
    for (;;) {
      try {
        const result = await this.request<ValidationResult>('PUT', `/connector-plugins/${enc(className)}/config/validate`, { operation: 'validateConfig', body: probe });
        return problems.length === 0 ? result : withSinkTopicProblems(result, full, problems);
      } catch (error) {
        const problem = error instanceof AppError ? sinkTopicProblem(error) : undefined;
        if (!problem || problems.some((p) => p.message === problem.message) || problems.length >= 4) throw error;
        problems.push(problem);
        probe = problem.probe(probe);
      }
    }
  }

  // --- transport ---

  private async request<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    return (await this.requestWithStatus<T>(method, path, options)).body;
  }

  private async requestWithStatus<T>(method: string, path: string, { operation, body, query }: RequestOptions): Promise<{ status: number; body: T }> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
    const target = `${this.url}${path}${search.size > 0 ? `?${search}` : ''}`;
    const context: ConnectCallContext = { cluster: this.name, method, path, secrets: body === undefined ? [] : secretValuesOf(body) };
    const { timeoutMs, conflictRetries, conflictBackoffMs, logger } = this.options;

    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      const response = await timeBackendCall('kafka-connect', operation, async () => {
        try {
          const answer = await fetch(target, {
            method,
            headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs),
          });
          const text = await answer.text();
          let parsed: unknown = undefined;
          if (text.trim() !== '') {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = { message: text.slice(0, 500) };
            }
          }
          return { status: answer.status, body: parsed };
        } catch (error) {
          throw mapConnectTransportError(error, context, timeoutMs);
        }
      });
      logger.debug({ cluster: this.name, method, path, status: response.status, ms: Date.now() - started, attempt }, 'kafka connect call');
      if (response.status >= 200 && response.status < 300) return response as { status: number; body: T };
      const error = mapConnectStatus(response.status, response.body, context);
      if (error.code === 'CONFLICT' && attempt < conflictRetries) {
        // Rebalances settle within seconds; back off exponentially, bounded.
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, conflictBackoffMs * 2 ** attempt)));
        continue;
      }
      throw error;
    }
  }
}

/** A path segment; '', '.' and '..' cannot name a resource (URL normalisation would make them another one). */
function enc(segment: string): string {
  if (segment === '' || segment === '.' || segment === '..') throw new AppError('NOT_FOUND', `no resource can be named "${segment}"`);
  return encodeURIComponent(segment);
}
