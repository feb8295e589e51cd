import { AssignerProtocol, ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import { AppError } from '../../errors/app-error';
import type { KafkaClient } from './kafka-client';
import { commitAsMember } from './commit-offsets';
import { kafkaCall } from './map-error';
import type { ConfigEntry, ConfigSourceName, GroupDescription, KafkaAdminPort, NewTopic } from './types';

const INTER_BROKER_PROTOCOL = 'inter.broker.protocol.version';

/** The admin operations over the shared kafkajs admin client; every call is timed and its errors mapped. */
export function createKafkaAdmin(client: KafkaClient): KafkaAdminPort {
  const withAdmin = <T>(operation: string, subject: string | undefined, call: (admin: Admin) => Promise<T>) =>
    kafkaCall(operation, async () => call(await client.getAdmin()), subject);

  const createTopic = (topic: NewTopic) =>
    withAdmin('createTopics', `topic "${topic.name}"`, async (admin) => {
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: topic.name, numPartitions: topic.partitions, replicationFactor: topic.replicationFactor, configEntries: topic.configs }],
      });
      // kafkajs reports an existing topic as `false` rather than an error.
      if (!created) throw new AppError('ALREADY_EXISTS', `topic "${topic.name}" already exists`, { details: { field: 'name' } });
    });

  return {
    listTopics: () => withAdmin('listTopics', undefined, (admin) => admin.listTopics()),

    describeTopics: (names) =>
      withAdmin('fetchTopicMetadata', names.length === 1 ? `topic "${names[0]}"` : undefined, async (admin) => {
        const { topics } = await admin.fetchTopicMetadata({ topics: names });
        return topics.map((t) => ({
          name: t.name,
          partitions: t.partitions
            .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, inSyncReplicas: p.isr }))
            .sort((a, b) => a.partition - b.partition),
        }));
      }),

    topicOffsets: (topic) =>
      withAdmin('fetchTopicOffsets', `topic "${topic}"`, async (admin) =>
        (await admin.fetchTopicOffsets(topic))
          .map(({ partition, low, high }) => ({ partition, low, high }))
          .sort((a, b) => a.partition - b.partition),
      ),

    offsetsForTimestamp: (topic, timestamp) =>
      withAdmin('fetchTopicOffsetsByTimestamp', `topic "${topic}"`, async (admin) =>
        (await admin.fetchTopicOffsetsByTimestamp(topic, timestamp)).map(({ partition, offset }) => ({ partition, offset })),
      ),

    topicConfigs: (topic) =>
      withAdmin('describeConfigs', `topic "${topic}"`, async (admin) => {
        const { resources } = await admin.describeConfigs({
          includeSynonyms: false,
          resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
        });
        const resource = resources[0];
        if (!resource) return [];
        return resource.configEntries
          .map(
            (entry): ConfigEntry => ({
              name: entry.configName,
              value: entry.isSensitive ? null : entry.configValue,
              isDefault: entry.isDefault,
              source: sourceName(entry.configSource, entry.isDefault),
              isSensitive: entry.isSensitive,
              readOnly: entry.readOnly,
            }),
          )
          .sort((a, b) => a.name.localeCompare(b.name));
      }),

    createTopic,

    async ensureTopic(topic) {
      // Look first: kafkajs logs an existing topic's CreateTopics answer at error level.
      const existing = await withAdmin('listTopics', undefined, (admin) => admin.listTopics());
      if (existing.includes(topic.name)) return false;
      try {
        await createTopic(topic);
        return true;
      } catch (error) {
        if (error instanceof AppError && error.code === 'ALREADY_EXISTS') return false;
        throw error;
      }
    },

    deleteTopic: (topic) => withAdmin('deleteTopics', `topic "${topic}"`, (admin) => admin.deleteTopics({ topics: [topic] })),

    createPartitions: (topic, totalCount) =>
      withAdmin('createPartitions', `topic "${topic}"`, async (admin) => {
        await admin.createPartitions({ topicPartitions: [{ topic, count: totalCount }] });
      }),

    replaceTopicConfigs: (topic, overrides) =>
      withAdmin('alterConfigs', `topic "${topic}"`, async (admin) => {
        await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: overrides }] });
      }),

    listGroups: () =>
      withAdmin('listGroups', undefined, async (admin) => (await admin.listGroups()).groups.map(({ groupId, protocolType }) => ({ groupId, protocolType }))),

    describeGroups: (groupIds) =>
      withAdmin('describeGroups', groupIds.length === 1 ? `group "${groupIds[0]}"` : undefined, async (admin) =>
        (await admin.describeGroups(groupIds)).groups.map(
          (group): GroupDescription => ({
            groupId: group.groupId,
            state: group.state,
            protocolType: group.protocolType,
            protocol: group.protocol,
            members: group.members.map((member) => ({
              memberId: member.memberId,
              clientId: member.clientId,
              clientHost: member.clientHost,
              assignments: group.protocolType === 'consumer' ? decodeAssignment(member.memberAssignment) : [],
            })),
          }),
        ),
      ),

    committedOffsets: (groupId, topics) =>
      withAdmin('fetchOffsets', `group "${groupId}"`, async (admin) =>
        (await admin.fetchOffsets({ groupId, topics })).map(({ topic, partitions }) => ({
          topic,
          partitions: partitions.map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition),
        })),
      ),

    setCommittedOffsets: (groupId, topic, partitions) =>
      kafkaCall('setOffsets', () => commitAsMember(client, groupId, topic, partitions), `group "${groupId}"`),

    deleteGroup: (groupId) =>
      withAdmin('deleteGroups', `group "${groupId}"`, async (admin) => {
        await admin.deleteGroups([groupId]);
      }),

    brokerVersion: () =>
      withAdmin('describeConfigs', undefined, async (admin) => {
        const { brokers } = await admin.describeCluster();
        const { resources } = await admin.describeConfigs({
          includeSynonyms: false,
          resources: brokers.map((broker) => ({ type: ConfigResourceTypes.BROKER, name: String(broker.nodeId), configNames: [INTER_BROKER_PROTOCOL] })),
        });
        const versions = resources
          .map((resource) => resource.configEntries.find((entry) => entry.configName === INTER_BROKER_PROTOCOL)?.configValue ?? '')
          .map((value) => /^(\d+)\.(\d+)/.exec(value))
          .filter((match): match is RegExpExecArray => match !== null)
          .map((match) => [Number(match[1]), Number(match[2])] as const)
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        return versions.length === 0 ? null : `${versions[0]![0]}.${versions[0]![1]}`;
      }),

    describeCluster: () =>
      withAdmin('describeCluster', undefined, async (admin) => {
        const cluster = await admin.describeCluster();
        return { brokers: cluster.brokers.length, controller: cluster.controller, clusterId: cluster.clusterId };
      }),
  };
}

function sourceName(source: number | undefined, isDefault: boolean): ConfigSourceName {
  switch (source) {
    case ConfigSource.TOPIC_CONFIG:
      return 'TOPIC_OVERRIDE';
    case ConfigSource.DEFAULT_CONFIG:
      return 'DEFAULT';
    case ConfigSource.DYNAMIC_BROKER_CONFIG:
    case ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG:
    case ConfigSource.STATIC_BROKER_CONFIG:
      return 'BROKER';
    default:
      // DescribeConfigs v0 carries no source, only isDefault.
      return isDefault ? 'DEFAULT' : source === undefined ? 'TOPIC_OVERRIDE' : 'UNKNOWN';
  }
}

function decodeAssignment(buffer: Buffer): Array<{ topic: string; partitions: number[] }> {
  if (!buffer || buffer.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buffer);
    if (!decoded) return [];
    return Object.entries(decoded.assignment).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }));
  } catch {
    return [];
  }
}
