import { Restarter } from '../../../embedded/restarter';

/** A restarter whose jitter factor is exactly 1, recording each scheduled delay. */
function restarter(run: () => Promise<void>) {
  const delays: number[] = [];
  const restarts = new Restarter({ run, baseMs: 100, capMs: 1_000, stableMs: 5_000, random: () => 0.5, onCrash: (_error, _attempt, delayMs) => void delays.push(delayMs) });
  return { restarts, delays };
}

describe('embedded Restarter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('backs off exponentially up to the cap while every restart fails', async () => {
    const { restarts, delays } = restarter(async () => {
      throw new Error('broker still gone');
    });
    restarts.crashed(new Error('crash'));
    for (let i = 0; i < 6; i++) await jest.advanceTimersByTimeAsync(1_000);
    restarts.stop();
    expect(delays.slice(0, 6)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('starts again from the base delay once a run stayed up for the stable period', async () => {
    let runs = 0;
    const { restarts, delays } = restarter(async () => void runs++);
    restarts.started();
    restarts.crashed(new Error('fenced'));
    await jest.advanceTimersByTimeAsync(100);
    restarts.crashed(new Error('fenced again at once'));
    await jest.advanceTimersByTimeAsync(200);
    await jest.advanceTimersByTimeAsync(5_000);
    restarts.crashed(new Error('fenced after a stable run'));
    await jest.advanceTimersByTimeAsync(100);
    restarts.stop();
    expect({ runs, delays }).toEqual({ runs: 3, delays: [100, 200, 100] });
  });

  it('ignores a second crash while a restart is pending, and restarts nothing after stop()', async () => {
    let runs = 0;
    const { restarts, delays } = restarter(async () => void runs++);
    restarts.crashed(new Error('crash'));
    restarts.crashed(new Error('the same crash, reported twice'));
    restarts.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    restarts.crashed(new Error('after stop'));
    expect({ runs, delays }).toEqual({ runs: 0, delays: [100] });
  });
});
