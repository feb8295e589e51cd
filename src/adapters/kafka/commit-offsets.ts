import { isFencedCommit } from './fencing';
import type { KafkaClient } from './kafka-client';

/** Fresh joins a fenced commit (a concurrent rebalance) gets before its error is reported. */
const FENCED_ATTEMPTS = 3;

/**
 * Commits explicit offsets for an idle group. Kafka only takes OffsetCommit from a group member, so we briefly join
 * the group with every partition paused, seek (which commits), and leave after the first fetch round. This is what
 * kafkajs's admin.setOffsets does, but with a 100 ms fetch wait instead of its fixed 5 s, so a reset answers quickly.
 */
export async function commitAsMember(
  client: KafkaClient,
  groupId: string,
  topic: string,
  partitions: Array<{ partition: number; offset: string }>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(client, groupId, topic, partitions);
    } catch (error) {
      // A fenced commit changed nothing: join again as a fresh member and commit the same offsets.
      if (!isFencedCommit(error) || attempt >= FENCED_ATTEMPTS) throw error;
    }
  }
}

async function commitOnce(client: KafkaClient, groupId: string, topic: string, partitions: Array<{ partition: number; offset: string }>): Promise<void> {
  const consumer = client.createConsumer({ groupId, maxWaitTimeInMs: 100, retry: { retries: 2, initialRetryTime: 100 } });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const description = await consumer.describeGroup();
    if (!['Empty', 'Dead'].includes(description.state)) {
      // Same wording kafkajs uses, so map-error turns it into CONFLICT.
      throw new Error(`The consumer group must have no running instances, current state: ${description.state}`);
    }
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => resolve());
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      consumer.run({ autoCommit: true, eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause([{ topic }]);
      for (const { partition, offset } of partitions) consumer.seek({ topic, partition, offset });
    });
  } finally {
    await client.releaseConsumer(consumer);
  }
}
