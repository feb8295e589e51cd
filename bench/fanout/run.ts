import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedKafka } from '../../embedded/kafka';
import { startEmbeddedSchemaRegistry } from '../../embedded/schema-registry';
import { KafkaClient } from '../../src/adapters/kafka/kafka-client';
import { createKafkaAdmin } from '../../src/adapters/kafka/kafka-admin';
import { createKafkaProducer } from '../../src/adapters/kafka/kafka-producer';
import { PayloadDecoder, SchemaRegistryClient } from '../../src/adapters/schema-registry';
import { createLogger } from '../../src/logging/logger';
import { ENRICHED_CLICK_SCHEMA } from '../../src/pipeline/demo/avro-schemas';
import { jsonValues, valueWriters, type ValueWriter } from '../../src/pipeline/value-writer';
import { AVRO_TOPIC, benchEvent, nowUs, PARTITIONS, QUERIES, TOPIC, type ClientMessage, type ServerKind, type ServerMessage } from './common';

/**
 * Fan-out benchmark: 100/500/1,000 graphql-ws subscribers on one server fed by the embedded broker, comparing side by
 * side in one run (a) a plain ws broadcast of pre-serialized frames (the ceiling), (b) graphql-ws + PubSub executing
 * per subscriber (naive), and pipegraph (one Kafka reader per topic, shared execution and serialization) — on the JSON
 * topic and (pipegraph-avro) on the same events in Confluent's Avro wire format, decoded through the schema registry.
 *
 * Each server runs in its own process; subscribers live in two client processes; the broker and the producer live in
 * this one. Per (server, subscribers): a fixed-rate phase (50,000 deliveries/s offered) for produce→client latency,
 * then a saturation phase (far more offered than anyone delivers) for maximum deliveries/s. CPU per delivery is the
 * server process's user+system CPU time over the phase divided by the deliveries the clients counted.
 *
 * Usage: npm run build && node dist/bench/fanout/run.js [--subscribers 100,500,1000] [--seconds 5]
 *   [--kinds ceiling,naive,pipegraph,pipegraph-avro]
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const SUBSCRIBERS = (args.get('subscribers') ?? '100,500,1000').split(',').map(Number);
const SECONDS = Number(args.get('seconds') ?? 5);
const KINDS: ServerKind[] = (args.get('kinds') ?? 'ceiling,naive,pipegraph,pipegraph-avro').split(',') as ServerKind[];
const FIXED_DELIVERIES_PER_S = 50_000;
const SATURATION_DELIVERIES_PER_S = Number(args.get('saturation') ?? 1_500_000);
const CLIENT_PROCESSES = 2;
/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on every Linux architecture Node runs on). */
const CLOCK_TICKS_PER_S = 100;

interface Row {
  kind: ServerKind;
  subscribers: number;
  fixed: { offered: number; deliveredShare: number; p50: number; p99: number; cpuUs: number; errors: number };
  max: { delivered: number; cpuUs: number; errors: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function once<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type === type) {
        child.off('message', onMessage);
        resolve(message as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${path.basename(String(child.spawnfile))} exited with ${code} while waiting for ${type}`)));
  });
}

/**
 * The server process's user+system CPU time in µs. On Linux it is read from /proc at once, so the CPU window matches
 * the delivery window exactly; asking the server over IPC instead would be answered only when its event loop gets to
 * the message — seconds late when it is saturated, which counted its backlog's CPU against the window's deliveries.
 */
async function serverCpu(server: ChildProcess): Promise<number> {
  const stat = await readFile(`/proc/${server.pid}/stat`, 'latin1').catch(() => undefined);
  if (stat !== undefined) {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS_PER_S;
  }
  const reply = once<Extract<ServerMessage, { type: 'cpu' }>>(server, 'cpu');
  server.send({ type: 'cpu' });
  const { userUs, systemUs } = await reply;
  return userUs + systemUs;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const logger = createLogger({ level: 'warn' });
  const broker = await startEmbeddedKafka({ port: 0 });
  const kafka = new KafkaClient({ brokers: [broker.brokers], logger });
  const admin = createKafkaAdmin(kafka);
  for (const name of [TOPIC, AVRO_TOPIC]) await admin.createTopic({ name, partitions: PARTITIONS, replicationFactor: 1, configs: [] });
  // The Avro topic carries the demo's EnrichedClick schema, registered in the embedded registry and written by the
  // enricher's own value writers (the schema-registry adapter's encoder).
  const registry = await startEmbeddedSchemaRegistry({ port: 0, kafkaBrokers: broker.brokers });
  const registryClient = new SchemaRegistryClient({ url: registry.url, timeoutMs: 10_000, logger });
  const encoders: Record<string, ValueWriter> = {
    [TOPIC]: jsonValues,
    ...(await valueWriters(new PayloadDecoder(registryClient), { [AVRO_TOPIC]: ENRICHED_CLICK_SCHEMA })),
  };
  const producer = createKafkaProducer(kafka);
  let seq = 0;

  /** Produces `eventsPerSecond` to `topic` for `seconds`, in 10 ms ticks, each event stamped with its send time. */
  async function produce(topic: string, eventsPerSecond: number, seconds: number): Promise<number> {
    const encode = encoders[topic]!;
    const end = Date.now() + seconds * 1000;
    let credit = 0;
    let last = Date.now();
    let sent = 0;
    while (Date.now() < end) {
      const now = Date.now();
      credit += ((now - last) / 1000) * eventsPerSecond;
      last = now;
      const n = Math.floor(credit);
      credit -= n;
      if (n > 0) {
        const messages = Array.from({ length: n }, () => ({ value: encode(benchEvent(seq++, nowUs())), partition: seq % PARTITIONS }));
        await producer.send(topic, messages);
        sent += n;
      }
      await sleep(10);
    }
    return sent;
  }

  const rows: Row[] = [];
  const dist = __dirname;
  for (const subscribers of SUBSCRIBERS) {
    for (const kind of KINDS) {
      const topic = kind === 'pipegraph-avro' ? AVRO_TOPIC : TOPIC;
      const server = fork(path.join(dist, `server-${kind === 'pipegraph-avro' ? 'pipegraph' : kind}.js`), [], {
        env: {
          ...process.env,
          ...(kind === 'pipegraph-avro' ? { ENRICHER_TARGET_TOPIC: AVRO_TOPIC, SCHEMA_REGISTRY_URL: registry.url } : {}),
          NODE_ENV: 'production',
          KAFKA_BROKERS: broker.brokers,
          LOG_LEVEL: 'warn',
          ENRICHER_ENABLED: 'false',
          DEMO_GENERATOR_RATE: '0',
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        // BENCH_PROFILE=1 writes a CPU profile of each server process (to ./bench-profiles) for looking at hot paths.
        execArgv: process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench-profiles'] : [],
      });
      const { port } = await once<Extract<ServerMessage, { type: 'ready' }>>(server, 'ready');
      const clients = Array.from({ length: CLIENT_PROCESSES }, (_, i) =>
        fork(path.join(dist, 'clients.js'), [], {
          env: {
            ...process.env,
            NODE_ENV: 'production',
            BENCH_URL: `ws://127.0.0.1:${port}/`,
            BENCH_CLIENTS: String(Math.floor(subscribers / CLIENT_PROCESSES) + (i < subscribers % CLIENT_PROCESSES ? 1 : 0)),
            BENCH_QUERY: QUERIES[kind],
          },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
      await Promise.all(clients.map((c) => once(c, 'subscribed')));
      await sleep(1_500); // pipegraph's feed joins Kafka with its first subscriber
      await produce(topic, FIXED_DELIVERIES_PER_S / subscribers, 1); // warm-up

      const phase = async (eventsPerSecond: number, sample: boolean, settleMs: number) => {
        const reports = clients.map((c) => once<Extract<ClientMessage, { type: 'report' }>>(c, 'report'));
        clients.forEach((c) => c.send({ type: 'start', sample }));
        const cpuBefore = await serverCpu(server);
        const started = Date.now();
        const sent = await produce(topic, eventsPerSecond, SECONDS);
        await sleep(settleMs);
        const elapsed = (Date.now() - started) / 1000;
        clients.forEach((c) => c.send({ type: 'stop' }));
        const cpuAfter = await serverCpu(server);
        const results = await Promise.all(reports);
        const delivered = results.reduce((sum, r) => sum + r.delivered, 0);
        const latencies = results.flatMap((r) => r.latenciesUs).sort((a, b) => a - b);
        return {
          sent,
          delivered,
          perSecond: delivered / elapsed,
          cpuUs: (cpuAfter - cpuBefore) / Math.max(1, delivered),
          p50: percentile(latencies, 50) / 1000,
          p99: percentile(latencies, 99) / 1000,
          errors: results.reduce((sum, r) => sum + r.errors, 0),
        };
      };

      const fixed = await phase(FIXED_DELIVERIES_PER_S / subscribers, true, 500);
      const max = await phase(SATURATION_DELIVERIES_PER_S / subscribers, false, 0);
      rows.push({
        kind,
        subscribers,
        fixed: { offered: (fixed.sent * subscribers) / SECONDS, deliveredShare: fixed.delivered / Math.max(1, fixed.sent * subscribers), p50: fixed.p50, p99: fixed.p99, cpuUs: fixed.cpuUs, errors: fixed.errors },
        max: { delivered: max.perSecond, cpuUs: max.cpuUs, errors: max.errors },
      });
      console.error(`${kind} ${subscribers}: fixed ${Math.round((fixed.delivered / Math.max(1, fixed.sent * subscribers)) * 100)}% delivered, p50 ${fixed.p50.toFixed(1)} ms p99 ${fixed.p99.toFixed(1)} ms; max ${Math.round(max.perSecond)}/s`);
      clients.forEach((c) => c.kill());
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.send({ type: 'exit' }); // a clean exit, so --cpu-prof can write its profile
      await Promise.race([exited, sleep(5_000)]);
      server.kill();
    }
  }

  const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
  const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
  console.log(`\nFan-out, ${SECONDS} s per phase, fixed rate ${fmt(FIXED_DELIVERIES_PER_S)} deliveries/s offered, saturation ${fmt(SATURATION_DELIVERIES_PER_S)} offered\n`);
  console.log('| subscribers | server | fixed rate: offered/s | delivered | p50 ms | p99 ms | CPU-µs/delivery | saturated: delivered/s | vs ceiling | CPU-µs/delivery | errors |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const ceiling = rows.find((r) => r.kind === 'ceiling' && r.subscribers === row.subscribers);
    const ratio = ceiling ? `${Math.round((row.max.delivered / ceiling.max.delivered) * 100)}%` : '–';
    console.log(
      `| ${row.subscribers} | ${row.kind} | ${fmt(row.fixed.offered)} | ${(row.fixed.deliveredShare * 100).toFixed(1)}% | ${ms(row.fixed.p50)} | ${ms(row.fixed.p99)} | ${row.fixed.cpuUs.toFixed(1)} | ${fmt(row.max.delivered)} | ${ratio} | ${row.max.cpuUs.toFixed(1)} | ${row.fixed.errors + row.max.errors} |`,
    );
  }
  const json = rows.filter((r) => r.kind === 'pipegraph');
  for (const row of rows.filter((r) => r.kind === 'pipegraph-avro')) {
    const same = json.find((r) => r.subscribers === row.subscribers);
    if (same) console.log(`\n${row.subscribers} subscribers: Avro ${fmt(row.max.delivered)}/s vs JSON ${fmt(same.max.delivered)}/s saturated = ${Math.round((row.max.delivered / same.max.delivered) * 100)}%`);
  }
  await kafka.close();
  await registry.stop();
  await broker.stop();
  process.exit(0);
}

void main();
