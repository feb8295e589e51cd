export { KafkaConnectClient, type ConnectClientOptions } from './connect-client';
export { ConnectClusters, type ConnectClustersOptions } from './connect-clusters';
export { parseKafkaVersion, FEATURES, type Feature, type KafkaVersion } from './connect-version';
export type * from './connect-types';
