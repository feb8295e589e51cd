import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { childOf, silentLogger, type EmbeddedLogger } from '../logger';
import type { BrokerState } from './api/context';
import { handleRequest } from './broker';
import { lockDataDir } from './data-dir-lock';
import { GroupCoordinator } from './group/group-coordinator';
import { checkKafkaVersion, DEFAULT_KAFKA_VERSION } from './kafka-version';
import { OffsetStore } from './group/offset-store';
import { listen, DEFAULT_MAX_FRAME_BYTES } from './server';
import { TopicRegistry } from './topics/topic-registry';

export interface EmbeddedKafkaOptions {
  /** Interface to bind. Default '127.0.0.1'. */
  host?: string;
  /** Port to bind. Default 9092; 0 = ephemeral (the bound port is advertised in Metadata). */
  port?: number;
  /** Segment files, topic metadata and committed offsets live here; undefined = in-memory log (tests). */
  dataDir?: string;
  /** Create unknown topics on Metadata/Produce, as `auto.create.topics.enable` does. Default false. */
  autoCreateTopics?: boolean;
  /** Partitions of auto-created topics and of CreateTopics with num_partitions -1. Default 1; values < 1 become 1. */
  defaultPartitions?: number;
  /** Default silentLogger. */
  logger?: EmbeddedLogger;
  /** Host put in Metadata/FindCoordinator. Default: `host`, or 127.0.0.1 when `host` is a wildcard address. */
  advertisedHost?: string;
  /** How often retention runs in the background. Default 300_000 ms (Kafka's log.retention.check.interval.ms). */
  retentionCheckIntervalMs?: number;
  /** How often the log cleaner compacts topics with cleanup.policy=compact. Default 15_000 ms (Kafka's log.cleaner.backoff.ms). */
  logCleanerIntervalMs?: number;
  /** Smallest consumer session timeout accepted (default 1000 ms); smaller → INVALID_SESSION_TIMEOUT. */
  minSessionTimeoutMs?: number;
  /** First rebalance of an empty group waits this long for more members. Default 0 (Kafka's is 3000). */
  initialRebalanceDelayMs?: number;
  /** Largest request frame accepted; bigger frames close the connection. Default 100 MiB. */
  maxFrameBytes?: number;
  /**
   * The Kafka release to act as ("2.4" … "3.9", default "3.9"): which topic configs exist, their defaults, AlterConfigs'
   * error codes and the reported inter.broker.protocol.version. Anything else rejects the start.
   */
  kafkaVersion?: string;
  /** Partitions of __consumer_offsets, created on the first FindCoordinator. Default 50 (Kafka's offsets.topic.num.partitions). */
  offsetsTopicPartitions?: number;
}

export interface EmbeddedKafka {
  host: string;
  port: number;
  /** "host:port", ready for kafkajs `brokers` / KAFKA_BROKERS. */
  brokers: string;
  /** Closes every socket and file; the same port and dataDir can be reopened as soon as it resolves. */
  stop(): Promise<void>;
}

function loadClusterId(dataDir: string | undefined): string {
  const fresh = () => randomBytes(16).toString('base64url').slice(0, 22);
  if (!dataDir) return fresh();
  const file = path.join(dataDir, 'cluster.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { clusterId?: unknown };
    if (typeof stored.clusterId === 'string' && stored.clusterId) return stored.clusterId;
  } catch {
    /* first start */
  }
  const clusterId = fresh();
  fs.writeFileSync(file, JSON.stringify({ clusterId }));
  return clusterId;
}

function wildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/**
 * Starts a single-node Kafka broker (node id 0) speaking the Kafka wire protocol on host:port.
 * Rejects when the port cannot be bound or the data dir cannot be opened.
 */
export async function startEmbeddedKafka(options: EmbeddedKafkaOptions = {}): Promise<EmbeddedKafka> {
  const host = options.host ?? '127.0.0.1';
  const logger = childOf(options.logger ?? silentLogger, { component: 'embedded-kafka' });
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  const version = checkKafkaVersion(options.kafkaVersion ?? DEFAULT_KAFKA_VERSION);
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;

  let opened: TopicRegistry | undefined;
  let offsets: OffsetStore;
  try {
    opened = new TopicRegistry(dataDir ?? null, logger, Math.max(1, Math.floor(options.defaultPartitions ?? 1)), version, Math.max(1, Math.floor(options.offsetsTopicPartitions ?? 50)));
    offsets = new OffsetStore(dataDir ?? null, logger);
  } catch (error) {
    opened?.close();
    unlock();
    throw error;
  }
  const topics = opened;
  const groups = new GroupCoordinator(offsets, logger, {
    minSessionTimeoutMs: options.minSessionTimeoutMs,
    initialRebalanceDelayMs: options.initialRebalanceDelayMs,
  });
  let lastProducerId = 0;
  const state: BrokerState & { advertisedPort: number } = {
    nodeId: 0,
    clusterId: loadClusterId(dataDir),
    advertisedHost: options.advertisedHost ?? (wildcard(host) ? '127.0.0.1' : host),
    advertisedPort: 0,
    autoCreateTopics: options.autoCreateTopics ?? false,
    topics,
    groups,
    offsets,
    logger,
    stopping: new Set(),
    // Time-based so ids never repeat across restarts (the log remembers old producers' sequence numbers).
    nextProducerId: () => (lastProducerId = Math.max(lastProducerId + 1, Date.now() * 1000)),
  };

  const closeState = () => {
    for (const finish of [...state.stopping]) finish();
    groups.close();
    topics.close();
    offsets.close();
    unlock();
  };

  let server;
  try {
    server = await listen(host, options.port ?? 9092, (frame, clientHost) => handleRequest(state, frame, clientHost), logger, options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
  } catch (error) {
    closeState();
    throw error;
  }
  state.advertisedPort = server.port;
  const retention = setInterval(() => topics.enforceRetention(), options.retentionCheckIntervalMs ?? 300_000);
  retention.unref();
  const cleaner = setInterval(() => topics.compactLogs(), options.logCleanerIntervalMs ?? 15_000);
  cleaner.unref();
  logger.info({ host, port: server.port, dataDir: dataDir ?? null }, 'embedded kafka listening');

  let stopped: Promise<void> | null = null;
  return {
    host: state.advertisedHost,
    port: server.port,
    brokers: `${state.advertisedHost}:${server.port}`,
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(retention);
        clearInterval(cleaner);
        const closing = server.close();
        closeState();
        await closing;
        logger.info({ port: server.port }, 'embedded kafka stopped');
      })()),
  };
}
