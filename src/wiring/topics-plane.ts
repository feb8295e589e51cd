import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createKafkaAdmin } from '../adapters/kafka/kafka-admin';
import { KafkaClient } from '../adapters/kafka/kafka-client';
import { createKafkaProducer } from '../adapters/kafka/kafka-producer';
import { kafkaReadiness } from '../adapters/kafka/readiness';
import type { KafkaAdminPort, KafkaProducerPort } from '../adapters/kafka/types';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import { LiveHub } from '../services/live/live-hub';
import { createLiveService, type LiveService } from '../services/live/live-service';
import { type AuditRecorder, createTopicsService, type TopicsService, type ValueEncoderPort } from '../services/topics';
import type { PayloadDecoderPort } from '../services/live/payload-port';
import type { Plane } from './plane';
import { LIVE_READER_KIND, supervisedReaderFactory } from './supervised-reader';
import type { Supervisor } from './supervisor';

export interface TopicsPlane extends Plane<{ topics: TopicsService; live: LiveService }> {
  /** The process's one Kafka client, admin and producer, shared with the pipeline and demo planes. */
  client: KafkaClient;
  admin: KafkaAdminPort;
  producer: KafkaProducerPort;
}

/** A name for this process in private group ids: unique per instance, readable in `consumerGroups`. */
function instanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`.replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, 80);
}

/** Kafka: the adapter, topic and group control, and the live fan-out hub whose topic readers run under `supervisor`. */
export function buildTopicsPlane(
  config: Config,
  brokers: string[],
  supervisor: Supervisor,
  logger: Logger,
  audit?: AuditRecorder,
  /** Decodes schema'd values in live views and encodes produceMessage values (the schemas plane's PayloadDecoder). */
  decoder?: PayloadDecoderPort & ValueEncoderPort,
): TopicsPlane {
  const kafkaLogger = logger.child({ adapter: 'kafka' });
  const client = new KafkaClient({ brokers, clientId: config.kafka.clientId, logger: kafkaLogger });
  const admin = createKafkaAdmin(client);
  const producer = createKafkaProducer(client);
  const topics = createTopicsService({ admin, producer, audit, encoder: decoder, logger: logger.child({ service: 'topics' }) });
  const hub = new LiveHub({
    admin,
    openReader: supervisedReaderFactory(client, supervisor, kafkaLogger, config.kafka.sessionTimeoutMs),
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
    workers: supervisor,
    logger: logger.child({ service: 'live' }),
  });
  return {
    services: { topics, live },
    readiness: { kafka: kafkaReadiness(admin, () => live.problem()), liveReaders: supervisor.kindReadiness(LIVE_READER_KIND) },
    client,
    admin,
    producer,
    async start() {},
    async stop() {
      await live.stop();
      await client.close();
    },
  };
}
