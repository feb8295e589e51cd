import { createLogger } from '../../../src/logging/logger';
import { metricsRegistry } from '../../../src/observability/metrics';
import { restartDelay } from '../../../shared/backoff';
import { errorCode, Supervisor, type WorkerRun } from '../../../src/wiring/supervisor';
import { waitFor } from '../../helpers/wait-for';

const logger = createLogger({ level: 'silent' });

function supervisor(baseMs = 20, capMs = 80) {
  return new Supervisor({ baseMs, capMs, stableMs: 60_000, logger });
}

class ProtocolError extends Error {
  constructor(readonly type: string) {
    super(`protocol error ${type}`);
  }
}

async function restartCount(worker: string, code: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('pipegraph_worker_restarts_total')!.get();
  return metric.values.find((v) => v.labels.worker === worker && v.labels.code === code)?.value ?? 0;
}

describe('restartDelay', () => {
  it('doubles from the base per attempt and never exceeds the cap', () => {
    const middle = () => 0.5; // jitter factor exactly 1
    expect([1, 2, 3, 4, 5, 6].map((n) => restartDelay(n, 100, 1_000, middle))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('jitters within [0.75, 1.25) of the exponential delay, still capped', () => {
    expect(restartDelay(1, 100, 1_000, () => 0)).toBe(75);
    expect(restartDelay(1, 100, 1_000, () => 0.999)).toBe(125);
    expect(restartDelay(10, 100, 1_000, () => 0.999)).toBe(1_000);
  });
});

describe('errorCode', () => {
  it('prefers a protocol error type, then a code, walking wrapped causes', () => {
    expect(errorCode(new ProtocolError('ILLEGAL_GENERATION'))).toBe('ILLEGAL_GENERATION');
    expect(errorCode(Object.assign(new Error('retries exceeded'), { name: 'Wrapper', cause: new ProtocolError('UNKNOWN_MEMBER_ID') }))).toBe('UNKNOWN_MEMBER_ID');
    expect(errorCode(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(errorCode(new Error('plain'))).toBe('UNKNOWN');
    expect(errorCode('a string')).toBe('UNKNOWN');
  });
});

describe('Supervisor', () => {
  it('restarts a worker that crashes while running, with a fresh run each time', async () => {
    const sup = supervisor();
    const runs: WorkerRun[] = [];
    const stopped: number[] = [];
    try {
      await sup.supervise({
        name: 'crashy',
        async start(run) {
          runs.push(run);
          return { stop: async () => void stopped.push(run.attempt) };
        },
      });
      await waitFor(() => runs.length === 1, { what: 'first run' });
      runs[0]!.crash(new ProtocolError('ILLEGAL_GENERATION'));
      await waitFor(() => runs.length === 2, { what: 'second run' });
      expect(stopped).toEqual([1]);
      expect(runs[1]!.attempt).toBe(2);
      await waitFor(() => sup.statuses()[0]!.state === 'up', { what: 'up again' });
      expect(sup.statuses()[0]).toMatchObject({ restarts: 1, lastErrorCode: 'ILLEGAL_GENERATION' });
    } finally {
      await sup.stop();
    }
  });

  it('ignores a second crash report from a run that was already replaced', async () => {
    const sup = supervisor();
    const runs: WorkerRun[] = [];
    try {
      await sup.supervise({ name: 'twice', start: async (run) => (runs.push(run), { stop: async () => undefined }) });
      await waitFor(() => runs.length === 1);
      runs[0]!.crash(new Error('first'));
      runs[0]!.crash(new Error('again'));
      await waitFor(() => runs.length === 2, { what: 'second run' });
      runs[0]!.crash(new Error('late'));
      await waitFor(() => sup.statuses()[0]!.state === 'up');
      expect(sup.statuses()[0]).toMatchObject({ restarts: 1, lastError: 'first' });
    } finally {
      await sup.stop();
    }
  });

  it('retries a start that keeps failing with growing, capped delays — never a tight loop', async () => {
    const sup = new Supervisor({ baseMs: 40, capMs: 160, stableMs: 60_000, logger, random: () => 0 });
    const attempts: number[] = [];
    try {
      await sup.supervise({
        name: 'never-starts',
        async start() {
          attempts.push(Date.now());
          throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
        },
      });
      await waitFor(() => attempts.length >= 6, { what: 'six attempts', timeoutMs: 10_000 });
    } finally {
      await sup.stop();
    }
    const gaps = attempts.slice(1, 6).map((t, i) => t - attempts[i]!);
    // random() = 0 gives 0.75 × (40, 80, 160, 160, 160): a timer never fires early.
    [30, 60, 120, 120, 120].forEach((least, i) => expect(gaps[i]).toBeGreaterThanOrEqual(least - 2));
  });

  it('shows a recovering worker on /readyz with attempt, next start and last error, then turns green', async () => {
    const sup = new Supervisor({ baseMs: 300, capMs: 300, logger, random: () => 0.5 });
    let fail = true;
    try {
      await sup.supervise({
        name: 'enricher',
        async start() {
          if (fail) throw new Error('database unavailable');
          return { stop: async () => undefined };
        },
      });
      const probe = sup.readiness('enricher', () => 'up; 3 enriched');
      const recovering = await probe();
      expect(recovering.ok).toBe(false);
      expect(recovering.detail).toMatch(/^recovering \(attempt 1, next in \d+ ms\); last error: database unavailable$/);
      const wait = Number(/next in (\d+) ms/.exec(recovering.detail!)![1]);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(300);
      fail = false;
      expect(await waitFor(async () => ((await probe()).ok ? probe() : undefined), { what: 'ready' })).toEqual({ ok: true, detail: 'up; 3 enriched' });
    } finally {
      await sup.stop();
    }
    expect(await sup.readiness('enricher')()).toEqual({ ok: false, detail: 'stopped' });
  });

  it('reports every worker of a kind together (the live readers)', async () => {
    const sup = new Supervisor({ baseMs: 5_000, capMs: 5_000, logger });
    const runs = new Map<string, WorkerRun>();
    try {
      for (const name of ['reader:a', 'reader:b']) {
        await sup.supervise({ name, kind: 'reader', start: async (run) => (runs.set(name, run), { stop: async () => undefined }) });
      }
      const probe = sup.kindReadiness('reader');
      await waitFor(async () => (await probe()).ok, { what: 'both up' });
      expect(await probe()).toEqual({ ok: true, detail: '2 running' });
      runs.get('reader:b')!.crash(new Error('broker gone'));
      await waitFor(async () => !(await probe()).ok, { what: 'b recovering' });
      expect((await probe()).detail).toMatch(/^reader:b: recovering \(attempt 1, next in \d+ ms\); last error: broker gone$/);
    } finally {
      await sup.stop();
    }
  });

  it('counts restarts by worker kind and by the error code that ended the run', async () => {
    const sup = supervisor();
    const before = await restartCount('counted', 'UNKNOWN_MEMBER_ID');
    let run: WorkerRun | undefined;
    try {
      await sup.supervise({ name: 'counted-1', kind: 'counted', start: async (r) => ((run = r), { stop: async () => undefined }) });
      await waitFor(() => run?.attempt === 1);
      run!.crash(new ProtocolError('UNKNOWN_MEMBER_ID'));
      await waitFor(() => run?.attempt === 2, { what: 'restart' });
    } finally {
      await sup.stop();
    }
    expect(await restartCount('counted', 'UNKNOWN_MEMBER_ID')).toBe(before + 1);
  });

  it('stop() stops the running worker and cancels a pending restart', async () => {
    const sup = new Supervisor({ baseMs: 100, capMs: 100, logger });
    let starts = 0;
    let stops = 0;
    let run: WorkerRun | undefined;
    await sup.supervise({ name: 'w', start: async (r) => ((run = r), starts++, { stop: async () => void stops++ }) });
    await waitFor(() => starts === 1);
    run!.crash(new Error('boom'));
    await waitFor(() => sup.statuses()[0]?.state === 'recovering');
    await sup.stop();
    expect(sup.statuses()).toEqual([]);
    // Wait past the restart delay: no run may start after stop().
    const deadline = Date.now() + 250;
    await waitFor(() => Date.now() > deadline, { what: 'restart delay passed' });
    expect(starts).toBe(1);
    expect(stops).toBe(1);
  });

  it('with firstRunMustStart, rejects with the start error and supervises nothing', async () => {
    const sup = supervisor();
    let starts = 0;
    await expect(
      sup.supervise(
        {
          name: 'subscriber-reader',
          async start() {
            starts++;
            throw new Error('topic does not exist');
          },
        },
        { firstRunMustStart: true },
      ),
    ).rejects.toThrow('topic does not exist');
    expect(sup.statuses()).toEqual([]);
    const deadline = Date.now() + 100;
    await waitFor(() => Date.now() > deadline);
    expect(starts).toBe(1);
    await sup.stop();
  });
});
