/**
 * A closed-loop load generator with sub-millisecond timing (autocannon reports whole milliseconds, too coarse for a
 * 1 ms budget): `concurrency` loops each send the next request as soon as the previous answer is read.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  latenciesMs: number[];
}

export async function runLoad(
  target: { url: URL; method: 'POST'; body: string; check(body: string): boolean },
  { concurrency, durationMs }: { concurrency: number; durationMs: number },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const once = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const request = http.request(target.url, { method: target.method, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(target.body) } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          latenciesMs.push(performance.now() - t0);
          if (response.statusCode !== 200 || !target.check(text)) errors++;
          resolve();
        });
      });
      request.on('error', () => {
        errors++;
        resolve();
      });
      request.end(target.body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await once();
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
 * Paired sampling for a noisy machine: one request to `a`, then one to `b` (order alternating), for `durationMs`.
 * Each pair ran seconds apart at most, so the median of the per-pair differences isolates what `b` adds over `a`.
 */
export async function runPaired(
  a: { url: URL; method: 'POST'; body: string; check(body: string): boolean },
  b: { url: URL; method: 'POST'; body: string; check(body: string): boolean },
  durationMs: number,
): Promise<{ a: number[]; b: number[]; differences: number[]; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const timeOne = (target: typeof a) =>
    new Promise<number>((resolve) => {
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
  const out = { a: [] as number[], b: [] as number[], differences: [] as number[], errors: 0 };
  const deadline = performance.now() + durationMs;
  for (let i = 0; performance.now() < deadline; i++) {
    const first = i % 2 === 0;
    const ta = first ? await timeOne(a) : NaN;
    const tb = await timeOne(b);
    const ta2 = first ? ta : await timeOne(a);
    if (Number.isNaN(ta2) || Number.isNaN(tb)) {
      out.errors++;
      continue;
    }
    out.a.push(ta2);
    out.b.push(tb);
    out.differences.push(tb - ta2);
  }
  agent.destroy();
  return out;
}
