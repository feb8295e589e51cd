import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startEmbeddedKafka } from '../../embedded/kafka';
import type { LatencyResult, Result, Scenario, ThroughputResult } from './scenarios';

/**
 * Embedded Kafka benchmark. The broker runs here (on-disk log in a temp dir); every scenario's kafkajs client runs in
 * a separate node process. Usage: tsc -p bench/kafka/tsconfig.json && node dist/bench/kafka/run.js [--messages N]
 */
const MESSAGE_BYTES = 300;
const BATCH = 1000;
const PARTITIONS = 6;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function runClient(scenario: Scenario): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'client.js'), JSON.stringify(scenario)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Result) : reject(new Error(`client exited ${code}`))));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')} msg/s`;

async function main(): Promise<void> {
  const messages = arg('--messages', 300_000);
  const inFlight = arg('--in-flight', 1);
  const repeats = arg('--repeats', 3);
  const latencySeconds = arg('--latency-seconds', 10);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-bench-'));
  const broker = await startEmbeddedKafka({ port: 0, dataDir });
  const admin = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const topics = ['latency', ...Array.from({ length: repeats }, (_, i) => [`acks1-${i}`, `acksall-${i}`]).flat()];
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS })) });
  await admin.disconnect();

  const base = { brokers: broker.brokers, messages, batchSize: BATCH, messageBytes: MESSAGE_BYTES, inFlight };
  const runs = { acks1: [] as ThroughputResult[], acksAll: [] as ThroughputResult[], consume: [] as ThroughputResult[], produceCeiling: [] as ThroughputResult[], consumeCeiling: [] as ThroughputResult[] };
  // Interleaved, so each broker measurement has a client ceiling taken moments apart under the same machine load.
  for (let i = 0; i < repeats; i++) {
    runs.produceCeiling.push((await runClient({ kind: 'produce-ceiling', topic: 'ceiling', messages, batchSize: BATCH, messageBytes: MESSAGE_BYTES, partitions: PARTITIONS })) as ThroughputResult);
    runs.acks1.push((await runClient({ kind: 'produce', topic: `acks1-${i}`, acks: 1, ...base })) as ThroughputResult);
    runs.acksAll.push((await runClient({ kind: 'produce', topic: `acksall-${i}`, acks: -1, ...base })) as ThroughputResult);
    runs.consumeCeiling.push((await runClient({ kind: 'consume-ceiling', brokers: broker.brokers, topic: `acksall-${i}`, partitions: PARTITIONS, rounds: 50 })) as ThroughputResult);
    runs.consume.push((await runClient({ kind: 'consume', brokers: broker.brokers, topic: `acksall-${i}`, messages: runs.acksAll[i]!.messages, groupId: `bench-consume-${i}` })) as ThroughputResult);
  }
  const lat = (await runClient({ kind: 'latency', brokers: broker.brokers, topic: 'latency', ratePerSecond: 5000, seconds: latencySeconds, messageBytes: MESSAGE_BYTES, groupId: 'bench-latency' })) as LatencyResult;

  const row = (name: string, results: ThroughputResult[], target: string, ceiling?: ThroughputResult[]) => {
    const rates = results.map((r) => r.messagesPerSecond);
    const mb = median(results.map((r) => r.megabytesPerSecond));
    const ratio = ceiling ? `${((100 * median(rates)) / median(ceiling.map((r) => r.messagesPerSecond))).toFixed(0)} %` : '—';
    return `| ${name} | ${rate(median(rates))} | ${rate(Math.max(...rates))} | ${mb.toFixed(1)} MB/s | ${ratio} | ${target} |`;
  };
  await broker.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`\nEmbedded Kafka benchmark — ${messages.toLocaleString('en-US')} messages × ${MESSAGE_BYTES} B per run, send() batches of ${BATCH}, ${PARTITIONS} partitions, ${inFlight} send(s) in flight, on-disk log, ${repeats} runs, ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log('| scenario | median | best | bandwidth (median) | of client ceiling | target |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('kafkajs produce encoding alone (client ceiling)', runs.produceCeiling, '—'));
  console.log(row('produce acks=1', runs.acks1, '—', runs.produceCeiling));
  console.log(row('produce acks=-1', runs.acksAll, '≥ 150,000 msg/s', runs.produceCeiling));
  console.log(row('kafkajs fetch decoding alone (client ceiling)', runs.consumeCeiling, '—'));
  console.log(row('consume (group, eachBatch)', runs.consume, '≥ 500,000 msg/s', runs.consumeCeiling));
  console.log(`| produce→consume latency at ${rate(lat.achievedRate)} (${lat.messages.toLocaleString('en-US')} msgs) | p50 ${lat.p50.toFixed(2)} ms | p99 ${lat.p99.toFixed(2)} ms | max ${lat.max.toFixed(1)} ms | — | p99 ≤ 10 ms |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
