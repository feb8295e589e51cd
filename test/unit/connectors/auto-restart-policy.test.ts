import { autoRestartView, decideAutoRestart, healthOf, restartBackoffMs, type AutoRestartPolicy } from '../../../src/services/connectors/auto-restart-policy';

const MINUTE = 60_000;
const policy = (p: Partial<AutoRestartPolicy> = {}): AutoRestartPolicy => ({ enabled: true, maxRestarts: null, count: 0, lastRestartAt: null, ...p });

describe('auto-restart backoff', () => {
  test("waits Strimzi's n² + n units after the n-th restart: 2, 6, 12, 20, 30, 42, 56, then 60 for ever", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => restartBackoffMs(n, MINUTE) / MINUTE)).toEqual([2, 6, 12, 20, 30, 42, 56, 60, 60, 60]);
  });

  test('scales with the configured unit', () => {
    expect(restartBackoffMs(3, 10)).toBe(120);
  });
});

describe('connector health', () => {
  test('a FAILED connector or a FAILED task is failing; PAUSED and STOPPED connectors are left alone', () => {
    expect(healthOf('FAILED', [])).toBe('FAILING');
    expect(healthOf('RUNNING', ['RUNNING', 'FAILED'])).toBe('FAILING');
    expect(healthOf('PAUSED', ['FAILED'])).toBe('OTHER');
    expect(healthOf('STOPPED', [])).toBe('OTHER');
  });

  test('healthy only when the connector and every task are RUNNING', () => {
    expect(healthOf('RUNNING', ['RUNNING', 'RUNNING'])).toBe('HEALTHY');
    expect(healthOf('RUNNING', ['RUNNING', 'RESTARTING'])).toBe('OTHER');
    expect(healthOf('UNASSIGNED', [])).toBe('OTHER');
  });
});

describe('auto-restart decisions', () => {
  const t0 = Date.UTC(2026, 0, 1);

  test('restarts a failing connector at once when no restart was made since the last reset', () => {
    expect(decideAutoRestart(policy(), 'FAILING', undefined, t0, MINUTE)).toBe('RESTART');
  });

  test('waits out the backoff after each restart, then restarts again', () => {
    const after2 = policy({ count: 2, lastRestartAt: new Date(t0) });
    expect(decideAutoRestart(after2, 'FAILING', undefined, t0 + 6 * MINUTE - 1, MINUTE)).toBe('WAIT');
    expect(decideAutoRestart(after2, 'FAILING', undefined, t0 + 6 * MINUTE, MINUTE)).toBe('RESTART');
  });

  test('stops after maxRestarts restarts', () => {
    const spent = policy({ count: 3, maxRestarts: 3, lastRestartAt: new Date(t0) });
    expect(decideAutoRestart(spent, 'FAILING', undefined, t0 + 10 * 60 * MINUTE, MINUTE)).toBe('NONE');
    expect(decideAutoRestart({ ...spent, maxRestarts: 4 }, 'FAILING', undefined, t0 + 12 * MINUTE, MINUTE)).toBe('RESTART');
  });

  test('does nothing while disabled, or while the connector is paused, stopped or restarting', () => {
    expect(decideAutoRestart(policy({ enabled: false }), 'FAILING', undefined, t0, MINUTE)).toBe('NONE');
    expect(decideAutoRestart(policy(), 'OTHER', undefined, t0, MINUTE)).toBe('NONE');
  });

  test('resets the count once the connector has run for as long as the next backoff, not before', () => {
    const after1 = policy({ count: 1, lastRestartAt: new Date(t0) });
    const healthySince = t0 + MINUTE;
    expect(decideAutoRestart(after1, 'HEALTHY', healthySince, healthySince + 2 * MINUTE - 1, MINUTE)).toBe('NONE');
    expect(decideAutoRestart(after1, 'HEALTHY', healthySince, healthySince + 2 * MINUTE, MINUTE)).toBe('RESET');
    expect(decideAutoRestart(policy(), 'HEALTHY', healthySince, healthySince + 60 * MINUTE, MINUTE)).toBe('NONE');
  });
});

describe('Connector.autoRestart view', () => {
  const t0 = Date.UTC(2026, 0, 1);

  test('shows when the next restart of a failing connector is due', () => {
    const view = autoRestartView(policy({ count: 3, maxRestarts: 5, lastRestartAt: new Date(t0) }), 'FAILING', t0 + MINUTE, MINUTE);
    expect(view).toEqual({ enabled: true, count: 3, maxRestarts: 5, lastRestartAt: new Date(t0), nextRestartAt: new Date(t0 + 12 * MINUTE) });
  });

  test('a restart already due shows as now', () => {
    expect(autoRestartView(policy(), 'FAILING', t0, MINUTE).nextRestartAt).toEqual(new Date(t0));
  });

  test('no next restart while healthy, disabled or out of restarts', () => {
    expect(autoRestartView(policy({ count: 1, lastRestartAt: new Date(t0) }), 'HEALTHY', t0, MINUTE).nextRestartAt).toBeNull();
    expect(autoRestartView(policy({ enabled: false }), 'FAILING', t0, MINUTE).nextRestartAt).toBeNull();
    expect(autoRestartView(policy({ count: 2, maxRestarts: 2, lastRestartAt: new Date(t0) }), 'FAILING', t0, MINUTE).nextRestartAt).toBeNull();
  });
});
