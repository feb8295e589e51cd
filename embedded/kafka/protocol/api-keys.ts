/** Kafka API keys the embedded broker serves, and the version range it advertises for each in ApiVersions. */
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  CreatePartitions: 37,
  DeleteGroups: 42,
} as const;

/**
 * [min, max] per API. Every max is below the API's first flexible version, so no tagged fields or compact encodings
 * exist anywhere in the codecs. The maxima are the versions kafkajs 2.2.4 uses; librdkafka (kcat) negotiates down into
 * these ranges.
 */
export const SUPPORTED_VERSIONS: ReadonlyMap<number, readonly [number, number]> = new Map<number, readonly [number, number]>([
  [ApiKey.Produce, [3, 7]],
  [ApiKey.Fetch, [4, 11]],
  [ApiKey.ListOffsets, [0, 3]],
  [ApiKey.Metadata, [0, 6]],
  [ApiKey.OffsetCommit, [0, 5]],
  [ApiKey.OffsetFetch, [1, 4]],
  [ApiKey.FindCoordinator, [0, 2]],
  [ApiKey.JoinGroup, [0, 5]],
  [ApiKey.Heartbeat, [0, 3]],
  [ApiKey.LeaveGroup, [0, 3]],
  [ApiKey.SyncGroup, [0, 3]],
  [ApiKey.DescribeGroups, [0, 2]],
  [ApiKey.ListGroups, [0, 2]],
  [ApiKey.ApiVersions, [0, 2]],
  [ApiKey.CreateTopics, [0, 3]],
  [ApiKey.DeleteTopics, [0, 1]],
  [ApiKey.DeleteRecords, [0, 1]],
  [ApiKey.InitProducerId, [0, 1]],
  [ApiKey.DescribeConfigs, [0, 2]],
  [ApiKey.AlterConfigs, [0, 1]],
  [ApiKey.CreatePartitions, [0, 1]],
  [ApiKey.DeleteGroups, [0, 1]],
]);
