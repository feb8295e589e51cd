import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { KafkaClient } from '../adapters/kafka/kafka-client';
import { createKafkaAdmin } from '../adapters/kafka/kafka-admin';
import { createKafkaProducer } from '../adapters/kafka/kafka-producer';
import { kafkaReadiness } from '../adapters/kafka/readiness';
import { TopicReader } from '../adapters/kafka/topic-reader';
import type { DimensionLookups } from '../pipeline/enricher/enricher';
import { createEnricherWorker, type EnricherWorker } from '../pipeline/enricher/enricher-worker';
import { createEventGenerator, type EventGenerator } from '../pipeline/generator/event-generator';
import type { Config } from '../config';
import type { ReadinessResult } from '../container';
import type { Logger } from '../logging/logger';
import { type AuditRecorder, createTopicsService, type TopicsService, type ValueEncoderPort } from '../services/topics';
import { LiveHub } from '../services/live/live-hub';
import { createLiveService, type LiveService } from '../services/live/live-service';
import type { PayloadDecoderPort } from '../services/live/payload-port';

export interface KafkaPlane {
  topics: TopicsService;
  live: LiveService;
  enricher?: EnricherWorker;
  generator?: EventGenerator;
  readiness: Record<string, () => Promise<ReadinessResult>>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A name for this process in private group ids: unique per instance, readable in `consumerGroups`. */
function instanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`.replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, 80);
}

/**
 * Builds the Kafka adapter, the topics and live services and the pipeline workers for the container. Kept here so
 * src/container.ts holds one short block. Background workers start in `start()` and never make it fail: a worker that
 * cannot reach Kafka keeps retrying in the background (the server stays up; /readyz says why).
 */
export function buildKafkaPlane(
  config: Config,
  brokers: string[],
  dimensions: DimensionLookups,
  logger: Logger,
  audit?: AuditRecorder,
  /** Decodes schema'd values in live views and encodes produceMessage values (the schemas plane's PayloadDecoder). */
  decoder?: PayloadDecoderPort & ValueEncoderPort,
): KafkaPlane {
  const kafkaLogger = logger.child({ adapter: 'kafka' });
  const client = new KafkaClient({ brokers, clientId: config.kafka.clientId, logger: kafkaLogger });
  const admin = createKafkaAdmin(client);
  const producer = createKafkaProducer(client);
  const topics = createTopicsService({ admin, producer, audit, encoder: decoder, logger: logger.child({ service: 'topics' }) });
  const hub = new LiveHub({
    admin,
    openReader: (spec) => new TopicReader(client, { ...spec, logger: kafkaLogger }),
    groupPrefix: `${config.kafka.clientId}-live-${instanceId()}`,
    replayEvents: config.live.replayEvents,
    consumerLingerMs: config.live.consumerLingerMs,
    outageGraceMs: config.live.outageGraceMs,
    dispatchChunk: Math.min(256, Math.floor(config.live.subscriberBuffer / 2)),
    decoder,
    logger: logger.child({ service: 'live' }),
  });
  const live = createLiveService({
    hub,
    admin,
    loadGroup: (groupId) => topics.getGroup(groupId),
    enrichedTopic: config.live.enricher.targetTopic,
    subscriberBuffer: config.live.subscriberBuffer,
    slowConsumerPolicy: config.live.slowConsumerPolicy,
    restrictedTopics: config.live.restrictedTopics,
    outageGraceMs: config.live.outageGraceMs,
    logger: logger.child({ service: 'live' }),
  });

  const enricher = config.live.enricher.enabled
    ? createEnricherWorker({
        client,
        admin,
        producer,
        dimensions,
        config: config.live.enricher,
        topicPartitions: config.live.pipelineTopicPartitions,
        logger: logger.child({ worker: 'enricher' }),
        decoder,
      })
    : undefined;
  const generator =
    config.live.generator.rate > 0
      ? createEventGenerator({
          producer,
          rate: config.live.generator.rate,
          invalidRate: config.live.generator.invalidRate,
          clickTopic: config.live.enricher.sourceTopic,
          logger: logger.child({ worker: 'generator' }),
        })
      : undefined;

  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const startWorkers = async (): Promise<void> => {
    try {
      if (generator) {
        for (const name of [config.live.enricher.sourceTopic, 'stock_transactions']) {
          await admin.ensureTopic({ name, partitions: config.live.pipelineTopicPartitions, replicationFactor: 1, configs: [] });
        }
      }
      await enricher?.start();
      generator?.start();
    } catch (error) {
      if (stopped) return;
      logger.warn({ err: (error as Error).message }, 'pipeline workers could not start; retrying in 5 s');
      retry = setTimeout(() => void startWorkers(), 5_000);
      retry.unref?.();
    }
  };

  const readiness: KafkaPlane['readiness'] = { kafka: kafkaReadiness(admin, () => live.problem()) };
  if (enricher) {
    readiness.enricher = async () => {
      const { status, enriched, deadLettered, lastError } = enricher.enricher.stats;
      const detail = `${status}; ${enriched} enriched, ${deadLettered} dead-lettered${lastError && status !== 'up' ? `; last error: ${lastError}` : ''}`;
      return { ok: status === 'up', detail };
    };
  }

  return {
    topics,
    live,
    enricher,
    generator,
    readiness,
    start: startWorkers,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await generator?.stop();
      await enricher?.stop();
      await live.stop();
      await client.close();
    },
  };
}
