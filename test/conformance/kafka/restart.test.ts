import { waitFor } from '../../helpers/wait-for';
import { kafkaTestKit, recordingConsumer, type Received, itWithStandIn } from './kafka-test-kit';

const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

describe('embedded Kafka restarts under live clients', () => {
  itWithStandIn('lets a running kafkajs consumer and producer carry on after stop() and a restart on the same port and data dir', async () => {
    const dataDir = kit.tempDir();
    const first = await kit.broker({ dataDir });
    const kafka = kit.client(first, { retry: { retries: 30, initialRetryTime: 50, maxRetryTime: 300 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'live', numPartitions: 2 }] });
    await admin.disconnect();
    const producer = await kit.connected(kafka.producer());
    const received: Received[] = [];
    const consumer = await recordingConsumer(kafka, 'live-readers', 'live', received, 'c');
    kit.leftovers.add(() => consumer.disconnect());

    await producer.send({ topic: 'live', messages: Array.from({ length: 10 }, (_, i) => ({ key: `before-${i}`, value: 'x' })) });
    await waitFor(() => received.length >= 10, { what: 'messages before the restart' });

    await first.stop();
    const second = await kit.broker({ dataDir, port: first.port });
    expect(second.port).toBe(first.port);

    await producer.send({ topic: 'live', messages: Array.from({ length: 10 }, (_, i) => ({ key: `after-${i}`, value: 'x' })) });
    await waitFor(() => received.filter((r) => r.key.startsWith('after-')).length >= 10, { what: 'messages after the restart', timeoutMs: 20_000 });
    const afterKeys = received.filter((r) => r.key.startsWith('after-')).map((r) => r.key);
    expect(new Set(afterKeys).size).toBe(10);
  }, 30_000);
});

describe('embedded Kafka data dir ownership', () => {
  itWithStandIn('refuses a second broker on a data dir that a running broker holds', async () => {
    const dataDir = kit.tempDir();
    await kit.broker({ dataDir });
    await expect(kit.broker({ dataDir })).rejects.toThrow(/already used/);
  });
});

describe('embedded Kafka empty consumer groups', () => {
  itWithStandIn('reports protocolType "consumer" for a consumer group that went empty, also after a restart', async () => {
    const dataDir = kit.tempDir();
    const first = await kit.broker({ dataDir });
    const kafka = kit.client(first);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'idle' }] });
    await kit.connected(kafka.producer()).then((producer) => producer.send({ topic: 'idle', messages: [{ value: 'one' }] }));
    const received: Received[] = [];
    const consumer = await recordingConsumer(kafka, 'idle-readers', 'idle', received, 'c');
    await waitFor(() => received.length >= 1, { what: 'the message' });
    await consumer.commitOffsets([{ topic: 'idle', partition: 0, offset: '1' }]);
    await consumer.disconnect();
    const empty = { groupId: 'idle-readers', state: 'Empty', protocolType: 'consumer' };
    expect((await admin.describeGroups(['idle-readers'])).groups[0]).toMatchObject(empty);
    expect((await admin.listGroups()).groups).toEqual([{ groupId: 'idle-readers', protocolType: 'consumer' }]);
    await admin.disconnect();

    await first.stop();
    const second = await kit.broker({ dataDir });
    const again = await kit.connected(kit.client(second).admin());
    expect((await again.describeGroups(['idle-readers'])).groups[0]).toMatchObject(empty);
  });
});
