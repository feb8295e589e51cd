export { KafkaClient, type KafkaClientOptions } from './kafka-client';
export { createKafkaAdmin } from './kafka-admin';
export { createKafkaProducer } from './kafka-producer';
export { TopicReader, type TopicReaderOptions, type ReaderControl } from './topic-reader';
export { GroupWorker, type GroupWorkerOptions } from './group-worker';
export { mapKafkaError } from './map-error';
export { kafkaReadiness } from './readiness';
export type * from './types';
