import type { KafkaRecord } from '../../adapters/kafka/types';
import type { ReaderControl } from '../../adapters/kafka/topic-reader';
import type { AppError } from '../../errors/app-error';

export interface ReaderSpec {
  topic: string;
  groupId: string;
  startOffsets: ReadonlyMap<number, number>;
  onRecords(records: KafkaRecord[], control: ReaderControl): Promise<number | void> | number | void;
  onStatus?(status: 'up' | 'down', error?: AppError): void;
}

export interface ReaderHandle {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How the live plane opens a topic reader: the Kafka TopicReader in production, a fake in unit tests. */
export type ReaderFactory = (spec: ReaderSpec) => ReaderHandle;
