import { ErrorCode } from '../protocol/error-codes';
import {
  ConfigSource,
  ResourceType,
  decodeAlterConfigsRequest,
  decodeDescribeConfigsRequest,
  encodeAlterConfigsResponse,
  encodeDescribeConfigsResponse,
  type DescribedConfig,
  type DescribedResource,
} from '../protocol/messages/configs';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
import { interBrokerProtocolVersion } from '../kafka-version';
import { allTopicConfigValues } from '../topics/topic-config';
import type { Topic } from '../topics/topic-registry';
import type { BrokerState, RequestContext } from './context';

/** Broker 0's configs: the facts of this node, and the broker defaults behind every topic config. */
function brokerConfigs(state: BrokerState): DescribedConfig[] {
  const entries: Array<[string, string]> = [
    ['broker.id', String(state.nodeId)],
    ['auto.create.topics.enable', String(state.autoCreateTopics)],
    ['num.partitions', String(state.topics.defaultPartitions)],
    ['default.replication.factor', '1'],
    ['inter.broker.protocol.version', interBrokerProtocolVersion(state.topics.version)],
  ];
  for (const config of allTopicConfigValues({}, state.topics.version)) {
    if (config.brokerSynonym && !entries.some(([name]) => name === config.brokerSynonym)) entries.push([config.brokerSynonym, config.defaultValue]);
  }
  return entries.map(([name, value]) => ({
    name,
    value,
    readOnly: true,
    source: ConfigSource.STATIC_BROKER_CONFIG,
    isSensitive: false,
    synonyms: [{ name, value, source: ConfigSource.STATIC_BROKER_CONFIG }],
  }));
}

/**
 * Every topic config the release defines, as Kafka describes it: an override has source DYNAMIC_TOPIC_CONFIG and
 * synonyms [the override, the broker default]; a default has source DEFAULT_CONFIG and the broker key as synonym.
 */
function topicConfigs(state: BrokerState, topic: Topic, wanted: (name: string) => boolean): DescribedConfig[] {
  return allTopicConfigValues(topic.overrides, state.topics.version)
    .filter((config) => wanted(config.name))
    .map((config) => {
      const synonyms: DescribedConfig['synonyms'] = [];
      if (config.overridden) synonyms.push({ name: config.name, value: config.value, source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
      if (config.brokerSynonym) synonyms.push({ name: config.brokerSynonym, value: config.defaultValue, source: ConfigSource.DEFAULT_CONFIG });
      return {
        name: config.name,
        value: config.value,
        readOnly: false,
        source: config.overridden ? ConfigSource.DYNAMIC_TOPIC_CONFIG : ConfigSource.DEFAULT_CONFIG,
        isSensitive: false,
        synonyms,
      };
    });
}

function isThisBroker(state: BrokerState, name: string): boolean {
  return name === '' || name === String(state.nodeId);
}

/** DescribeConfigs v0-2 for topics (every topic config of the release) and for broker 0 (read-only facts). */
export function handleDescribeConfigs(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const request = decodeDescribeConfigsRequest(reader, context.apiVersion);
  const resources = request.resources.map((resource): DescribedResource => {
    const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
    const wanted = (name: string) => resource.configurationKeys === null || resource.configurationKeys.length === 0 || resource.configurationKeys.includes(name);
    if (resource.resourceType === ResourceType.TOPIC) {
      const topic = state.topics.get(resource.resourceName);
      // Kafka answers an unknown topic without a message.
      if (!topic) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, configs: [] };
      return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs: topicConfigs(state, topic, wanted) };
    }
    if (resource.resourceType === ResourceType.BROKER && isThisBroker(state, resource.resourceName)) {
      return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs: brokerConfigs(state).filter((config) => wanted(config.name)) };
    }
    return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unsupported resource ${resource.resourceType}/${resource.resourceName}`, configs: [] };
  });
  encodeDescribeConfigsResponse(writer, context.apiVersion, resources, request.includeSynonyms);
}

/** AlterConfigs v0-1 for topics (replacing all overrides, as the non-incremental API does); broker configs are static. */
export function handleAlterConfigs(state: BrokerState, reader: Reader, writer: Writer): void {
  const request = decodeAlterConfigsRequest(reader);
  const resources = request.resources.map((resource) => {
    const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
    if (resource.resourceType === ResourceType.TOPIC) {
      const outcome = state.topics.alterConfigs(resource.resourceName, resource.configs, request.validateOnly);
      return { ...base, errorCode: outcome.errorCode, errorMessage: outcome.message };
    }
    return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Only topic configs can be altered on the embedded broker' };
  });
  encodeAlterConfigsResponse(writer, resources);
}
