import type { KafkaClient } from '../adapters/kafka/kafka-client';
import type { KafkaAdminPort, KafkaProducerPort } from '../adapters/kafka/types';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { DimensionLookups } from '../pipeline/enricher/enricher';
import { createEnricherWorker, type EnricherWorker } from '../pipeline/enricher/enricher-worker';
import type { Plane } from './plane';
import { startOrRelease, type SupervisedWorker, type Supervisor } from './supervisor';
import type { PayloadDecoderPort } from '../services/live/payload-port';
import type { SchemaWriterPort } from '../pipeline/value-writer';

export const ENRICHER_WORKER = 'enricher';

export interface PipelineDeps {
  client: KafkaClient;
  admin: KafkaAdminPort;
  producer: KafkaProducerPort;
  dimensions: DimensionLookups;
  /** Decodes schema'd clickstream records (undecodable ones are dead-lettered with the reason). */
  decoder?: PayloadDecoderPort;
  /** Set when a schema registry is configured: the enricher then writes Confluent Avro. */
  schemaWriter?: SchemaWriterPort;
}

/**
 * The stream workers pipegraph runs itself: the clickstream enricher (when enabled), under the supervisor. Each run is
 * a fresh consumer-group member that resumes from the group's committed offsets, so a crash of any kind — a fenced
 * commit, a broker gone for longer than kafkajs retries — costs at most the reprocessing of one uncommitted batch.
 */
export function buildPipelinePlane(config: Config, deps: PipelineDeps, supervisor: Supervisor, logger: Logger): Plane<Record<string, never>> {
  if (!config.live.enricher.enabled) return { services: {}, readiness: {}, async start() {}, async stop() {} };
  const log = logger.child({ worker: ENRICHER_WORKER });
  let current: EnricherWorker | undefined;
  let supervised: SupervisedWorker | undefined;
  // Totals survive restarts, so /readyz and the logs show the worker's whole history.
  const stats = { enriched: 0, deadLettered: 0 };
  const workerReadiness = supervisor.readiness(ENRICHER_WORKER);
  return {
    services: {},
    readiness: {
      async [ENRICHER_WORKER]() {
        const supervised = await workerReadiness();
        const now = current?.enricher.stats;
        if (!supervised.ok || !now) return supervised;
        const detail = `${now.status}; ${stats.enriched + now.enriched} enriched, ${stats.deadLettered + now.deadLettered} dead-lettered`;
        return { ok: now.status === 'up', detail: now.lastError && now.status !== 'up' ? `${detail}; last error: ${now.lastError}` : detail };
      },
    },
    async start() {
      supervised = await supervisor.supervise({
        name: ENRICHER_WORKER,
        async start(run) {
          const worker = await startOrRelease(createEnricherWorker({
            ...deps,
            config: config.live.enricher,
            topicPartitions: config.live.pipelineTopicPartitions,
            sessionTimeoutMs: config.kafka.sessionTimeoutMs,
            onCrash: run.crash,
            logger: log,
          }));
          current = worker;
          return {
            async stop() {
              await worker.stop();
              stats.enriched += worker.enricher.stats.enriched;
              stats.deadLettered += worker.enricher.stats.deadLettered;
              if (current === worker) current = undefined;
            },
          };
        },
      });
    },
    async stop() {
      await supervised?.stop();
    },
  };
}
