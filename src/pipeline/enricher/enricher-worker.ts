import { GroupWorker } from '../../adapters/kafka/group-worker';
import type { KafkaClient } from '../../adapters/kafka/kafka-client';
import type { KafkaAdminPort, KafkaProducerPort } from '../../adapters/kafka/types';
import type { LiveConfig } from '../../config/live';
import type { Logger } from '../../logging/logger';
import { type DimensionLookups, Enricher } from './enricher';
import type { PayloadDecoderPort } from '../../services/live/payload-port';
import { ENRICHED_CLICK_SCHEMA } from '../demo/avro-schemas';
import { type SchemaWriterPort, valueWriters } from '../value-writer';

export interface EnricherWorkerOptions {
  client: KafkaClient;
  admin: KafkaAdminPort;
  producer: KafkaProducerPort;
  dimensions: DimensionLookups;
  config: LiveConfig['enricher'];
  /** Partitions of the pipeline topics created when missing. */
  topicPartitions: number;
  /** KAFKA_SESSION_TIMEOUT_MS. @default 30_000 */
  sessionTimeoutMs?: number;
  /** See GroupWorkerOptions.onCrash: set by a supervisor that restarts the worker. */
  onCrash?(error: unknown): void;
  logger: Logger;
  /** Decodes schema'd clickstream values through the registry. */
  decoder?: PayloadDecoderPort;
  /** With a registry: the target topic's EnrichedClick schema is registered and its values written as Confluent Avro. */
  schemaWriter?: SchemaWriterPort;
}

/**
 * The enricher as a running worker: ensures its three topics exist, then joins the enricher consumer group. Several
 * processes (npm run enricher) with the same ENRICHER_GROUP_ID split the source partitions between them.
 */
export function createEnricherWorker(options: EnricherWorkerOptions) {
  const { config, logger } = options;
  const enricher = new Enricher({
    producer: options.producer,
    dimensions: options.dimensions,
    targetTopic: config.targetTopic,
    dlqTopic: config.dlqTopic,
    cacheTtlMs: config.cacheTtlMs,
    cacheMaxEntries: config.cacheMaxEntries,
    logger,
    decoder: options.decoder,
  });
  const worker = new GroupWorker(options.client, {
    groupId: config.groupId,
    topic: config.sourceTopic,
    onRecords: (records) => enricher.handle(records),
    onStatus: (status, error) => enricher.setStatus(status, error),
    onCrash: options.onCrash,
    sessionTimeoutMs: options.sessionTimeoutMs,
    logger,
  });

  return {
    enricher,
    async start(): Promise<void> {
      for (const name of [config.sourceTopic, config.targetTopic, config.dlqTopic]) {
        if (await options.admin.ensureTopic({ name, partitions: options.topicPartitions, replicationFactor: 1, configs: [] })) {
          logger.info({ topic: name }, 'created pipeline topic');
        }
      }
      // Registered before consuming: a registry that is down fails this start, and the supervisor retries it.
      const writers = await valueWriters(options.schemaWriter, { [config.targetTopic]: ENRICHED_CLICK_SCHEMA });
      enricher.useWriter(writers[config.targetTopic]!);
      await worker.start();
      logger.info({ groupId: config.groupId, source: config.sourceTopic, target: config.targetTopic, dlq: config.dlqTopic, format: options.schemaWriter ? 'avro' : 'json' }, 'enricher started');
    },
    async stop(): Promise<void> {
      await worker.stop();
      enricher.setStatus('stopped');
    },
  };
}

export type EnricherWorker = ReturnType<typeof createEnricherWorker>;
