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

async function main(): Promise<void> {
  const messages = arg('--messages', 300_000);
  const inFlight = arg('--in-flight', 1);
  const latencySeconds = arg('--latency-seconds', 10);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-bench-'));
  const broker = await startEmbeddedKafka({ port: 0, dataDir });
  const admin = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const topics = ['acks1', 'acksall', 'latency'];
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS })) });
  await admin.disconnect();

  const rows: Array<[string, string, string, string]> = [];
  const base = { brokers: broker.brokers, messages, batchSize: BATCH, messageBytes: MESSAGE_BYTES, inFlight };
  const ack1 = (await runClient({ kind: 'produce', topic: 'acks1', acks: 1, ...base })) as ThroughputResult;
  rows.push(['produce acks=1', `${Math.round(ack1.messagesPerSecond).toLocaleString('en-US')} msg/s`, `${ack1.megabytesPerSecond.toFixed(1)} MB/s`, '—']);
  const ackAll = (await runClient({ kind: 'produce', topic: 'acksall', acks: -1, ...base })) as ThroughputResult;
  rows.push(['produce acks=-1', `${Math.round(ackAll.messagesPerSecond).toLocaleString('en-US')} msg/s`, `${ackAll.megabytesPerSecond.toFixed(1)} MB/s`, '≥ 150,000 msg/s']);
  const consumed = (await runClient({ kind: 'consume', brokers: broker.brokers, topic: 'acksall', messages: ackAll.messages, groupId: 'bench-consume' })) as ThroughputResult;
  rows.push(['consume (group, eachBatch)', `${Math.round(consumed.messagesPerSecond).toLocaleString('en-US')} msg/s`, `${consumed.megabytesPerSecond.toFixed(1)} MB/s`, '≥ 500,000 msg/s']);
  const lat = (await runClient({ kind: 'latency', brokers: broker.brokers, topic: 'latency', ratePerSecond: 5000, seconds: latencySeconds, messageBytes: MESSAGE_BYTES, groupId: 'bench-latency' })) as LatencyResult;
  rows.push([`produce→consume latency @ ${Math.round(lat.achievedRate).toLocaleString('en-US')} msg/s`, `p50 ${lat.p50.toFixed(2)} ms, p99 ${lat.p99.toFixed(2)} ms`, `max ${lat.max.toFixed(1)} ms, n=${lat.messages}`, 'p99 ≤ 10 ms']);

  await broker.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`\nEmbedded Kafka benchmark — ${messages.toLocaleString('en-US')} messages × ${MESSAGE_BYTES} B, send() batches of ${BATCH}, ${PARTITIONS} partitions, ${inFlight} send(s) in flight, on-disk log, ${os.cpus().length} cores, node ${process.version}\n`);
  console.log('| scenario | result | bandwidth / detail | target |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
