import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { enrichedClickBatches } from './events';
import { startBenchStack, type BenchStack } from './stack';
import { connectRest, FLUSH_SIZE, jdbcTarget, s3Target, type SinkTarget } from './targets';

/**
 * S3 sink vs JDBC sink: records/s from Kafka into Parquet objects (S3 sink, flush.size 10,000) and into a Postgres table
 * (JDBC sink), on the embedded stack, in the same run. The topic is produced once; each round creates one connector
 * per target (order alternating) that reads it from the beginning, and times connector creation → all records
 * committed. Everything runs in this one process. Usage (after `npm run build`, or tsc -p bench/s3-sink/tsconfig.json):
 *   node dist/bench/s3-sink/run.js [--records 200000] [--partitions 4] [--rounds 2]
 */
const args = parseArgs(process.argv.slice(2));
const RECORDS = args.records ?? 200_000;
const PARTITIONS = args.partitions ?? 4;
const ROUNDS = args.rounds ?? 2;
const TOPIC = 'enriched-clickstream-bench';
const POLL_MS = 100;
const ROUND_TIMEOUT_MS = 10 * 60_000;

interface Result {
  round: number;
  target: SinkTarget['name'];
  seconds: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  // Every partition must end on a full file, or the S3 sink keeps its last records open and never commits them.
  if (RECORDS % (PARTITIONS * FLUSH_SIZE) !== 0) {
    throw new Error(`--records must be a multiple of partitions × flush.size (${PARTITIONS} × ${FLUSH_SIZE}), got ${RECORDS}`);
  }
  log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const stack = await startBenchStack();
  const targets: SinkTarget[] = [];
  try {
    await produce(stack);
    targets.push(s3Target(stack), jdbcTarget(stack));
    const results: Result[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? targets : [...targets].reverse();
      for (const target of order) results.push({ round, target: target.name, seconds: await measure(stack, target, round) });
    }
    printTable(results);
    log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    for (const target of targets) await target.close().catch(() => undefined);
    await stack.stop();
  }
}

/** Batches of 1,000 messages keep each partition's record batch under the broker's 1 MiB max.message.bytes. */
async function produce(stack: BenchStack): Promise<void> {
  const admin = stack.kafka.admin();
  const producer = stack.kafka.producer({ allowAutoTopicCreation: false });
  await admin.connect();
  await producer.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1 }] });
    const started = performance.now();
    for (const batch of enrichedClickBatches(RECORDS, PARTITIONS, 1_000)) await producer.send({ topic: TOPIC, acks: -1, messages: batch });
    log(`produced ${RECORDS} records to ${PARTITIONS} partitions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

/** Seconds from creating the round's connector until it has committed every record; the connector is deleted after. */
async function measure(stack: BenchStack, target: SinkTarget, round: number): Promise<number> {
  const connector = `${target.name.startsWith('S3') ? 's3' : 'jdbc'}-bench-r${round}`;
  const started = performance.now();
  // Keys are plain user ids, values JSON envelopes with their schema (the worker's default JsonConverter).
  const config = { 'key.converter': 'org.apache.kafka.connect.storage.StringConverter', ...target.config(round, TOPIC) };
  await connectRest(stack.connectUrl, 'POST', '/connectors', { name: connector, config });
  try {
    for (;;) {
      if ((await committedRecords(stack, connector)) >= RECORDS) break;
      const status = await connectRest(stack.connectUrl, 'GET', `/connectors/${connector}/status`).catch(() => undefined);
      const failed = status?.tasks?.find((t: { state: string }) => t.state === 'FAILED');
      if (failed) throw new Error(`${connector} task failed: ${failed.trace}`);
      if (performance.now() - started > ROUND_TIMEOUT_MS) throw new Error(`${connector} did not commit ${RECORDS} records within ${ROUND_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const seconds = (performance.now() - started) / 1000;
    // Checked after the clock stops: the S3 object names account for every record, the table holds every row.
    await target.verify(round, RECORDS);
    log(`round ${round} ${target.name}: ${RECORDS} records in ${seconds.toFixed(2)} s`);
    return seconds;
  } finally {
    await connectRest(stack.connectUrl, 'DELETE', `/connectors/${connector}`).catch(() => undefined);
    await target.clear(round).catch(() => undefined);
  }
}

/**
 * Records the connector's consumer group has committed. Both sinks commit only what is durable (the S3 sink what it
 * uploaded, the JDBC sink after its transaction commits), and the topic starts at offset 0, so the sum of committed
 * offsets is the records written. Polling this instead of count(*) keeps the probe off PGlite's single session.
 */
async function committedRecords(stack: BenchStack, connector: string): Promise<number> {
  const answer = await connectRest(stack.connectUrl, 'GET', `/connectors/${connector}/offsets`);
  return (answer.offsets as Array<{ offset: { kafka_offset: number } }>).reduce((sum, o) => sum + o.offset.kafka_offset, 0);
}

function printTable(results: Result[]): void {
  const rate = (seconds: number) => RECORDS / seconds;
  const jdbcIn = (round: number) => results.find((r) => r.round === round && r.target.startsWith('JDBC'))!;
  log('');
  log('| round | target | records | seconds | records/s | ratio S3/JDBC |');
  log('|---|---|---|---|---|---|');
  for (const r of results) {
    const ratio = r.target.startsWith('S3') ? `${(rate(r.seconds) / rate(jdbcIn(r.round).seconds)).toFixed(2)}×` : '';
    log(`| ${r.round} | ${r.target} | ${RECORDS} | ${r.seconds.toFixed(2)} | ${Math.round(rate(r.seconds))} | ${ratio} |`);
  }
  const total = (prefix: string) => results.filter((r) => r.target.startsWith(prefix)).reduce((sum, r) => sum + r.seconds, 0);
  const s3 = (RECORDS * ROUNDS) / total('S3');
  const jdbc = (RECORDS * ROUNDS) / total('JDBC');
  log(`| all | S3 (Parquet) | ${RECORDS * ROUNDS} | ${total('S3').toFixed(2)} | ${Math.round(s3)} | ${(s3 / jdbc).toFixed(2)}× |`);
  log(`| all | JDBC (Postgres) | ${RECORDS * ROUNDS} | ${total('JDBC').toFixed(2)} | ${Math.round(jdbc)} | |`);
}

function parseArgs(argv: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!key || !Number.isInteger(value) || value < 1) throw new Error(`bad argument ${argv[i]} ${argv[i + 1]}`);
    out[key] = value;
  }
  return out;
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
