import { Kafka, logLevel } from 'kafkajs';
import { kafkaLogCreator } from '../kafkajs-log';
import { childOf, silentLogger, type EmbeddedLogger } from '../logger';
import { BUILTIN_PLUGINS } from './plugins';
import { PluginRegistry } from './plugins/registry';
import { connectRoutes } from './rest/connect-routes';
import { startRestServer } from './rest/http-server';
import { Herder } from './runtime/herder';
import { ConnectStores } from './storage/connect-stores';
import { ensureInternalTopics, KafkaKeyValueLog, readTopicsToEnd } from './storage/key-value-log';
import { DEFAULT_CONNECT_VERSION, parseConnectVersion, releaseOf, type ConnectVersion } from './version';

/** A status write takes this long to show in GET …/status: a distributed worker's read-back of its status topic. */
export const DEFAULT_STATUS_DELAY_MS = 300;

export interface EmbeddedConnectOptions {
  /** Interface the REST API binds. Default '127.0.0.1'. */
  host?: string;
  /** REST port. Default 8083; 0 = ephemeral (the returned url has the bound port). */
  port?: number;
  /** Kafka bootstrap servers, comma-separated "host:port" (required). */
  kafkaBrokers: string;
  /** Default silentLogger. */
  logger?: EmbeddedLogger;
  /** Connect's group.id; prefixes the worker's Kafka client id. Default 'connect-cluster'. */
  groupId?: string;
  /** Internal topics; created (1 partition) when missing. Defaults connect-configs / connect-offsets / connect-status. */
  configTopic?: string;
  offsetTopic?: string;
  statusTopic?: string;
  /**
   * Worker-level converters, used when a connector sets none.
   * Default JsonConverter with schemas.enable=true for both, as in Connect's sample worker config.
   */
  workerConfig?: Record<string, string>;
  /** How long reading the internal topics at start may take before start rejects. Default 30_000 ms. */
  startupTimeoutMs?: number;
  /**
   * The Kafka Connect release to imitate: 2.4, 3.0, 3.2, 3.5, 3.7 or 3.9 ("3.9.0" is accepted too). Its REST surface,
   * status codes, error bodies and `GET /` version. Default 3.9; anything else rejects start.
   */
  version?: ConnectVersion | string;
  /**
   * Delay before a status written after create, restart, pause, stop or a config change shows in GET …/status
   * (which answers 404 "No status found" until the first one does). Default DEFAULT_STATUS_DELAY_MS; 0 = at once.
   */
  statusDelayMs?: number;
}

export interface EmbeddedConnect {
  /** Base URL of the REST API, e.g. http://127.0.0.1:8083 */
  url: string;
  /** Stops tasks (sinks commit what they wrote), the REST listener and the Kafka clients. */
  stop(): Promise<void>;
}

const DEFAULT_WORKER_CONFIG: Record<string, string> = {
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'key.converter.schemas.enable': 'true',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter.schemas.enable': 'true',
};

/**
 * Starts a single Kafka Connect worker serving the Connect REST API (of Kafka 3.9, or an older release) with the JDBC sink
 * (PostgreSQL), Datagen and FileStream connectors in-process. Connector configs, source offsets and statuses live in
 * Kafka topics, so a worker started again against the same Kafka resumes every connector where it was.
 * Rejects if Kafka is unreachable or the port cannot be bound; nothing is left running then.
 */
export async function startEmbeddedConnect(options: EmbeddedConnectOptions): Promise<EmbeddedConnect> {
  const version = parseConnectVersion(options.version ?? DEFAULT_CONNECT_VERSION);
  const statusDelayMs = options.statusDelayMs ?? DEFAULT_STATUS_DELAY_MS;
  if (!Number.isInteger(statusDelayMs) || statusDelayMs < 0) throw new Error(`statusDelayMs must be an integer ≥ 0, got ${statusDelayMs}`);
  const host = options.host ?? '127.0.0.1';
  const logger = childOf(options.logger ?? silentLogger, { component: 'embedded-connect' });
  const groupId = options.groupId ?? 'connect-cluster';
  const topics = {
    configs: options.configTopic ?? 'connect-configs',
    offsets: options.offsetTopic ?? 'connect-offsets',
    statuses: options.statusTopic ?? 'connect-status',
  };
  const kafka = new Kafka({
    clientId: groupId,
    brokers: options.kafkaBrokers.split(',').map((b) => b.trim()).filter(Boolean),
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
    retry: { retries: 5, initialRetryTime: 100 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  let ready = false;
  let clusterId = '';
  const cleanup: Array<() => Promise<unknown>> = [];
  const runCleanup = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    cleanup.length = 0;
  };

  try {
    await admin.connect();
    cleanup.push(() => admin.disconnect());
    await producer.connect();
    cleanup.push(() => producer.disconnect());
    clusterId = (await admin.describeCluster()).clusterId;

    const plugins = new PluginRegistry(BUILTIN_PLUGINS, releaseOf(version));
    const logs = {
      configs: new KafkaKeyValueLog(topics.configs, producer),
      offsets: new KafkaKeyValueLog(topics.offsets, producer),
      statuses: new KafkaKeyValueLog(topics.statuses, producer),
    };
    const stores = new ConnectStores(logs.configs, logs.offsets, logs.statuses);
    let herder: Herder | undefined;
    const router = connectRoutes({
      herder: () => herder!,
      plugins,
      kafkaClusterId: () => clusterId,
      ready: () => ready,
      version,
    });
    const rest = await startRestServer({ host, port: options.port ?? 8083, router, logger, ready: () => ready });
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          rest.server.closeAllConnections();
          rest.server.close(() => resolve());
        }),
    );
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${rest.port}`;

    await ensureInternalTopics(admin, Object.values(topics), logger);
    const restored = await readTopicsToEnd(kafka, admin, Object.values(topics), { timeoutMs: options.startupTimeoutMs ?? 30_000, groupPrefix: `${groupId}-restore` });
    logs.configs.load(restored.get(topics.configs)!);
    logs.offsets.load(restored.get(topics.offsets)!);
    logs.statuses.load(restored.get(topics.statuses)!);

    herder = new Herder({
      kafka,
      admin,
      producer,
      stores,
      plugins,
      workerId: `${host}:${rest.port}`,
      workerConfig: { ...DEFAULT_WORKER_CONFIG, ...options.workerConfig },
      logger,
      version,
      statusDelayMs,
    });
    const started = herder;
    cleanup.push(() => started.stop());
    await herder.start();
    ready = true;
    logger.info({ url, version: releaseOf(version), statusDelayMs, connectors: herder.connectorNames().length }, 'embedded Connect worker ready');

    let stopping: Promise<void> | undefined;
    return {
      url,
      stop: () => (stopping ??= (async () => {
        ready = false;
        await runCleanup();
      })()),
    };
  } catch (error) {
    await runCleanup();
    throw error;
  }
}
