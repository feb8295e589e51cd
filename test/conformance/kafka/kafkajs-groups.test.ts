import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { waitFor } from '../../helpers/wait-for';
import { kafkaTestKit, recordingConsumer, type Received } from './kafka-test-kit';

const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

const TOPIC = 'clicks';
const GROUP = 'rebalancers';
const PARTITIONS = 6;

async function describeGroup(admin: Admin) {
  return (await admin.describeGroups([GROUP])).groups[0]!;
}

async function committedTotal(admin: Admin): Promise<number> {
  const [topic] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
  return topic!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

describe('embedded Kafka consumer groups through kafkajs', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const received: Received[] = [];
  let sent = 0;

  /** Produces a phase of messages and waits until the group consumed and committed all of them. */
  async function phase(name: string, count: number): Promise<void> {
    await producer.send({ topic: TOPIC, messages: Array.from({ length: count }, (_, i) => ({ key: `${name}-${i}`, value: `${name}-${i}` })) });
    sent += count;
    await waitFor(() => received.length >= sent, { what: `${name}: ${sent} messages`, timeoutMs: 15_000 });
    await waitFor(async () => (await committedTotal(admin)) === sent, { what: `${name}: commits up to ${sent}`, timeoutMs: 15_000 });
  }

  async function waitForMembers(count: number) {
    return waitFor(async () => {
      const group = await describeGroup(admin);
      return group.state === 'Stable' && group.members.length === count ? group : false;
    }, { what: `a stable group of ${count}`, timeoutMs: 15_000 });
  }

  beforeAll(async () => {
    const broker = await kit.broker();
    kafka = kit.client(broker);
    admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
    producer = await kit.connected(kafka.producer());
  });

  it('grows from 1 to 3 members and shrinks to 2 when one leaves, losing and duplicating nothing', async () => {
    const consumers: Consumer[] = [];
    const join = async (name: string) => {
      const consumer = await recordingConsumer(kafka, GROUP, TOPIC, received, name);
      kit.leftovers.add(() => consumer.disconnect());
      consumers.push(consumer);
    };

    await join('c1');
    const one = await waitForMembers(1);
    expect(one.protocol).toBe('RoundRobinAssigner');
    await phase('one', 60);

    await join('c2');
    await waitForMembers(2);
    await phase('two', 60);

    await join('c3');
    const three = await waitForMembers(3);
    await phase('three', 60);
    // Every member owns a share of the 6 partitions.
    const owners = new Set(received.filter((r) => r.key.startsWith('three-')).map((r) => r.consumer));
    expect(owners.size).toBe(3);
    expect(three.members).toHaveLength(3);

    await consumers[1]!.disconnect(); // c2 leaves: LeaveGroup triggers a rebalance among c1 and c3
    await waitForMembers(2);
    await phase('after-leave', 60);
    expect(new Set(received.filter((r) => r.key.startsWith('after-leave-')).map((r) => r.consumer))).toEqual(new Set(['c1', 'c3']));

    const keys = received.map((r) => r.key);
    expect(keys).toHaveLength(240);
    expect(new Set(keys).size).toBe(240);
    // Per partition, offsets arrive in order without gaps.
    for (let p = 0; p < PARTITIONS; p++) {
      const offsets = received.filter((r) => r.partition === p).map((r) => r.offset);
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
  });
});
