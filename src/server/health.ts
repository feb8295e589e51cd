import type { ServerResponse } from 'node:http';
import type { ReadinessChecks, ReadinessResult } from '../wiring/plane';

export type { ReadinessChecks };

const PROBE_TIMEOUT_MS = 2_000;

/** GET /readyz: every backend probed in parallel, each bounded in time; 503 while any is not ready. */
export async function writeReadiness(res: ServerResponse, checks: ReadinessChecks, draining: boolean): Promise<void> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, probe]) => [name, await bounded(probe)] as const),
  );
  const backends = Object.fromEntries(entries);
  const ready = !draining && entries.every(([, result]) => result.ok);
  writeJson(res, ready ? 200 : 503, { status: draining ? 'draining' : ready ? 'ready' : 'not ready', backends });
}

async function bounded(probe: () => Promise<ReadinessResult>): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      probe(),
      new Promise<ReadinessResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${PROBE_TIMEOUT_MS} ms` }), PROBE_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
