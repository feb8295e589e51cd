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
import { TOPIC_CONFIG_DEFAULTS, TOPIC_CONFIG_NAMES } from '../topics/topic-config';
import type { BrokerState, RequestContext } from './context';

function brokerConfigs(state: BrokerState): DescribedConfig[] {
  const entries: Array<[string, string]> = [
    ['broker.id', String(state.nodeId)],
    ['auto.create.topics.enable', String(state.autoCreateTopics)],
    ['num.partitions', String(state.topics.defaultPartitions)],
    ['default.replication.factor', '1'],
    ['log.retention.ms', String(TOPIC_CONFIG_DEFAULTS['retention.ms'])],
    ['log.retention.bytes', String(TOPIC_CONFIG_DEFAULTS['retention.bytes'])],
    ['log.segment.bytes', String(TOPIC_CONFIG_DEFAULTS['segment.bytes'])],
    ['log.cleanup.policy', TOPIC_CONFIG_DEFAULTS['cleanup.policy']],
    ['message.max.bytes', String(TOPIC_CONFIG_DEFAULTS['max.message.bytes'])],
  ];
  return entries.map(([name, value]) => ({ name, value, readOnly: true, source: ConfigSource.STATIC_BROKER_CONFIG, isSensitive: false }));
}

function isThisBroker(state: BrokerState, name: string): boolean {
  return name === '' || name === String(state.nodeId);
}

/** DescribeConfigs v0-2 for topics (the implemented topic configs) and for broker 0 (read-only facts). */
export function handleDescribeConfigs(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void {
  const request = decodeDescribeConfigsRequest(reader, context.apiVersion);
  const resources = request.resources.map((resource): DescribedResource => {
    const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
    const wanted = (name: string) => resource.configurationKeys === null || resource.configurationKeys.length === 0 || resource.configurationKeys.includes(name);
    if (resource.resourceType === ResourceType.TOPIC) {
      const topic = state.topics.get(resource.resourceName);
      if (!topic) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic ${resource.resourceName} does not exist`, configs: [] };
      const configs = TOPIC_CONFIG_NAMES.filter(wanted).map((name) => ({
        name,
        value: String(topic.config[name]),
        readOnly: false,
        source: name in topic.overrides ? ConfigSource.DYNAMIC_TOPIC_CONFIG : ConfigSource.DEFAULT_CONFIG,
        isSensitive: false,
      }));
      return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs };
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
