import { randomBytes } from 'node:crypto';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { EmbeddedLogger } from '../../logger';

/**
 * A compacted-style log: the latest value per key wins and a null value (tombstone) deletes the key — how Connect keeps
 * its configs, offsets and statuses in Kafka topics. The embedded worker is the only writer, so it reads the topic
 * once at start and afterwards keeps its map in step with its own writes.
 */
export interface KeyValueLog {
  readonly topic: string;
  get(key: string): unknown;
  entries(): IterableIterator<[string, unknown]>;
  /** Resolves once the broker acknowledged the write (acks=-1); the map changes only then. */
  write(key: string, value: unknown | null): Promise<void>;
}

/** In memory, for unit tests of the worker logic. */
export class MemoryKeyValueLog implements KeyValueLog {
  private readonly map = new Map<string, unknown>();
  constructor(readonly topic: string) {}
  get(key: string): unknown {
    return this.map.get(key);
  }
  entries(): IterableIterator<[string, unknown]> {
    return this.map.entries();
  }
  async write(key: string, value: unknown | null): Promise<void> {
    if (value === null) this.map.delete(key);
    else this.map.set(key, value);
  }
}

export class KafkaKeyValueLog implements KeyValueLog {
  private readonly map = new Map<string, unknown>();

  constructor(
    readonly topic: string,
    private readonly producer: Producer,
  ) {}

  get(key: string): unknown {
    return this.map.get(key);
  }

  entries(): IterableIterator<[string, unknown]> {
    return this.map.entries();
  }

  /** Replays what was read from the topic at start. */
  load(records: Array<{ key: string; value: unknown | null }>): void {
    for (const { key, value } of records) {
      if (value === null) this.map.delete(key);
      else this.map.set(key, value);
    }
  }

  async write(key: string, value: unknown | null): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key, value: value === null ? null : JSON.stringify(value) }],
    });
    if (value === null) this.map.delete(key);
    else this.map.set(key, value);
  }
}

/**
 * Creates the internal topics if missing. Connect asks for cleanup.policy=compact; a broker that does not know it
 * (the embedded one only deletes by retention) gets unlimited retention instead, which keeps every record as well.
 */
export async function ensureInternalTopics(admin: Admin, topics: string[], logger: EmbeddedLogger): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length === 0) return;
  const attempts: Array<Array<{ name: string; value: string }>> = [
    [{ name: 'cleanup.policy', value: 'compact' }],
    [{ name: 'retention.ms', value: '-1' }],
    [],
  ];
  for (const configEntries of attempts) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1, configEntries })),
      });
      return;
    } catch (error) {
      const message = (error as Error).message;
      if (/already exists/i.test(message)) return;
      logger.debug({ topics: missing, configEntries, err: message }, 'creating internal topics with these configs failed, trying the next');
    }
  }
  throw new Error(`could not create Connect's internal topics ${missing.join(', ')}`);
}

/**
 * Reads every record of the given topics from the beginning to the end offsets seen at call time.
 * kafkajs consumes only through groups, so a throwaway group is used and deleted afterwards.
 */
export async function readTopicsToEnd(
  kafka: Kafka,
  admin: Admin,
  topics: string[],
  { timeoutMs = 30_000, groupPrefix = 'connect-restore' }: { timeoutMs?: number; groupPrefix?: string } = {},
): Promise<Map<string, Array<{ key: string; value: unknown | null }>>> {
  const out = new Map<string, Array<{ key: string; value: unknown | null }>>(topics.map((t) => [t, []]));
  const remaining = new Map<string, number>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (Number(p.high) > Number(p.low)) remaining.set(`${topic}/${p.partition}`, Number(p.high) - 1);
    }
  }
  if (remaining.size === 0) return out;

  const groupId = `${groupPrefix}-${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const list = out.get(batch.topic)!;
        for (const message of batch.messages) {
          const key = message.key?.toString('utf8');
          if (key === undefined) continue;
          list.push({ key, value: message.value === null ? null : JSON.parse(message.value.toString('utf8')) });
        }
        const id = `${batch.topic}/${batch.partition}`;
        const target = remaining.get(id);
        if (target !== undefined && Number(batch.lastOffset()) >= target) remaining.delete(id);
        if (remaining.size === 0) finish();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms reading ${topics.join(', ')}`)), timeoutMs);
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return out;
}
