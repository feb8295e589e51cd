import type { ConfigDef } from '../config/config-def';
import type { SinkRecord, SourceRecord } from '../data/record';
import type { EmbeddedLogger } from '../../logger';

export type ConnectorType = 'source' | 'sink';

/** What a sink task may ask of the worker: report a record it could not write (KIP-610's ErrantRecordReporter). */
export interface SinkTaskContext {
  connectorName: string;
  taskId: number;
  logger: EmbeddedLogger;
  /** present when errors.tolerance=all; resolves once the record is in the dead-letter topic (or logged) */
  errantRecordReporter?: (record: SinkRecord, error: Error) => Promise<void>;
  /** Asks the worker to commit preCommit()'s offsets now (a sink that made data durable outside put(), e.g. on a timer). */
  requestCommit?: () => void;
}

/** Connect's RetriableException: put() could not write yet; the worker waits, then hands the same records again. */
export class RetriableException extends Error {
  readonly javaClass = 'org.apache.kafka.connect.errors.RetriableException';
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetriableException';
  }
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** the next offset to consume */
  offset: number;
}

export interface SinkTask {
  start(props: Record<string, string>, context: SinkTaskContext): Promise<void>;
  /** Writes the records durably before resolving; the worker commits their offsets only afterwards. */
  put(records: SinkRecord[]): Promise<void>;
  /**
   * Connect's preCommit(): the offsets safe to commit. A sink that buffers across put() calls (the S3 sink) returns
   * only what it already made durable; without it the worker commits everything put() accepted.
   */
  preCommit?(): TopicPartitionOffset[];
  /**
   * Connect's open()/close() around a rebalance: the partitions this task owns now. A sink drops what it buffered for
   * the others; their new owner consumes them again from the committed offset.
   */
  assigned?(partitions: Array<{ topic: string; partition: number }>): void;
  stop(): Promise<void>;
}

export interface SourceTaskContext {
  connectorName: string;
  taskId: number;
  logger: EmbeddedLogger;
  /** the last committed offset for a source partition, or null */
  offsetOf(partition: Record<string, unknown>): Record<string, unknown> | null;
}

export interface SourceTask {
  start(props: Record<string, string>, context: SourceTaskContext): Promise<void>;
  /** Next records, or an empty array when nothing is ready; must return promptly once `signal` aborts. */
  poll(signal: AbortSignal): Promise<SourceRecord[]>;
  stop(): Promise<void>;
}

/** A connector plugin as the worker sees it: its config definition and how it splits work into tasks. */
export interface ConnectorPlugin {
  className: string;
  type: ConnectorType;
  version: string;
  /** plugin-specific keys only; the worker adds the common connector keys */
  configDef: ConfigDef;
  /** cross-field checks beyond single-key validators: key → messages */
  validate?(config: Record<string, string>): Map<string, string[]>;
  taskConfigs(config: Record<string, string>, maxTasks: number): Array<Record<string, string>>;
  createSinkTask?(): SinkTask;
  createSourceTask?(): SourceTask;
}

/** Sleeps up to `ms`, waking early (without throwing) when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
