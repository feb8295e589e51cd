import type { ConfigEntry, GroupDescription, KafkaAdminPort, KafkaProducerPort, PartitionMetadata } from '../../adapters/kafka/types';
import type { Caller } from '../../auth/roles';
import { AppError, badInput } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { type AuditRecorder, audited } from './audit-port';
import { checkKeysAgainstBroker, type ConfigEntryInput, needsBrokerVersion, validateConfigEntries } from './topic-config-keys';
import { isInternalTopic, validateGroupId, validateTopicName } from './topic-name';
import { parseJsonExact } from '../../adapters/pinot/exact-json';

export interface TopicSummary {
  name: string;
  internal: boolean;
  partitionCount: number;
  replicationFactor: number;
}

export interface PartitionDetail extends PartitionMetadata {
  earliestOffset: string;
  latestOffset: string;
  /** latest − earliest: exact for plain topics, an upper bound with compaction or transaction markers. */
  messageCount: string;
}

export interface GroupSummary {
  groupId: string;
  state: string;
  protocolType: string;
  memberCount: number;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** null when the group has committed nothing for the partition. */
  committedOffset: string | null;
  endOffset: string;
  lag: string | null;
}

export interface GroupDetail extends GroupDescription {
  offsets: PartitionLag[];
  totalLag: string;
}

export type OffsetResetTarget = 'EARLIEST' | 'LATEST' | 'TIMESTAMP' | 'OFFSET';

export interface ResetOffsetsInput {
  groupId: string;
  topic: string;
  to: OffsetResetTarget;
  /** Epoch ms; required with TIMESTAMP. */
  timestamp?: number | null;
  /** Required with OFFSET. */
  offsets?: Array<{ partition: number; offset: bigint | string }> | null;
}

export interface CreateTopicInput {
  name: string;
  partitions?: number | null;
  replicationFactor?: number | null;
  configs?: ConfigEntryInput[] | null;
}

export interface ProduceInput {
  topic: string;
  key?: string | null;
  value?: string | null;
  headers?: Array<{ key: string; value: string }> | null;
  partition?: number | null;
  /** Encode `value` (JSON text) with this subject's schema, latest or the given version, in the Confluent wire format. */
  valueSchema?: { subject: string; version?: number | null } | null;
}

/** Encodes a JSON value with a registered schema (the schema-registry adapter's PayloadDecoder implements it). */
export interface ValueEncoderPort {
  encode(subject: string, version: number | 'latest', value: unknown): Promise<{ bytes: Buffer; schemaId: number; version: number }>;
}

export interface TopicsServiceOptions {
  admin: KafkaAdminPort;
  producer: KafkaProducerPort;
  audit?: AuditRecorder;
  logger: Logger;
  /** For produceMessage with valueSchema; without it such a call is UPSTREAM_UNAVAILABLE. */
  encoder?: ValueEncoderPort;
  /** Upper bound on partitions per topic accepted from callers. @default 10_000 */
  maxPartitions?: number;
  /** Upper bound on replication factor accepted from callers. @default 32 */
  maxReplicationFactor?: number;
  /** Largest produceMessage value in bytes. @default 1_048_576 */
  maxMessageBytes?: number;
}

/**
 * Topic and consumer-group control. Every input is validated before Kafka is called; Kafka's answers arrive already
 * mapped to public codes by the adapter. Mutations are audited.
 */
export function createTopicsService(options: TopicsServiceOptions) {
  const { admin, producer, audit, logger } = options;
  const maxPartitions = options.maxPartitions ?? 10_000;
  const maxReplicationFactor = options.maxReplicationFactor ?? 32;
  const maxMessageBytes = options.maxMessageBytes ?? 1_048_576;

  const summarize = (name: string, partitions: PartitionMetadata[]): TopicSummary => ({
    name,
    internal: isInternalTopic(name),
    partitionCount: partitions.length,
    replicationFactor: partitions[0]?.replicas.length ?? 0,
  });

  /** Keys newer than the broker are BAD_USER_INPUT naming the release that introduced them (one lookup, only if needed). */
  async function checkAgainstBroker(entries: readonly ConfigEntryInput[]): Promise<void> {
    if (needsBrokerVersion(entries)) checkKeysAgainstBroker(entries, await admin.brokerVersion());
  }

  async function describeOne(name: string): Promise<TopicSummary> {
    const [topic] = await admin.describeTopics([name]);
    if (!topic) throw new AppError('NOT_FOUND', `topic "${name}" does not exist`, { details: { field: 'name' } });
    return summarize(topic.name, topic.partitions);
  }

  async function findTopic(name: string): Promise<TopicSummary | null> {
    try {
      return await describeOne(name);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  async function committedFor(groupId: string, topics: string[]): Promise<Array<{ topic: string; partition: number; offset: string }>> {
    if (topics.length === 0) return [];
    const committed = await admin.committedOffsets(groupId, topics);
    return committed.flatMap(({ topic, partitions }) => partitions.filter((p) => BigInt(p.offset) >= 0n).map((p) => ({ topic, ...p })));
  }

  async function groupDetail(groupId: string): Promise<GroupDetail | null> {
    const [group] = await admin.describeGroups([groupId]);
    if (!group || group.state === 'Dead') return null;
    const assigned = new Set(group.members.flatMap((m) => m.assignments.map((a) => a.topic)));
    // OffsetFetch with "all topics" is not available at the API version kafkajs speaks, so ask per existing topic.
    const candidates = assigned.size > 0 ? [...assigned] : (await admin.listTopics()).filter((t) => !isInternalTopic(t));
    const committed = await committedFor(groupId, candidates);
    const topics = [...new Set([...assigned, ...committed.map((c) => c.topic)])].sort();
    const offsets: PartitionLag[] = [];
    for (const topic of topics) {
      const ends = await admin.topicOffsets(topic);
      for (const { partition, high } of ends) {
        const mine = committed.find((c) => c.topic === topic && c.partition === partition);
        const lag = mine ? BigInt(high) - BigInt(mine.offset) : null;
        offsets.push({
          topic,
          partition,
          committedOffset: mine?.offset ?? null,
          endOffset: high,
          lag: lag === null ? null : String(lag < 0n ? 0n : lag),
        });
      }
    }
    const totalLag = offsets.reduce((sum, o) => sum + (o.lag === null ? 0n : BigInt(o.lag)), 0n);
    return { ...group, offsets, totalLag: String(totalLag) };
  }

  return {
    async listTopics({ includeInternal = false, nameContains }: { includeInternal?: boolean; nameContains?: string | null } = {}): Promise<TopicSummary[]> {
      const names = (await admin.listTopics())
        .filter((name) => includeInternal || !isInternalTopic(name))
        .filter((name) => !nameContains || name.includes(nameContains))
        .sort();
      if (names.length === 0) return [];
      const described = await admin.describeTopics(names);
      return described.map((t) => summarize(t.name, t.partitions)).sort((a, b) => a.name.localeCompare(b.name));
    },

    /** null when the topic does not exist. */
    async getTopic(name: string): Promise<TopicSummary | null> {
      validateTopicName(name);
      return findTopic(name);
    },

    async topicPartitions(name: string): Promise<PartitionDetail[]> {
      const [[topic], offsets] = await Promise.all([admin.describeTopics([name]), admin.topicOffsets(name)]);
      return (topic?.partitions ?? []).map((p) => {
        const o = offsets.find((x) => x.partition === p.partition) ?? { low: '0', high: '0' };
        return { ...p, earliestOffset: o.low, latestOffset: o.high, messageCount: String(BigInt(o.high) - BigInt(o.low)) };
      });
    },

    async topicConfigs(name: string, { overridesOnly = false } = {}): Promise<ConfigEntry[]> {
      const entries = await admin.topicConfigs(name);
      return overridesOnly ? entries.filter((e) => !e.isDefault) : entries;
    },

    /** Groups that are assigned the topic or have offsets committed for it. */
    async topicConsumerGroups(name: string): Promise<string[]> {
      const listing = await admin.listGroups();
      if (listing.length === 0) return [];
      const groups = await admin.describeGroups(listing.map((g) => g.groupId));
      const readers: string[] = [];
      for (const group of groups) {
        if (group.members.some((m) => m.assignments.some((a) => a.topic === name))) readers.push(group.groupId);
        else if (group.protocolType === 'consumer' || group.protocolType === '') {
          if ((await committedFor(group.groupId, [name])).length > 0) readers.push(group.groupId);
        }
      }
      return readers.sort();
    },

    async createTopic(input: CreateTopicInput, caller: Caller): Promise<TopicSummary> {
      const name = validateTopicName(input.name, 'name', { forCreate: true });
      const partitions = input.partitions ?? 1;
      const replicationFactor = input.replicationFactor ?? 1;
      if (!Number.isInteger(partitions) || partitions < 1 || partitions > maxPartitions) {
        throw badInput('partitions', `partitions must be between 1 and ${maxPartitions}`);
      }
      if (!Number.isInteger(replicationFactor) || replicationFactor < 1 || replicationFactor > maxReplicationFactor) {
        throw badInput('replicationFactor', `replicationFactor must be between 1 and ${maxReplicationFactor}`);
      }
      const configs = validateConfigEntries(input.configs ?? []) as Array<{ name: string; value: string }>;
      return audited(audit, logger, caller, 'createTopic', name, { partitions, replicationFactor, configs }, async () => {
        await checkAgainstBroker(configs);
        await admin.createTopic({ name, partitions, replicationFactor, configs });
        return describeOne(name);
      });
    },

    async deleteTopic(name: string, caller: Caller): Promise<void> {
      validateTopicName(name);
      if (isInternalTopic(name)) throw badInput('name', `"${name}" is an internal Kafka topic and cannot be deleted here`);
      await audited(audit, logger, caller, 'deleteTopic', name, {}, async () => {
        await describeOne(name);
        await admin.deleteTopic(name);
      });
    },

    async addPartitions(name: string, count: number, caller: Caller): Promise<TopicSummary> {
      validateTopicName(name);
      if (!Number.isInteger(count) || count < 1 || count > maxPartitions) throw badInput('count', `count must be between 1 and ${maxPartitions}`);
      return audited(audit, logger, caller, 'addTopicPartitions', name, { count }, async () => {
        const current = await describeOne(name);
        if (count <= current.partitionCount) {
          throw badInput('count', `count is the new total and must exceed the current ${current.partitionCount} partitions (Kafka cannot remove partitions)`, {
            current: current.partitionCount,
          });
        }
        await admin.createPartitions(name, count);
        return describeOne(name);
      });
    },

    /** Merges the given overrides into the topic's current ones; a null value removes that override. */
    async updateConfigs(name: string, entries: ConfigEntryInput[], caller: Caller): Promise<TopicSummary> {
      validateTopicName(name);
      if (entries.length === 0) throw badInput('configs', 'configs must name at least one entry');
      const changes = validateConfigEntries(entries, 'configs', { allowNull: true });
      return audited(audit, logger, caller, 'updateTopicConfigs', name, { configs: changes }, async () => {
        const topic = await describeOne(name);
        await checkAgainstBroker(changes);
        const current = (await admin.topicConfigs(name)).filter((e) => e.source === 'TOPIC_OVERRIDE' && e.value !== null);
        const merged = new Map(current.map((e) => [e.name, e.value as string]));
        for (const change of changes) {
          if (change.value === null) merged.delete(change.name);
          else merged.set(change.name, change.value);
        }
        // AlterConfigs replaces the whole override set, hence the read-merge-write.
        await admin.replaceTopicConfigs(name, [...merged].map(([n, value]) => ({ name: n, value })));
        return topic;
      });
    },

    async listGroups(): Promise<GroupSummary[]> {
      const listing = await admin.listGroups();
      if (listing.length === 0) return [];
      const described = await admin.describeGroups(listing.map((g) => g.groupId));
      return described
        .map((g) => ({ groupId: g.groupId, state: g.state, protocolType: g.protocolType, memberCount: g.members.length }))
        .sort((a, b) => a.groupId.localeCompare(b.groupId));
    },

    /** null when Kafka does not know the group. */
    async getGroup(groupId: string): Promise<GroupDetail | null> {
      validateGroupId(groupId, 'id');
      return groupDetail(groupId);
    },

    async resetOffsets(input: ResetOffsetsInput, caller: Caller): Promise<GroupDetail> {
      const groupId = validateGroupId(input.groupId);
      const topic = validateTopicName(input.topic, 'topic');
      const explicit = validateResetShape(input);
      const auditInput = { topic, to: input.to, timestamp: input.timestamp ?? undefined, offsets: explicit?.map((o) => ({ ...o })) };
      return audited(audit, logger, caller, 'resetConsumerGroupOffsets', groupId, auditInput, async () => {
        const [group] = await admin.describeGroups([groupId]);
        if (!group || group.state === 'Dead') throw new AppError('NOT_FOUND', `consumer group "${groupId}" does not exist`, { details: { field: 'groupId' } });
        if (group.members.length > 0 || group.state !== 'Empty') {
          throw new AppError('CONFLICT', `consumer group "${groupId}" has ${group.members.length} active member(s) (state ${group.state}); stop its consumers before resetting offsets`, {
            details: { state: group.state, members: group.members.length },
          });
        }
        await describeOne(topic);
        const ends = await admin.topicOffsets(topic);
        let targets: Array<{ partition: number; offset: string }>;
        switch (input.to) {
          case 'EARLIEST':
            targets = ends.map((e) => ({ partition: e.partition, offset: e.low }));
            break;
          case 'LATEST':
            targets = ends.map((e) => ({ partition: e.partition, offset: e.high }));
            break;
          case 'TIMESTAMP':
            targets = await admin.offsetsForTimestamp(topic, input.timestamp!);
            break;
          case 'OFFSET':
            targets = explicit!.map((o, index) => {
              const range = ends.find((e) => e.partition === o.partition);
              if (!range) throw badInput(`offsets[${index}].partition`, `topic "${topic}" has no partition ${o.partition}`);
              if (BigInt(o.offset) < BigInt(range.low) || BigInt(o.offset) > BigInt(range.high)) {
                throw badInput(`offsets[${index}].offset`, `offset ${o.offset} is outside partition ${o.partition}'s range [${range.low}, ${range.high}]`);
              }
              return o;
            });
            break;
        }
        await admin.setCommittedOffsets(groupId, topic, targets);
        return (await groupDetail(groupId))!;
      });
    },

    async deleteGroup(groupId: string, caller: Caller): Promise<void> {
      validateGroupId(groupId, 'id');
      await audited(audit, logger, caller, 'deleteConsumerGroup', groupId, {}, () => admin.deleteGroup(groupId));
    },

    async produceMessage(input: ProduceInput, caller: Caller): Promise<{ topic: string; partition: number; offset: string; schemaId: number | null }> {
      const topic = validateTopicName(input.topic, 'topic');
      const value = input.value ?? null;
      if (value !== null && Buffer.byteLength(value) > maxMessageBytes) throw badInput('value', `value exceeds ${maxMessageBytes} bytes`);
      if (input.key && Buffer.byteLength(input.key) > 16_384) throw badInput('key', 'key exceeds 16384 bytes');
      const headers = input.headers ?? [];
      if (headers.length > 100) throw badInput('headers', 'at most 100 headers');
      const seen = new Set<string>();
      headers.forEach((h, i) => {
        if (!h.key) throw badInput(`headers[${i}].key`, 'header keys must not be empty');
        if (seen.has(h.key)) throw badInput(`headers[${i}].key`, `header "${h.key}" is given twice`);
        seen.add(h.key);
      });
      if (input.partition !== null && input.partition !== undefined && (!Number.isInteger(input.partition) || input.partition < 0)) {
        throw badInput('partition', 'partition must be a non-negative integer');
      }
      const schema = input.valueSchema ?? null;
      let json: unknown;
      if (schema) {
        if (!schema.subject) throw badInput('valueSchema.subject', 'valueSchema.subject must not be empty');
        if (schema.version != null && (!Number.isInteger(schema.version) || schema.version < 1)) throw badInput('valueSchema.version', 'valueSchema.version must be a positive integer');
        if (value === null) throw badInput('value', 'a value is needed to encode it with valueSchema');
        try {
          json = parseJsonExact(value);
        } catch {
          throw badInput('value', 'with valueSchema, value must be JSON text');
        }
      }
      const auditInput = {
        partition: input.partition ?? undefined,
        bytes: value === null ? 0 : Buffer.byteLength(value),
        headers: headers.map((h) => h.key),
        ...(schema ? { valueSchema: { subject: schema.subject, version: schema.version ?? 'latest' } } : {}),
      };
      return audited(audit, logger, caller, 'produceMessage', topic, auditInput, async () => {
        const summary = await describeOne(topic);
        if (input.partition != null && input.partition >= summary.partitionCount) {
          throw badInput('partition', `topic "${topic}" has ${summary.partitionCount} partitions; partition ${input.partition} does not exist`);
        }
        let encoded: { bytes: Buffer; schemaId: number } | undefined;
        if (schema) {
          if (!options.encoder) throw new AppError('UPSTREAM_UNAVAILABLE', 'no schema registry is configured to encode with', { retriable: true });
          encoded = await options.encoder.encode(schema.subject, schema.version ?? 'latest', json);
        }
        const [record] = await producer.send(topic, [
          {
            key: input.key ?? null,
            value: encoded ? encoded.bytes : value,
            partition: input.partition ?? undefined,
            headers: Object.fromEntries(headers.map((h) => [h.key, h.value])),
          },
        ]);
        return { topic, partition: record!.partition, offset: record!.baseOffset, schemaId: encoded?.schemaId ?? null };
      });
    },
  };
}

function validateResetShape(input: ResetOffsetsInput): Array<{ partition: number; offset: string }> | undefined {
  if (input.to === 'TIMESTAMP') {
    if (input.timestamp === null || input.timestamp === undefined) throw badInput('timestamp', 'timestamp is required with to: TIMESTAMP');
    if (!Number.isFinite(input.timestamp) || input.timestamp < 0) throw badInput('timestamp', 'timestamp must be a non-negative epoch time');
  } else if (input.timestamp !== null && input.timestamp !== undefined) {
    throw badInput('timestamp', 'timestamp is only allowed with to: TIMESTAMP');
  }
  if (input.to !== 'OFFSET') {
    if (input.offsets && input.offsets.length > 0) throw badInput('offsets', 'offsets are only allowed with to: OFFSET');
    return undefined;
  }
  if (!input.offsets || input.offsets.length === 0) throw badInput('offsets', 'offsets are required with to: OFFSET');
  const seen = new Set<number>();
  return input.offsets.map((o, index) => {
    if (!Number.isInteger(o.partition) || o.partition < 0) throw badInput(`offsets[${index}].partition`, 'partition must be a non-negative integer');
    if (seen.has(o.partition)) throw badInput(`offsets[${index}].partition`, `partition ${o.partition} is given twice`);
    seen.add(o.partition);
    const offset = BigInt(o.offset);
    if (offset < 0n) throw badInput(`offsets[${index}].offset`, 'offset must not be negative');
    return { partition: o.partition, offset: String(offset) };
  });
}

export type TopicsService = ReturnType<typeof createTopicsService>;
