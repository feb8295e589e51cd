/**
 * A closed-loop load generator with sub-millisecond timing (autocannon reports whole milliseconds, too coarse for a
 * 1 ms budget), and an interleaved sampler for comparing targets on a noisy machine.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Target {
  url: URL;
  method: 'POST';
  body: string;
  check(body: string): boolean;
}

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  latenciesMs: number[];
}

/** One request; its latency in milliseconds, or NaN when it failed or its answer did not pass the target's check. */
function timeRequest(target: Target, agent: http.Agent): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const request = http.request(target.url, { method: target.method, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(target.body) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(response.statusCode === 200 && target.check(text) ? performance.now() - t0 : NaN));
    });
    request.on('error', () => resolve(NaN));
    request.end(target.body);
  });
}

/** `concurrency` loops each send the next request as soon as the previous answer is read. */
export async function runLoad(target: Target, { concurrency, durationMs }: { concurrency: number; durationMs: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const ms = await timeRequest(target, agent);
        if (Number.isNaN(ms)) errors++;
        else latenciesMs.push(ms);
      }
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  return { requests: latenciesMs.length, errors, rps: (latenciesMs.length / elapsed) * 1000, latenciesMs };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Interleaved sampling: one request to each target in turn (the order rotating every round), for `durationMs`. The
 * members of a round ran milliseconds apart, so machine noise hits them alike, and the median of the per-round
 * differences to the first target isolates what each other target adds over it.
 */
export async function runInterleaved(
  targets: Record<string, Target>,
  durationMs: number,
): Promise<{ latencies: Record<string, number[]>; differences: Record<string, number[]>; errors: number }> {
  const names = Object.keys(targets);
  const reference = names[0]!;
  const others = names.slice(1);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const out = {
    latencies: Object.fromEntries(names.map((name) => [name, [] as number[]])),
    differences: Object.fromEntries(others.map((name) => [name, [] as number[]])),
    errors: 0,
  };
  const deadline = performance.now() + durationMs;
  for (let round = 0; performance.now() < deadline; round++) {
    const timings: Record<string, number> = {};
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      timings[name] = await timeRequest(targets[name]!, agent);
    }
    if (names.some((name) => Number.isNaN(timings[name]))) {
      out.errors++;
      continue;
    }
    for (const name of names) out.latencies[name]!.push(timings[name]!);
    for (const name of others) out.differences[name]!.push(timings[name]! - timings[reference]!);
  }
  agent.destroy();
  return out;
}
