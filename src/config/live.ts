import { z } from 'zod';
import { boolFromEnv, intFromEnv, listFromEnv } from './parse';

/**
 * The live plane (Kafka-backed subscriptions), topic control and the pipeline workers (enricher, demo generator).
 * Every bound is checked at start-up; a value outside it is a config error (exit 2), never silently clamped.
 */
export const liveEnv = {
  /** Events (or frames) a subscriber may have queued before the slow-consumer policy applies. */
  LIVE_SUBSCRIBER_BUFFER: intFromEnv(1_000, 1, 1_000_000),
  /** SLOW_CONSUMER ends a subscriber whose buffer is full with that code; DROP_OLDEST discards its oldest queued events. */
  LIVE_SLOW_CONSUMER_POLICY: z.enum(['SLOW_CONSUMER', 'DROP_OLDEST']).default('SLOW_CONSUMER'),
  /** Bytes a websocket may hold unsent before a subscriber's events queue in its buffer instead. */
  LIVE_SOCKET_HIGH_WATER_BYTES: intFromEnv(1_048_576, 1_024, 1_073_741_824),
  /** How long a topic's consumer keeps running after its last subscriber left (a quick re-subscribe reuses it). */
  LIVE_CONSUMER_LINGER_MS: intFromEnv(5_000, 0, 3_600_000),
  /** Recent events kept per topic so a reconnecting client resumes from memory instead of a fresh Kafka read. */
  LIVE_REPLAY_EVENTS: intFromEnv(10_000, 0, 10_000_000),
  /** A broker outage shorter than this pauses subscriptions; longer ends them with UPSTREAM_UNAVAILABLE. */
  LIVE_OUTAGE_GRACE_MS: intFromEnv(15_000, 0, 3_600_000),
  /** Topics `topicMessages` serves only to admins: exact names or prefixes ending in `*`. */
  LIVE_RESTRICTED_TOPICS: listFromEnv().default('__*'),
  /** Run the clickstream enricher inside the server. Default: on when the embedded Kafka broker is used. */
  ENRICHER_ENABLED: boolFromEnv(false).optional(),
  ENRICHER_GROUP_ID: z.string().min(1).default('pipegraph-enricher'),
  ENRICHER_SOURCE_TOPIC: z.string().min(1).default('clickstream'),
  ENRICHER_TARGET_TOPIC: z.string().min(1).default('enriched-clickstream'),
  ENRICHER_DLQ_TOPIC: z.string().min(1).default('clickstream-dlq'),
  /** Partitions for pipeline topics the enricher and generator create when missing. */
  PIPELINE_TOPIC_PARTITIONS: intFromEnv(3, 1, 10_000),
  ENRICHER_CACHE_TTL_MS: intFromEnv(60_000, 0, 86_400_000),
  ENRICHER_CACHE_MAX_ENTRIES: intFromEnv(50_000, 0, 10_000_000),
  /** Clickstream (and as many stock transaction) events per second `npm start` generates. Default: 5 with embedded Kafka, else 0 (off). */
  DEMO_GENERATOR_RATE: intFromEnv(5, 0, 1_000_000).optional(),
  /** Fraction of generated clickstream events that are deliberately malformed or unjoinable (exercises the dead-letter path). */
  DEMO_GENERATOR_INVALID_RATE: z.coerce.number().min(0).max(1).default(0.01),
};

type Env = z.infer<z.ZodObject<typeof liveEnv>>;

export type SlowConsumerPolicy = 'SLOW_CONSUMER' | 'DROP_OLDEST';

export function liveConfig(env: Env, kafkaEmbedded: boolean) {
  return {
    subscriberBuffer: env.LIVE_SUBSCRIBER_BUFFER,
    slowConsumerPolicy: env.LIVE_SLOW_CONSUMER_POLICY as SlowConsumerPolicy,
    socketHighWaterBytes: env.LIVE_SOCKET_HIGH_WATER_BYTES,
    consumerLingerMs: env.LIVE_CONSUMER_LINGER_MS,
    replayEvents: env.LIVE_REPLAY_EVENTS,
    outageGraceMs: env.LIVE_OUTAGE_GRACE_MS,
    restrictedTopics: env.LIVE_RESTRICTED_TOPICS,
    enricher: {
      enabled: env.ENRICHER_ENABLED ?? kafkaEmbedded,
      groupId: env.ENRICHER_GROUP_ID,
      sourceTopic: env.ENRICHER_SOURCE_TOPIC,
      targetTopic: env.ENRICHER_TARGET_TOPIC,
      dlqTopic: env.ENRICHER_DLQ_TOPIC,
      cacheTtlMs: env.ENRICHER_CACHE_TTL_MS,
      cacheMaxEntries: env.ENRICHER_CACHE_MAX_ENTRIES,
    },
    pipelineTopicPartitions: env.PIPELINE_TOPIC_PARTITIONS,
    generator: {
      rate: env.DEMO_GENERATOR_RATE ?? (kafkaEmbedded ? 5 : 0),
      invalidRate: env.DEMO_GENERATOR_INVALID_RATE,
    },
  };
}

export type LiveConfig = ReturnType<typeof liveConfig>;
