import type { Admin, IHeaders, KafkaMessage, Producer } from 'kafkajs';
import type { EmbeddedLogger } from '../../logger';
import { traceOf } from './task-runner';

export type ErrorStage = 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'TRANSFORMATION' | 'TASK_PUT' | 'TASK_POLL' | 'KAFKA_PRODUCE';

export interface ErrorReporterOptions {
  connector: string;
  taskId: number;
  config: Record<string, string>;
  producer: Producer;
  admin: Admin;
  logger: EmbeddedLogger;
}

/**
 * errors.tolerance / errors.log.* / errors.deadletterqueue.* of one sink task (Connect's RetryWithToleranceOperator
 * with the DeadLetterQueueReporter and LogReporter): decides whether an error is tolerated and, if so, where the
 * failed record goes. The original Kafka bytes go to the dead-letter topic, with context headers when enabled.
 */
export class ErrorReporter {
  readonly tolerateAll: boolean;
  private readonly dlqTopic: string;
  private readonly contextHeaders: boolean;
  private readonly logErrors: boolean;
  private readonly logMessages: boolean;
  private dlqReady: Promise<void> | undefined;
  /** How many records were skipped (tests and status). */
  skipped = 0;

  constructor(private readonly options: ErrorReporterOptions) {
    const c = options.config;
    this.tolerateAll = (c['errors.tolerance'] ?? 'none').toLowerCase() === 'all';
    this.dlqTopic = (c['errors.deadletterqueue.topic.name'] ?? '').trim();
    this.contextHeaders = (c['errors.deadletterqueue.context.headers.enable'] ?? 'false').toLowerCase() === 'true';
    this.logErrors = (c['errors.log.enable'] ?? 'false').toLowerCase() === 'true';
    this.logMessages = (c['errors.log.include.messages'] ?? 'false').toLowerCase() === 'true';
  }

  /** Reports a tolerated failure of one consumed record. Only call when tolerateAll. */
  async report(stage: ErrorStage, topic: string, partition: number, message: KafkaMessage, error: Error, className?: string): Promise<void> {
    this.skipped++;
    if (this.logErrors) {
      this.options.logger.error(
        {
          connector: this.options.connector,
          task: this.options.taskId,
          stage,
          topic,
          partition,
          offset: message.offset,
          err: error.message,
          ...(this.logMessages ? { key: message.key?.toString('utf8'), value: message.value?.toString('utf8').slice(0, 1024) } : {}),
        },
        'Error encountered in task; tolerated by errors.tolerance=all',
      );
    }
    if (!this.dlqTopic) return;
    await (this.dlqReady ??= this.ensureDlqTopic());
    const headers: IHeaders = { ...(message.headers ?? {}) };
    if (this.contextHeaders) {
      const e = error as Error & { javaClass?: string };
      Object.assign(headers, {
        '__connect.errors.topic': topic,
        '__connect.errors.partition': String(partition),
        '__connect.errors.offset': String(message.offset),
        '__connect.errors.connector.name': this.options.connector,
        '__connect.errors.task.id': String(this.options.taskId),
        '__connect.errors.stage': stage,
        '__connect.errors.class.name': className ?? stageClass(stage),
        '__connect.errors.exception.class.name': e.javaClass ?? 'org.apache.kafka.connect.errors.ConnectException',
        '__connect.errors.exception.message': error.message,
        '__connect.errors.exception.stacktrace': traceOf(error).slice(0, 4096),
      });
    }
    await this.options.producer.send({
      topic: this.dlqTopic,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers, timestamp: message.timestamp }],
    });
  }

  private async ensureDlqTopic(): Promise<void> {
    const topics = await this.options.admin.listTopics();
    if (topics.includes(this.dlqTopic)) return;
    // A single-node worker cannot honour the default replication factor of 3, so the topic gets 1.
    await this.options.admin
      .createTopics({ waitForLeaders: true, topics: [{ topic: this.dlqTopic, numPartitions: 1, replicationFactor: 1 }] })
      .catch((error: Error) => {
        if (!/already exists/i.test(error.message)) throw error;
      });
  }
}

function stageClass(stage: ErrorStage): string {
  switch (stage) {
    case 'TASK_PUT':
      return 'org.apache.kafka.connect.sink.SinkTask';
    default:
      return 'org.apache.kafka.connect.transforms.Transformation';
  }
}
