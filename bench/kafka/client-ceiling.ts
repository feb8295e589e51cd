import net from 'node:net';
import type { ThroughputResult } from './scenarios';

/*
 * Client ceilings: the same kafkajs 2.2.4 code paths the producer and consumer run (request encoding, response
 * decoding and parsing), timed without any broker or socket in between. They bound what any broker could reach with
 * this client on this machine at this moment, so the broker's numbers are read as a ratio to them.
 * kafkajs's internal modules are loaded by path; they are not part of its typed public API.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const { requests } = require('kafkajs/src/protocol/requests') as {
  requests: {
  Produce: { protocol(o: { version: number }): (args: object) => { request: object; response: { decode(b: Buffer): Promise<object>; parse(d: object): Promise<object> } } };
  Fetch: { protocol(o: { version: number }): (args: object) => { request: object; response: { decode(b: Buffer): Promise<FetchDecoded>; parse(d: FetchDecoded): Promise<FetchDecoded> } } };
  };
};
const frameRequest = require('kafkajs/src/protocol/request') as (args: { correlationId: number; clientId: string; request: object }) => Promise<{ buffer: Buffer }>;

interface FetchDecoded {
  responses: Array<{ partitions: Array<{ messages: unknown[] }> }>;
}

function result(kind: 'produce' | 'consume', messages: number, bytes: number, started: bigint): ThroughputResult {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { kind, messages, seconds, messagesPerSecond: messages / seconds, megabytesPerSecond: bytes / seconds / 1e6 };
}

/** Encodes Produce v7 requests of `batchSize` messages spread over `partitions`, as kafkajs's producer would send them. */
export async function produceCeiling(topic: string, messages: number, batchSize: number, messageBytes: number, partitions: number): Promise<ThroughputResult> {
  const value = Buffer.alloc(messageBytes, 'x');
  const build = () => {
    const byPartition = Array.from({ length: partitions }, () => [] as object[]);
    for (let i = 0; i < batchSize; i++) byPartition[i % partitions]!.push({ value, timestamp: Date.now(), headers: {} });
    return [{ topic, partitions: byPartition.map((batch, partition) => ({ partition, firstSequence: 0, messages: batch })) }];
  };
  const encode = async (correlationId: number) => {
    const { request } = requests.Produce.protocol({ version: 7 })({ acks: -1, timeout: 30_000, compression: 0, topicData: build() });
    return (await frameRequest({ correlationId, clientId: 'bench', request })).buffer;
  };
  await encode(0);
  const batches = Math.ceil(messages / batchSize);
  const started = process.hrtime.bigint();
  for (let i = 1; i <= batches; i++) await encode(i);
  return result('produce', batches * batchSize, batches * batchSize * messageBytes, started);
}

/** Fetches one real Fetch v11 response from the broker, then times kafkajs decoding and parsing it repeatedly. */
export async function consumeCeiling(brokers: string, topic: string, partitions: number, rounds: number): Promise<ThroughputResult> {
  const { request, response } = requests.Fetch.protocol({ version: 11 })({
    replicaId: -1,
    maxWaitTime: 100,
    minBytes: 1,
    maxBytes: 10 * 1024 * 1024,
    topics: [{ topic, partitions: Array.from({ length: partitions }, (_, partition) => ({ partition, fetchOffset: '0', maxBytes: 1024 * 1024 })) }],
  });
  const frame = (await frameRequest({ correlationId: 1, clientId: 'bench', request })).buffer;
  const [host, port] = brokers.split(':');
  const payload = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), host!, () => socket.write(frame));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      if (all.length >= 4 && all.length >= 4 + all.readInt32BE(0)) {
        socket.destroy();
        resolve(all.subarray(8, 4 + all.readInt32BE(0))); // after size and correlation id
      }
    });
    socket.on('error', reject);
  });
  const count = async () => {
    const parsed = await response.parse(await response.decode(payload));
    return parsed.responses.reduce((sum, topicData) => sum + topicData.partitions.reduce((n, p) => n + p.messages.length, 0), 0);
  };
  const perResponse = await count();
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await count();
  return result('consume', perResponse * rounds, payload.length * rounds, started);
}
