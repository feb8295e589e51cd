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
