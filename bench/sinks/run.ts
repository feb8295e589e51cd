import { type ChildProcess, fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { prepareBenchDatabase } from './bench-database';
import { CEILING_SQL } from './ceiling-server';

/**
 * Sinks benchmark: `clickstreamEvents` first page and next page (urlCategory = news, newest first, 50 per page) on
 * 1,000,000 rows in the real PostgreSQL, pipegraph vs. a minimal pg + http handler running the same SQL (the ceiling).
 * Both servers run in their own processes; autocannon runs in a third. Targets alternate within each round so drift
 * on this shared machine hits both alike. Usage (after `npm run build`):
 *   node dist/bench/sinks/run.js [--rows 1000000] [--duration 10] [--connections 16] [--rounds 3]
 */
const args = parseArgs(process.argv.slice(2));
const ROWS = args.rows ?? 1_000_000;
const DURATION_S = args.duration ?? 10;
const CONNECTIONS = args.connections ?? 16;
const ROUNDS = args.rounds ?? 3;
const WARMUP_S = 3;

const QUERY = `query Page($after: String) {
  clickstreamEvents(where: { urlCategory: { _eq: "news" } }, orderBy: TIMESTAMP_DESC, first: 50, after: $after) {
    edges { cursor node { timestamp userId deviceId url userName deviceType urlCategory } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Target {
  name: 'pipegraph' | 'ceiling';
  child: ChildProcess;
  port: number;
  request(after: string | null): { method: 'GET' | 'POST'; path: string; body?: string };
}

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function main() {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  await prepareBenchDatabase(ROWS, log);
  const ceiling = await start('ceiling', join(__dirname, 'ceiling-server.js'), (after) => ({
    method: 'GET',
    path: `/events?category=news${after ? `&after=${after}` : ''}`,
  }));
  const pipegraph = await start('pipegraph', join(__dirname, 'pipegraph-server.js'), (after) => ({
    method: 'POST',
    path: '/graphql',
    body: JSON.stringify({ query: QUERY, variables: { after } }),
  }));
  try {
    // Both must return the same rows; each target's own first-page endCursor drives its "next page" scenario.
    const cursors: Record<string, string> = {};
    const pages: Record<string, unknown> = {};
    for (const target of [ceiling, pipegraph]) {
      const first = await call(target, null);
      cursors[target.name] = first.data.clickstreamEvents.pageInfo.endCursor;
      const next = await call(target, cursors[target.name]!);
      pages[target.name] = [first, next].map((page) => page.data.clickstreamEvents.edges.map((e: any) => [e.node.userId, Date.parse(e.node.timestamp)]));
    }
    if (JSON.stringify(pages.ceiling) !== JSON.stringify(pages.pipegraph)) throw new Error('pipegraph and the ceiling returned different rows');
    const statements = await askStatements(pipegraph.child);
    const normalize = (sql: string) => sql.replace(/\s+/g, ' ').trim();
    for (const sql of Object.values(CEILING_SQL)) {
      if (!statements.some((s) => normalize(s) === normalize(sql))) throw new Error(`pipegraph did not run the ceiling's SQL:\n${sql}`);
    }
    log('checked: both return the same rows for both pages, and pipegraph ran exactly the ceiling\'s SQL texts');

    const results: Record<string, Measurement[]> = {};
    for (const scenario of ['first', 'next'] as const) {
      for (const target of [ceiling, pipegraph]) await load(target, scenario === 'first' ? null : cursors[target.name]!, WARMUP_S);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const scenario of ['first', 'next'] as const) {
        const order = round % 2 === 0 ? [ceiling, pipegraph] : [pipegraph, ceiling];
        for (const target of order) {
          const measured = await load(target, scenario === 'first' ? null : cursors[target.name]!, DURATION_S);
          (results[`${scenario}/${target.name}`] ??= []).push(measured);
          log(`round ${round + 1} ${scenario} page ${target.name}: ${measured.rps.toFixed(0)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms`);
        }
      }
    }

    log('');
    log(`${ROWS.toLocaleString('en-US')} rows, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${DURATION_S} s per cell, medians over rounds`);
    log('| scenario | server | req/s | p50 ms | p99 ms | errors | req/s vs ceiling |');
    log('|---|---|---:|---:|---:|---:|---:|');
    for (const scenario of ['first', 'next'] as const) {
      const ceilingRps = median(results[`${scenario}/ceiling`]!.map((m) => m.rps));
      for (const name of ['ceiling', 'pipegraph']) {
        const runs = results[`${scenario}/${name}`]!;
        const rps = median(runs.map((m) => m.rps));
        log(
          `| ${scenario} page | ${name} | ${rps.toFixed(0)} | ${median(runs.map((m) => m.p50))} | ${median(runs.map((m) => m.p99))} | ${runs.reduce((n, m) => n + m.errors, 0)} | ${((rps / ceilingRps) * 100).toFixed(0)}% |`,
        );
      }
    }
  } finally {
    for (const target of [ceiling, pipegraph]) target.child.disconnect();
  }
}

function start(name: Target['name'], script: string, request: Target['request']): Promise<Target> {
  return new Promise((resolve, reject) => {
    // NODE_ENV=production as in the Docker image: graphql-js skips its development-only checks.
    const child = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, NODE_ENV: 'production' } });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)));
    child.once('message', (message: { port: number }) => resolve({ name, child, port: message.port, request }));
  });
}

async function call(target: Target, after: string | null): Promise<any> {
  const { method, path, body } = target.request(after);
  const response = await fetch(`http://127.0.0.1:${target.port}${path}`, { method, body, headers: body ? { 'content-type': 'application/json' } : {} });
  const json = (await response.json()) as any;
  if (!response.ok || json.errors) throw new Error(`${target.name} answered ${response.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

function askStatements(child: ChildProcess): Promise<string[]> {
  return new Promise((resolve) => {
    const onMessage = (message: { statements?: string[] }) => {
      if (!message.statements) return;
      child.off('message', onMessage);
      resolve(message.statements);
    };
    child.on('message', onMessage);
    child.send({ type: 'statements' });
  });
}

/** One autocannon run in its own process; returns mean req/s and latency percentiles (ms). */
function load(target: Target, after: string | null, durationS: number): Promise<Measurement> {
  const { method, path, body } = target.request(after);
  const argv = [require.resolve('autocannon/autocannon.js'), '-j', '-c', String(CONNECTIONS), '-d', String(durationS), '-m', method];
  if (body) argv.push('-H', 'content-type=application/json', '-b', body);
  argv.push(`http://127.0.0.1:${target.port}${path}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const result = JSON.parse(out);
      resolve({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + result.timeouts });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function parseArgs(argv: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!key || !Number.isFinite(value)) throw new Error(`bad argument ${argv[i]} ${argv[i + 1]}`);
    out[key] = value;
  }
  return out;
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
