export {
  createTopicsService,
  type TopicsService,
  type TopicsServiceOptions,
  type TopicSummary,
  type PartitionDetail,
  type GroupSummary,
  type GroupDetail,
  type PartitionLag,
  type OffsetResetTarget,
  type ResetOffsetsInput,
  type CreateTopicInput,
  type ProduceInput,
  type ValueEncoderPort,
} from './topics-service';
export type { AuditEntry, AuditRecorder } from './audit-port';
export { TOPIC_CONFIG_KEYS, type ConfigEntryInput } from './topic-config-keys';
export { validateTopicName, isInternalTopic } from './topic-name';
export { pageByName, type NamePage, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './name-page';
