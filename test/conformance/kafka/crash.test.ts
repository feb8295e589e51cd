import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../../helpers/wait-for';
import { killed, spawnBroker } from './fixtures/broker-process';
import { kafkaTestKit, itWithStandIn } from './kafka-test-kit';

const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

const TOPIC = 'crashy';
const PARTITIONS = 3;

interface Acked {
  partition: number;
  baseOffset: number;
  values: string[];
}

describe('embedded Kafka crash durability', () => {
  itWithStandIn('keeps every acks=-1 acknowledged message, once and in order, across SIGKILL and a torn tail', async () => {
    const dataDir = kit.tempDir();
    const first = await spawnBroker(dataDir);
    kit.leftovers.add(() => killed(first.child));
    const kafka = kit.client(first, { retry: { retries: 0 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
    await admin.disconnect();

    // Two producers keep acks=-1 requests in flight until the broker dies under them.
    const acked: Acked[] = [];
    let sequence = 0;
    let ackedCount = 0;
    const load = async (name: string) => {
      const producer = kafka.producer({ retry: { retries: 0 } });
      await producer.connect();
      try {
        for (;;) {
          const partition = sequence++ % PARTITIONS;
          const values = Array.from({ length: 25 }, (_, i) => `${name}-${partition}-${sequence}-${i}`);
          const [result] = await producer.send({ topic: TOPIC, acks: -1, messages: values.map((value) => ({ value, partition })) });
          acked.push({ partition, baseOffset: Number(result!.baseOffset), values });
          ackedCount += values.length;
        }
      } catch {
        /* the broker was killed */
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
    };
    const loads = [load('a'), load('b')];
    await waitFor(() => ackedCount >= 3000, { what: '3000 acknowledged messages', timeoutMs: 20_000 });
    await killed(first.child, 'SIGKILL');
    await Promise.all(loads);

    // Simulate a write torn by the crash: half a batch header at the end of one segment.
    const segment = path.join(dataDir, 'topics', TOPIC, '0', '00000000000000000000.log');
    fs.appendFileSync(segment, Buffer.from([0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 1, 0, 0, 0, 0, 0, 2, 7, 7]));

    const second = await spawnBroker(dataDir);
    kit.leftovers.add(() => killed(second.child, 'SIGTERM'));
    const again = kit.client(second);
    const admin2 = await kit.connected(again.admin());
    const ends = await admin2.fetchTopicOffsets(TOPIC);
    const log = new Map<number, string[]>(Array.from({ length: PARTITIONS }, (_, p) => [p, []]));
    const consumer = await kit.connected(again.consumer({ groupId: 'verifier', maxWaitTimeInMs: 100 }));
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    let total = 0;
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const values = log.get(batch.partition)!;
          expect(Number(message.offset)).toBe(values.length); // contiguous offsets from 0
          values.push(message.value!.toString());
          total++;
        }
      },
    });
    const expected = ends.reduce((sum, p) => sum + Number(p.high), 0);
    await waitFor(() => total >= expected, { what: `${expected} messages after restart`, timeoutMs: 20_000 });

    for (const batch of acked) {
      expect(log.get(batch.partition)!.slice(batch.baseOffset, batch.baseOffset + batch.values.length)).toEqual(batch.values);
    }
    const everything = [...log.values()].flat();
    expect(new Set(everything).size).toBe(everything.length);
    expect(ackedCount).toBeGreaterThanOrEqual(3000);

    // The recovered log takes appends at the right offsets.
    const producer = await kit.connected(again.producer());
    const [result] = await producer.send({ topic: TOPIC, acks: -1, messages: [{ value: 'after', partition: 0 }] });
    expect(Number(result!.baseOffset)).toBe(log.get(0)!.length);
  }, 60_000);
});
