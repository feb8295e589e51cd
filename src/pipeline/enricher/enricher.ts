import { Counter } from 'prom-client';
import type { KafkaRecord, OutgoingMessage, KafkaProducerPort } from '../../adapters/kafka/types';
import type { DeviceRow, UrlRow, UserRow } from '../../adapters/postgres/dimensions-repository';
import type { AppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { metricsRegistry } from '../../observability/metrics';
import { type DeadLetterReason, type Dimensions, joinDimensions, parseClickEvent } from './enrich';
import { TtlCache } from './ttl-cache';
import type { PayloadDecoderPort } from '../../services/live/payload-port';
import { jsonValues, type ValueWriter } from '../value-writer';

const enricherEvents = new Counter({
  name: 'pipegraph_enricher_events_total',
  help: 'Clickstream events handled by the enricher, by outcome (enriched, dead_lettered) and dead-letter reason',
  labelNames: ['outcome', 'reason'] as const,
  registers: [metricsRegistry],
});

/** The dimension lookups the enricher needs (DimensionsRepository provides them, batched). */
export interface DimensionLookups {
  findUsers(ids: readonly number[]): Promise<UserRow[]>;
  findDevices(ids: readonly number[]): Promise<DeviceRow[]>;
  findUrls(urls: readonly string[]): Promise<UrlRow[]>;
}

/** Where the worker gets its batches: a committing consumer-group member (GroupWorker) in production. */
export interface BatchSource {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface EnricherOptions {
  producer: KafkaProducerPort;
  dimensions: DimensionLookups;
  targetTopic: string;
  dlqTopic: string;
  cacheTtlMs: number;
  cacheMaxEntries: number;
  logger: Logger;
  /** Decodes schema'd clickstream values (Avro, Protobuf, JSON Schema); without it values must be JSON. */
  decoder?: PayloadDecoderPort;
}

export interface EnricherStats {
  enriched: number;
  deadLettered: number;
  byReason: Partial<Record<DeadLetterReason, number>>;
  batches: number;
  failedBatches: number;
  lastError?: string;
  status: 'starting' | 'up' | 'down' | 'stopped';
}

/**
 * The clickstream enrichment job (the seeds' Flink/Spark join) as a batch handler: parse, look up users/devices/urls
 * through bounded TTL caches (one query per dimension per batch for the misses), then produce enriched records and
 * dead letters in ONE acks=all request. The handler resolves only after that request is acknowledged, and the group
 * worker commits offsets only after the handler resolved: at-least-once, never at-most-once. A bad event never stops
 * the worker — it becomes a dead letter with headers saying why; an unavailable Postgres or Kafka fails the batch,
 * which is retried (nothing is committed).
 */
export class Enricher {
  readonly stats: EnricherStats = { enriched: 0, deadLettered: 0, byReason: {}, batches: 0, failedBatches: 0, status: 'starting' };
  private readonly users: TtlCache<number, UserRow>;
  private readonly devices: TtlCache<number, DeviceRow>;
  private readonly urls: TtlCache<string, UrlRow>;
  /** Writes enriched values: JSON until the worker registered the target topic's schema (useWriter). */
  private write: ValueWriter = jsonValues;

  constructor(private readonly options: EnricherOptions) {
    const cache = { ttlMs: options.cacheTtlMs, maxEntries: options.cacheMaxEntries };
    this.users = new TtlCache(cache);
    this.devices = new TtlCache(cache);
    this.urls = new TtlCache(cache);
  }

  /** Handles one partition's records; resolves once the output is durable. Throws to have the batch retried. */
  async handle(records: KafkaRecord[]): Promise<void> {
    try {
      await this.process(records);
      this.stats.batches++;
    } catch (error) {
      this.stats.failedBatches++;
      this.stats.lastError = (error as Error).message;
      this.options.logger.warn({ err: (error as Error).message, records: records.length }, 'enrichment batch failed; it will be retried');
      throw error;
    }
  }

  /** Switches the output format, e.g. to Confluent Avro once the schema is registered (value-writer.ts). */
  useWriter(write: ValueWriter): void {
    this.write = write;
  }

  setStatus(status: EnricherStats['status'], error?: AppError): void {
    this.stats.status = status;
    if (error) this.stats.lastError = error.message;
  }

  private async process(records: KafkaRecord[]): Promise<void> {
    const decoder = this.options.decoder;
    await decoder?.prefetch(records.map((r) => r.value));
    const parsed = records.map((record) => ({ record, parsed: parseClickEvent(record.value, decoder?.decode(record.value)) }));
    const valid = parsed.flatMap((p) => (p.parsed.ok ? [p.parsed.event] : []));
    const dims: Dimensions = {
      users: await this.users.getMany(new Set(valid.map((e) => e.userId)), async (ids) => byKey(await this.options.dimensions.findUsers(ids), (u) => u.userId)),
      devices: await this.devices.getMany(new Set(valid.map((e) => e.deviceId)), async (ids) =>
        byKey(await this.options.dimensions.findDevices(ids), (d) => d.deviceId),
      ),
      urls: await this.urls.getMany(new Set(valid.map((e) => e.url)), async (urls) => byKey(await this.options.dimensions.findUrls(urls), (u) => u.url)),
    };

    const enriched: OutgoingMessage[] = [];
    const dead: OutgoingMessage[] = [];
    const reasons: DeadLetterReason[] = [];
    for (const { record, parsed: p } of parsed) {
      let outcome = p.ok ? joinDimensions(p.event, dims) : p;
      let value: Buffer | string | undefined;
      if (outcome.ok) {
        // A joined record the target schema cannot carry (e.g. an int beyond 32 bits) is a dead letter, not a crash.
        try {
          value = this.write(outcome.value);
        } catch (error) {
          outcome = { ok: false, reason: 'invalid-event', message: (error as Error).message };
        }
      }
      if (outcome.ok) {
        enriched.push({ key: outcome.key, value: value!, timestamp: p.ok ? p.event.timestamp : undefined });
      } else {
        reasons.push(outcome.reason);
        dead.push(deadLetter(record, outcome.reason, outcome.message));
      }
    }
    await this.options.producer.sendBatch([
      { topic: this.options.targetTopic, messages: enriched },
      { topic: this.options.dlqTopic, messages: dead },
    ]);
    // Counted only once durable, so the numbers match what downstream can see.
    this.stats.enriched += enriched.length;
    this.stats.deadLettered += dead.length;
    if (enriched.length > 0) enricherEvents.inc({ outcome: 'enriched', reason: '' }, enriched.length);
    for (const reason of reasons) {
      this.stats.byReason[reason] = (this.stats.byReason[reason] ?? 0) + 1;
      enricherEvents.inc({ outcome: 'dead_lettered', reason });
    }
  }
}

function byKey<K, V>(rows: V[], key: (row: V) => K): Map<K, V> {
  return new Map(rows.map((row) => [key(row), row]));
}

/** The original record, untouched, plus headers that say why and where it came from. */
function deadLetter(record: KafkaRecord, reason: DeadLetterReason, message: string): OutgoingMessage {
  return {
    key: record.key,
    value: record.value,
    headers: {
      'x-error-reason': reason,
      'x-error-message': message.slice(0, 1_000),
      'x-source-topic': record.topic,
      'x-source-partition': String(record.partition),
      'x-source-offset': String(record.offset),
      'x-source-timestamp': String(record.timestamp),
      'x-failed-at': String(Date.now()),
    },
  };
}
