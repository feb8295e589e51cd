import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { childOf, type EmbeddedLogger } from '../../logger';
import { PartitionLog } from '../log/partition-log';
import { ErrorCode } from '../protocol/error-codes';
import { atLeastVersion, type KafkaVersion } from '../kafka-version';
import { isCompacted, isConfigProblem, loadTopicOverrides, parseTopicConfigs, resolveTopicConfig, type TopicConfig, type TopicOverrides } from './topic-config';
import { collisionKey, topicNameProblem } from './topic-name';

const TOPIC_FILE = 'topic.json';
/** Guards against a CreateTopics that would open millions of files. */
const MAX_PARTITIONS = 10_000;

/** Kafka's internal topic of group metadata and committed offsets; created on the first FindCoordinator, as Kafka does. */
export const GROUP_METADATA_TOPIC = '__consumer_offsets';

export interface Topic {
  readonly name: string;
  readonly id: string;
  /** Metadata's is_internal; produce to it is refused. */
  readonly internal: boolean;
  partitions: PartitionLog[];
  overrides: TopicOverrides;
  config: TopicConfig;
}

export interface Outcome {
  errorCode: number;
  message: string | null;
}

const OK: Outcome = { errorCode: ErrorCode.NONE, message: null };

function fail(errorCode: number, message: string): Outcome {
  return { errorCode, message };
}

export interface CreateTopicRequest {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: ReadonlyArray<{ partitionIndex: number; brokerIds: number[] }>;
  configs: ReadonlyArray<{ name: string; value: string | null }>;
}

/**
 * Topics of the single node: creation with Kafka's validation, deletion, partition growth and config overrides,
 * persisted as `<dataDir>/topics/<name>/topic.json` next to one directory per partition.
 */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();
  private readonly logger: EmbeddedLogger;
  private readonly root: string | null;

  constructor(
    dataDir: string | null,
    logger: EmbeddedLogger,
    readonly defaultPartitions: number,
    readonly version: KafkaVersion,
    /** Partitions of __consumer_offsets (Kafka's offsets.topic.num.partitions, default 50). */
    private readonly offsetsTopicPartitions = 50,
  ) {
    this.logger = childOf(logger, { part: 'topics' });
    this.root = dataDir === null ? null : path.join(dataDir, 'topics');
    if (this.root) {
      fs.mkdirSync(this.root, { recursive: true });
      this.load(this.root);
    }
  }

  private load(root: string): void {
    for (const name of fs.readdirSync(root)) {
      const file = path.join(root, name, TOPIC_FILE);
      let stored: { id: string; partitions: number; configs: Record<string, unknown> };
      try {
        stored = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        this.logger.warn({ topic: name }, 'kafka: skipping topic directory without a readable topic.json');
        continue;
      }
      const overrides = loadTopicOverrides(stored.configs ?? {}, this.version);
      const partitions = Array.from({ length: stored.partitions }, (_, p) => PartitionLog.open(path.join(root, name, String(p)), this.logger));
      this.topics.set(name, { name, id: stored.id, internal: name === GROUP_METADATA_TOPIC, partitions, overrides, config: resolveTopicConfig(overrides, this.version) });
    }
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  create(request: CreateTopicRequest, validateOnly: boolean): Outcome {
    const { name } = request;
    const nameProblem = topicNameProblem(name);
    if (nameProblem) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
    if (this.topics.has(name)) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
    const key = collisionKey(name);
    const collides = [...this.topics.keys()].find((existing) => collisionKey(existing) === key);
    if (collides) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic '${name}' collides with existing topic: ${collides}`);

    let numPartitions = request.numPartitions;
    const replicationFactor = request.replicationFactor === -1 ? 1 : request.replicationFactor;
    if (request.assignments.length > 0) {
      if (request.numPartitions !== -1 || request.replicationFactor !== -1) {
        return fail(ErrorCode.INVALID_REQUEST, 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
      }
      const sorted = [...request.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
      const contiguous = sorted.every((assignment, i) => assignment.partitionIndex === i);
      const onThisNode = sorted.every((assignment) => assignment.brokerIds.length === 1 && assignment.brokerIds[0] === 0);
      if (!contiguous || !onThisNode) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'Replica assignments must name broker 0 once for partitions 0..n-1');
      numPartitions = sorted.length;
    } else if (numPartitions === -1) {
      numPartitions = this.defaultPartitions;
    }
    if (numPartitions <= 0) return fail(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
    if (numPartitions > MAX_PARTITIONS) return fail(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be at most ${MAX_PARTITIONS}.`);
    if (replicationFactor <= 0) return fail(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
    if (replicationFactor > 1) {
      return fail(ErrorCode.INVALID_REPLICATION_FACTOR, `Unable to replicate the partition ${replicationFactor} time(s): The target replication factor of ${replicationFactor} cannot be reached because only 1 broker(s) are registered.`);
    }
    const overrides = parseTopicConfigs(request.configs, this.version);
    if (isConfigProblem(overrides)) return overrides;
    if (validateOnly) return OK;

    const topic: Topic = { name, id: randomUUID(), internal: name === GROUP_METADATA_TOPIC, partitions: [], overrides, config: resolveTopicConfig(overrides, this.version) };
    try {
      for (let p = 0; p < numPartitions; p++) topic.partitions.push(PartitionLog.open(this.partitionDirectory(name, p), this.logger));
      this.persist(topic);
    } catch (error) {
      this.logger.error({ err: error, topic: name }, 'kafka: topic creation failed on disk');
      for (const partition of topic.partitions) partition.destroy();
      return fail(ErrorCode.KAFKA_STORAGE_ERROR, 'could not create the topic files');
    }
    this.topics.set(name, topic);
    this.logger.info({ topic: name, partitions: numPartitions }, 'kafka: topic created');
    return OK;
  }

  /**
   * Creates __consumer_offsets if missing, with the configs Kafka gives it (compacted, 100 MiB segments). This broker
   * keeps committed offsets in its own journal, so the topic's partitions stay empty (see README).
   */
  ensureGroupMetadataTopic(): void {
    if (this.topics.has(GROUP_METADATA_TOPIC)) return;
    const configs = [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'segment.bytes', value: '104857600' },
      { name: 'compression.type', value: 'producer' },
    ];
    this.create({ name: GROUP_METADATA_TOPIC, numPartitions: this.offsetsTopicPartitions, replicationFactor: 1, assignments: [], configs }, false);
  }

  delete(name: string): Outcome {
    const topic = this.topics.get(name);
    if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'This server does not host this topic-partition.');
    this.topics.delete(name);
    for (const partition of topic.partitions) {
      const listeners = [...partition.appendListeners];
      partition.destroy();
      // Parked fetches re-read and see the topic gone.
      for (const listener of listeners) listener();
    }
    if (this.root) fs.rmSync(path.join(this.root, name), { recursive: true, force: true });
    this.logger.info({ topic: name }, 'kafka: topic deleted');
    return OK;
  }

  /** CreatePartitions: grows to `count`; explicit assignments may only name broker 0, once per new partition. */
  addPartitions(name: string, count: number, assignments: number[][] | null, validateOnly: boolean): Outcome {
    const topic = this.topics.get(name);
    if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${name}' does not exist.`);
    const current = topic.partitions.length;
    if (count < current) return fail(ErrorCode.INVALID_PARTITIONS, `Topic currently has ${current} partitions, which is higher than the requested ${count}.`);
    if (count === current) return fail(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partitions.`);
    if (count > MAX_PARTITIONS) return fail(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be at most ${MAX_PARTITIONS}.`);
    if (assignments && (assignments.length !== count - current || assignments.some((brokers) => brokers.length !== 1 || brokers[0] !== 0))) {
      return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Replica assignments must name broker 0 once for each of the ${count - current} new partitions`);
    }
    if (validateOnly) return OK;
    for (let p = current; p < count; p++) topic.partitions.push(PartitionLog.open(this.partitionDirectory(name, p), this.logger));
    this.persist(topic);
    return OK;
  }

  /**
   * AlterConfigs (non-incremental): the given entries replace all overrides of the topic. Errors as the release
   * answers them: KRaft (3.x) validates first (INVALID_CONFIG) and then finds the topic missing
   * (UNKNOWN_TOPIC_OR_PARTITION); the ZooKeeper-era 2.x broker looks for the topic first (an AdminOperationException:
   * UNKNOWN_SERVER_ERROR) and answers a bad value with INVALID_REQUEST.
   */
  alterConfigs(name: string, entries: ReadonlyArray<{ name: string; value: string | null }>, validateOnly: boolean): Outcome {
    const topic = this.topics.get(name);
    const kraft = atLeastVersion(this.version, '3.0');
    if (!topic && !kraft) return fail(ErrorCode.UNKNOWN_SERVER_ERROR, `Topic "${name}" does not exist.`);
    const overrides = parseTopicConfigs(entries, this.version);
    if (isConfigProblem(overrides)) {
      if (kraft || !overrides.message.startsWith('Invalid value')) return overrides;
      return fail(ErrorCode.INVALID_REQUEST, `Invalid config value for resource ConfigResource(type=TOPIC, name='${name}'): ${overrides.message}`);
    }
    if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${name}' does not exist.`);
    if (validateOnly) return OK;
    topic.overrides = overrides;
    topic.config = resolveTopicConfig(overrides, this.version);
    this.persist(topic);
    return OK;
  }

  /** Applies retention to every partition; called from the broker's background timer. */
  enforceRetention(now = Date.now()): void {
    this.maintain('retention', (partition, config) => partition.enforceRetention(config, now));
  }

  /** Compacts every partition of compacted topics; called from the broker's log-cleaner timer. */
  compactLogs(now = Date.now()): void {
    this.maintain('compaction', (partition, config) => (isCompacted(config) ? partition.compact(config, now) : 0));
  }

  /** Runs a background job on every partition; one partition's failure is logged and does not stop the others. */
  private maintain(job: string, run: (partition: PartitionLog, config: TopicConfig) => number): void {
    for (const topic of this.topics.values()) {
      for (const partition of topic.partitions) {
        try {
          const removed = run(partition, topic.config);
          if (removed > 0) this.logger.debug({ topic: topic.name, removed }, `kafka: ${job} removed data`);
        } catch (error) {
          this.logger.warn({ err: error, topic: topic.name }, `kafka: ${job} failed`);
        }
      }
    }
  }

  close(): void {
    for (const topic of this.topics.values()) for (const partition of topic.partitions) partition.close();
    this.topics.clear();
  }

  private partitionDirectory(name: string, partition: number): string | null {
    return this.root === null ? null : path.join(this.root, name, String(partition));
  }

  private persist(topic: Topic): void {
    if (!this.root) return;
    const file = path.join(this.root, topic.name, TOPIC_FILE);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const body = JSON.stringify({ id: topic.id, partitions: topic.partitions.length, configs: topic.overrides });
    fs.writeFileSync(`${file}.tmp`, body);
    fs.renameSync(`${file}.tmp`, file);
  }
}
