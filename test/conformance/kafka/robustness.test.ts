import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { waitFor } from '../../helpers/wait-for';
import { kafkaTestKit, recordingConsumer, type Received, itWithStandIn } from './kafka-test-kit';
import { Body } from './raw-client';

const kit = kafkaTestKit();
afterAll(() => kit.leftovers.drain());

/** Opens a socket, writes `bytes`, and closes it abruptly (or after the broker does). */
function hit(port: number, bytes: Buffer, linger = 5): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      setTimeout(() => socket.destroy(), linger);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

function frame(body: Buffer, claimedSize = body.length): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(claimedSize);
  return Buffer.concat([size, body]);
}

/** A valid request header for `apiKey` at its highest supported version, followed by random bytes. */
function garbageRequest(apiKey: number, version: number): Buffer {
  const header = new Body().int16(apiKey).int16(version).int32(1).string('fuzz').build();
  return frame(Buffer.concat([header, randomBytes(Math.floor(Math.random() * 64))]));
}

const VERSIONS: Array<[number, number]> = [
  [0, 7], [1, 11], [2, 3], [3, 6], [8, 5], [9, 4], [10, 2], [11, 5], [12, 3], [13, 3], [14, 3],
  [15, 2], [16, 2], [18, 2], [19, 3], [20, 1], [21, 1], [22, 1], [32, 2], [33, 1], [37, 1], [42, 1],
];

describe('embedded Kafka robustness', () => {
  itWithStandIn('keeps serving a healthy kafkajs client while others send garbage, truncated and oversized frames and vanish', async () => {
    const broker = await kit.broker();
    const kafka = kit.client(broker);
    const admin = await kit.connected(kafka.admin());
    await admin.createTopics({ topics: [{ topic: 'steady', numPartitions: 2 }] });
    const producer = await kit.connected(kafka.producer());
    const received: Received[] = [];
    const consumer = await recordingConsumer(kafka, 'steady-group', 'steady', received, 'healthy');
    kit.leftovers.add(() => consumer.disconnect());

    const attacks: Array<Promise<void>> = [];
    for (let round = 0; round < 4; round++) {
      attacks.push(hit(broker.port, randomBytes(200))); // random bytes, random claimed size
      attacks.push(hit(broker.port, frame(randomBytes(40), 400))); // truncated: claims more than it sends
      attacks.push(hit(broker.port, frame(Buffer.alloc(0), 0x7fffffff))); // oversized claim
      attacks.push(hit(broker.port, frame(Buffer.alloc(0), -5))); // negative size
      attacks.push(hit(broker.port, frame(Buffer.from([0, 18])))); // frame shorter than a header
      for (const [apiKey, version] of VERSIONS) attacks.push(hit(broker.port, garbageRequest(apiKey, version)));
      // A long-poll fetch and a join whose clients disappear mid-wait.
      attacks.push(hit(broker.port, frame(new Body().int16(1).int16(11).int32(9).string('gone').int32(-1).int32(5000).int32(1).int32(1 << 20).int8(0).int32(0).int32(-1)
        .int32(1).string('steady').int32(1).int32(0).int32(-1).int64(0).int64(-1).int32(1 << 20).int32(0).string('').build()), 50));
      attacks.push(hit(broker.port, frame(new Body().int16(11).int16(5).int32(9).string('gone').string('steady-group').int32(1000).int32(1000).string('').string(null)
        .string('consumer').int32(1).string('RoundRobinAssigner').bytes(Buffer.alloc(0)).build()), 50));
      await producer.send({ topic: 'steady', messages: Array.from({ length: 25 }, (_, i) => ({ key: `r${round}-${i}`, value: `r${round}-${i}` })) });
    }
    await Promise.all(attacks);

    await waitFor(() => received.length >= 100, { what: '100 messages for the healthy consumer', timeoutMs: 15_000 });
    expect(new Set(received.map((r) => r.key)).size).toBe(100);
    const offsets = await admin.fetchTopicOffsets('steady');
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(100);
    expect(await admin.listTopics()).toContain('steady');
  });
});
