/**
 * Analytics benchmark: stockLeaderboard (SUM(shares) by symbol, top 10) over 1,000,000 rows ingested from Kafka into
 * the embedded Pinot — through pipegraph (GraphQL, result cache off: every request is a cache miss) versus the same
 * SQL posted straight to the Pinot broker, and through a bare one-hop node:http proxy (the least any middle tier in
 * Node adds). Backends, pipegraph, the proxy and this load generator run in separate processes; the order of targets
 * rotates every round so drift on this shared machine hits them alike.
 * Usage (after `npm run build`): node dist/bench/analytics/run.js [--rows 1000000] [--duration 10] [--rounds 3] [--concurrency 1,4]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { realtimeTableConfig, stockTransactionsSchema } from '../../src/pipeline/demo/pinot-tables';
import { STOCK_SYMBOLS } from '../../src/pipeline/generator/demo-events';
import { percentile, runInterleaved, runLoad, type LoadResult, type Target } from './load';

const args = parseArgs(process.argv.slice(2));
const ROWS = Number(args.rows ?? 1_000_000);
const DURATION_MS = Number(args.duration ?? 10) * 1000;
const ROUNDS = Number(args.rounds ?? 3);
const CONCURRENCY = String(args.concurrency ?? '1,4').split(',').map(Number);
const WARMUP_MS = 2_000;
const QUERY = '{ stockLeaderboard(limit: 10) { rows { symbol totalShares } sql } }';
const log = (line: string) => process.stdout.write(`${line}\n`);
const NAMES = ['broker', 'hop', 'pipegraph'] as const;
type Name = (typeof NAMES)[number];
const LABELS: Record<Name, string> = { broker: 'broker direct', hop: 'one-hop proxy', pipegraph: 'pipegraph' };

async function main() {
  const backend = await start(join(__dirname, 'backend-server.js'), {});
  const { kafkaBrokers, pinotUrl } = backend.message as { kafkaBrokers: string; pinotUrl: string };
  const pipegraph = await start(join(__dirname, 'pipegraph-server.js'), { BENCH_PINOT_URL: pinotUrl, BENCH_KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: 'info' });
  const hop = await start(join(__dirname, 'hop-proxy.js'), { BENCH_PINOT_URL: pinotUrl });
  try {
    await load(kafkaBrokers, pinotUrl);
    const graphqlUrl = new URL(`http://127.0.0.1:${(pipegraph.message as { port: number }).port}/graphql`);
    const first = JSON.parse(await post(graphqlUrl, JSON.stringify({ query: QUERY })));
    const sql: string = first.data.stockLeaderboard.sql;
    const direct = JSON.parse(await post(new URL('/query/sql', pinotUrl), JSON.stringify({ sql })));
    const viaPipegraph = first.data.stockLeaderboard.rows.map((r: { symbol: string; totalShares: number }) => [r.symbol, r.totalShares]);
    if (JSON.stringify(viaPipegraph) !== JSON.stringify(direct.resultTable.rows)) throw new Error('pipegraph and the broker disagree on the result');
    log(`same SQL on both paths: ${sql}`);
    log(`docs scanned per query: ${direct.numDocsScanned}`);

    const targets: Record<Name, Target> = {
      broker: { url: new URL('/query/sql', pinotUrl), method: 'POST', body: JSON.stringify({ sql, queryOptions: 'timeoutMs=10000' }), check: (body) => body.includes('"exceptions":[]') },
      hop: { url: new URL(`http://127.0.0.1:${(hop.message as { port: number }).port}/`), method: 'POST', body: JSON.stringify({ sql }), check: (body) => body.startsWith('{"data"') },
      pipegraph: { url: graphqlUrl, method: 'POST', body: JSON.stringify({ query: QUERY }), check: (body) => body.startsWith('{"data"') },
    };
    // The server's own floor: a query that touches no backend, to tell GraphQL/HTTP cost from analytics cost.
    const floorTarget: Target = { url: graphqlUrl, method: 'POST', body: JSON.stringify({ query: '{ __typename }' }), check: (body) => body.startsWith('{"data"') };
    const table: string[] = [];
    for (const concurrency of CONCURRENCY) {
      const pooled: Record<Name, LoadResult[]> = { broker: [], hop: [], pipegraph: [] };
      for (const name of NAMES) await runLoad(targets[name], { concurrency, durationMs: WARMUP_MS });
      for (let round = 0; round < ROUNDS; round++) {
        // Rotate the order so that drift over a round does not always favour the same target.
        const order = NAMES.map((_, k) => NAMES[(round + k) % NAMES.length]!);
        for (const name of order) {
          const result = await runLoad(targets[name], { concurrency, durationMs: DURATION_MS });
          pooled[name].push(result);
          log(`round ${round + 1} c=${concurrency} ${name}: ${result.rps.toFixed(1)} req/s, p50 ${fmt(percentile(sorted(result.latenciesMs), 50))} ms, errors ${result.errors}`);
        }
      }
      const summary = (name: Name) => {
        const runs = pooled[name];
        const all = sorted(runs.flatMap((r) => r.latenciesMs));
        const rps = runs.reduce((sum, r) => sum + r.rps, 0) / runs.length;
        return { rps, p50: percentile(all, 50), p99: percentile(all, 99), requests: all.length, errors: runs.reduce((s, r) => s + r.errors, 0) };
      };
      const floor = await runLoad(floorTarget, { concurrency, durationMs: DURATION_MS });
      const floorSorted = sorted(floor.latenciesMs);
      const b = summary('broker');
      for (const name of NAMES) {
        const t = summary(name);
        table.push(`| ${LABELS[name]} | ${concurrency} | ${t.requests} | ${t.rps.toFixed(1)} | ${fmt(t.p50)} | ${fmt(t.p99)} | ${t.errors} |`);
        if (name !== 'broker') table.push(`| **${LABELS[name]} − broker** | ${concurrency} | | ${((t.rps / b.rps) * 100).toFixed(1)} % | **${signed(t.p50 - b.p50)}** | ${signed(t.p99 - b.p99)} | |`);
      }
      table.push(
        `| pipegraph \`{ __typename }\` (server floor, no backend) | ${concurrency} | ${floor.requests} | ${floor.rps.toFixed(1)} | ${fmt(percentile(floorSorted, 50))} | ${fmt(percentile(floorSorted, 99))} | ${floor.errors} |`,
      );
    }
    // Interleaved, sequential samples: broker, hop and pipegraph in turn, so machine noise hits all three alike.
    const interleaved = await runInterleaved(targets, DURATION_MS * ROUNDS);
    for (const name of NAMES) {
      const all = sorted(interleaved.latencies[name]!);
      table.push(`| interleaved: ${LABELS[name]} | 1 | ${all.length} | | ${fmt(percentile(all, 50))} | ${fmt(percentile(all, 99))} | ${name === 'broker' ? interleaved.errors : ''} |`);
    }
    for (const name of ['hop', 'pipegraph'] as const) {
      const differences = sorted(interleaved.differences[name]!);
      table.push(`| **interleaved: median of (${LABELS[name]} − broker) per round** | 1 | ${differences.length} | | **${signed(percentile(differences, 50))}** | p90 ${signed(percentile(differences, 90))} | |`);
    }
    const beyondHop = sorted(interleaved.differences.pipegraph!.map((d, i) => d - interleaved.differences.hop![i]!));
    table.push(`| **interleaved: median of (pipegraph − one-hop proxy) per round** | 1 | ${beyondHop.length} | | **${signed(percentile(beyondHop, 50))}** | p90 ${signed(percentile(beyondHop, 90))} | |`);
    log('');
    log(`stockLeaderboard over ${ROWS.toLocaleString('en-US')} rows, ${ROUNDS} rounds × ${DURATION_MS / 1000} s per target and concurrency`);
    log('| target | concurrency | requests | req/s | p50 ms | p99 ms | errors |');
    log('|---|---|---|---|---|---|---|');
    for (const line of table) log(line);
  } finally {
    for (const child of [hop, pipegraph, backend]) child.child.disconnect();
  }
}

/** Creates the topic and the table, produces ROWS trades spread over the last 24 h, waits until Pinot has them all. */
async function load(kafkaBrokers: string, pinotUrl: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-analytics', brokers: kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'stock_transactions', numPartitions: 4 }] });
  await admin.disconnect();
  await post(new URL('/schemas', pinotUrl), JSON.stringify(stockTransactionsSchema));
  await post(new URL('/tables', pinotUrl), JSON.stringify(realtimeTableConfig('stock_transactions', 'update_at', 'stock_transactions', kafkaBrokers.split(','))));

  const producer = kafka.producer();
  await producer.connect();
  const started = Date.now();
  const batch = 5_000;
  const now = Date.now();
  let sent = 0;
  const inFlight: Promise<unknown>[] = [];
  for (let offset = 0; offset < ROWS; offset += batch) {
    const messages = Array.from({ length: Math.min(batch, ROWS - offset) }, (_, i) => {
      const n = offset + i;
      const symbol = STOCK_SYMBOLS[(n * 7) % STOCK_SYMBOLS.length]!;
      return { key: symbol, value: JSON.stringify({ id: `t${n}`, user_id: 1 + ((n * 7919) % 1000), symbol, shares: 1 + ((n * 104729) % 500), purchase: n % 5 < 3, update_at: now - 86_400_000 + Math.floor((n * 86_400_000) / ROWS) }) };
    });
    inFlight.push(producer.send({ topic: 'stock_transactions', messages }).then(() => (sent += messages.length)));
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await producer.disconnect();
  log(`produced ${sent.toLocaleString('en-US')} trades in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (;;) {
    const body = JSON.parse(await post(new URL('/query/sql', pinotUrl), JSON.stringify({ sql: 'SELECT COUNT(*) FROM stock_transactions' })));
    const count = Number(body.resultTable?.rows[0]?.[0] ?? 0);
    if (count >= ROWS) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log(`Pinot ingested ${ROWS.toLocaleString('en-US')} rows ${((Date.now() - started) / 1000).toFixed(1)} s after the first produce`);
}

async function start(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; message: unknown }> {
  const child = fork(script, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const message = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, message };
}

function post(url: URL, body: string): Promise<string> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((response) => response.text());
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const fmt = (ms: number) => ms.toFixed(2);
const signed = (ms: number) => `${ms >= 0 ? '+' : ''}${ms.toFixed(2)} ms`;

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i]!.replace(/^--/, '')] = argv[i + 1]!;
  return out;
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
