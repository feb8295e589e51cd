import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { consumeCeiling, produceCeiling } from './client-ceiling';
import type { LatencyResult, Result, Scenario, ThroughputResult } from './scenarios';

/** The benchmark's kafkajs side, run in its own process so client and broker do not share an event loop. */
async function main(): Promise<void> {
  const scenario = JSON.parse(process.argv[2]!) as Scenario;
  let result: Result;
  if (scenario.kind === 'produce-ceiling') {
    result = await produceCeiling(scenario.topic, scenario.messages, scenario.batchSize, scenario.messageBytes, scenario.partitions);
  } else if (scenario.kind === 'consume-ceiling') {
    result = await consumeCeiling(scenario.brokers, scenario.topic, scenario.partitions, scenario.rounds);
  } else {
    const kafka = new Kafka({ clientId: 'bench', brokers: [scenario.brokers], logLevel: logLevel.NOTHING });
    result = scenario.kind === 'produce' ? await produce(kafka, scenario) : scenario.kind === 'consume' ? await consume(kafka, scenario) : await latency(kafka, scenario);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

function throughput(kind: 'produce' | 'consume', messages: number, bytes: number, started: bigint): ThroughputResult {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { kind, messages, seconds, messagesPerSecond: messages / seconds, megabytesPerSecond: bytes / seconds / 1e6 };
}

async function produce(kafka: Kafka, s: Extract<Scenario, { kind: 'produce' }>): Promise<Result> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  const value = Buffer.alloc(s.messageBytes, 'x');
  // No keys, like kafka-producer-perf-test: the partitioner spreads messages without hashing.
  const batch = Array.from({ length: s.batchSize }, () => ({ value }));
  // Warm-up: connections, metadata, JIT.
  await producer.send({ topic: s.topic, acks: s.acks, messages: batch });
  const batches = Math.ceil(s.messages / s.batchSize);
  let next = 0;
  const started = process.hrtime.bigint();
  const loop = async () => {
    while (next < batches) {
      next++;
      await producer.send({ topic: s.topic, acks: s.acks, messages: batch });
    }
  };
  await Promise.all(Array.from({ length: s.inFlight }, loop));
  const result = throughput('produce', batches * s.batchSize, batches * s.batchSize * s.messageBytes, started);
  await producer.disconnect();
  return result;
}

async function consume(kafka: Kafka, s: Extract<Scenario, { kind: 'consume' }>): Promise<Result> {
  const consumer = kafka.consumer({ groupId: s.groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: s.topic, fromBeginning: true });
  let count = 0;
  let bytes = 0;
  let started = 0n;
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        if (started === 0n) started = process.hrtime.bigint();
        count += batch.messages.length;
        for (const message of batch.messages) bytes += message.value?.length ?? 0;
        if (count >= s.messages) resolve();
      },
    });
  });
  await done;
  const result = throughput('consume', count, bytes, started);
  await consumer.disconnect();
  return result;
}

async function latency(kafka: Kafka, s: Extract<Scenario, { kind: 'latency' }>): Promise<Result> {
  const now = () => performance.timeOrigin + performance.now();
  const consumer = kafka.consumer({ groupId: s.groupId, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: s.topic, fromBeginning: false });
  const samples: number[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  void consumer.run({
    eachMessage: async ({ message }) => {
      samples.push(now() - message.value!.readDoubleBE(0));
    },
  });
  while (!joined) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the first fetch park

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const tickMs = 2;
  const perTick = Math.max(1, Math.round((s.ratePerSecond * tickMs) / 1000));
  const total = s.ratePerSecond * s.seconds;
  let sent = 0;
  const started = now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      // Catch up to the schedule so timer jitter does not lower the rate.
      const due = Math.min(total, Math.floor(((now() - started) / 1000) * s.ratePerSecond) + perTick);
      const messages: Array<{ value: Buffer }> = [];
      const stamp = now();
      for (; sent < due; sent++) {
        const value = Buffer.alloc(s.messageBytes);
        value.writeDoubleBE(stamp, 0);
        messages.push({ value });
      }
      if (messages.length > 0) void producer.send({ topic: s.topic, acks: 1, messages });
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
  });
  const elapsed = (now() - started) / 1000;
  const deadline = Date.now() + 10_000;
  while (samples.length < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await producer.disconnect();
  await consumer.disconnect();
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const result: LatencyResult = { kind: 'latency', messages: samples.length, achievedRate: total / elapsed, p50: pick(0.5), p99: pick(0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
  return result;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
