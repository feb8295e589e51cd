import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { KafkaClient } from '../../src/adapters/kafka/kafka-client';
import { createKafkaAdmin } from '../../src/adapters/kafka/kafka-admin';
import { TopicReader } from '../../src/adapters/kafka/topic-reader';
import { createLogger } from '../../src/logging/logger';
import { TOPIC } from './common';
import { reportCpuOnRequest } from './server-ipc';

/**
 * The naive setup: Kafka → PubSub → graphql-ws, every subscriber executing the selection set and serializing its own
 * message for every event. The PubSub buffer is made large so the benchmark measures throughput, not overflow errors
 * (the default Repeater throws past 1,024 pending events).
 */
/** Repeater's buffer contract (empty/full/add/remove), sized so overload shows as latency, not as overflow errors. */
class LargeBuffer {
  private items: unknown[] = [];
  private head = 0;
  constructor(private readonly capacity: number) {}
  get empty(): boolean {
    return this.head >= this.items.length;
  }
  get full(): boolean {
    return this.items.length - this.head >= this.capacity;
  }
  add(value: unknown): void {
    this.items.push(value);
  }
  remove(): unknown {
    const value = this.items[this.head++];
    if (this.head > 4_096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return value;
  }
}

async function main(): Promise<void> {
  const logger = createLogger({ level: 'warn' });
  const kafka = new KafkaClient({ brokers: [process.env.KAFKA_BROKERS!], logger });
  const pubSub = createPubSub<{ events: [unknown] }>({ repeaterBuffer: new LargeBuffer(1_000_000) } as never);
  const schema = buildSchema(`
    type EnrichedClickEvent { timestamp: String! userId: Int! deviceId: Int! url: String! userName: String deviceType: String urlCategory: String }
    type Query { ok: Boolean }
    type Subscription { enrichedClickstream: EnrichedClickEvent }
  `);
  const toEvent = (raw: Record<string, unknown>) => ({
    timestamp: new Date(raw.timestamp as number).toISOString(),
    userId: raw.user_id,
    deviceId: raw.device_id,
    url: raw.url,
    userName: raw.user_name,
    deviceType: raw.device_type,
    urlCategory: raw.url_category,
  });
  const field = schema.getSubscriptionType()!.getFields().enrichedClickstream!;
  field.subscribe = () => pubSub.subscribe('events');
  field.resolve = (payload: unknown) => payload;
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  useServer({ schema }, wss);
  const ends = await createKafkaAdmin(kafka).topicOffsets(TOPIC);
  const reader = new TopicReader(kafka, {
    topic: TOPIC,
    groupId: `bench-naive-${process.pid}`,
    startOffsets: new Map(ends.map((e) => [e.partition, Number(e.high)])),
    logger,
    onRecords: (records) => {
      for (const record of records) pubSub.publish('events', toEvent(JSON.parse(record.value!.toString())));
    },
  });
  await reader.start();
  if (!wss.address()) await new Promise((resolve) => wss.once('listening', resolve));
  reportCpuOnRequest();
  process.send!({ type: 'ready', port: (wss.address() as { port: number }).port });
}

void main();
