import type { Kafka } from 'kafkajs';

/**
 * Commits offsets for a consumer group that has no active members (a STOPPED sink connector's `connect-<name>`).
 * kafkajs' admin.setOffsets does the same through a consumer, but waits out a full 5 s fetch long-poll; this joins
 * the group with a short long-poll, commits once it is a member, and leaves.
 */
export async function commitGroupOffsets(
  kafka: Kafka,
  groupId: string,
  offsets: Array<{ topic: string; partition: number; offset: string }>,
  timeoutMs = 15_000,
): Promise<void> {
  const topics = [...new Set(offsets.map((o) => o.topic))];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000, allowAutoTopicCreation: false });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.subscribe({ topics });
    // Nothing is processed: every topic is paused before the first fetch returns.
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause(topics.map((topic) => ({ topic })));
    await Promise.race([
      joined,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out joining group ${groupId}`)), timeoutMs);
      }),
    ]);
    await consumer.commitOffsets(offsets);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
}
