/**
 * Connector auto-restart, after Strimzi's `autoRestart`: a FAILED connector (or a RUNNING one with FAILED tasks) is
 * restarted at once, then again after n² + n backoff units while it keeps failing (n = restarts so far: 2, 6, 12, 20,
 * 30, 42, 56, then every 60 units; a unit is a minute unless CONNECT_AUTO_RESTART_UNIT_MS says otherwise), until
 * maxRestarts restarts were made. Once the connector and all its tasks have been seen RUNNING without a break for as
 * long as the next backoff would have been, the count goes back to 0. Pure functions: the clock is a parameter.
 */

/** The backoff stops growing here: 60 units (an hour with the default unit). */
export const MAX_BACKOFF_UNITS = 60;

/** Time to wait after the `count`-th restart before the next one: min(count² + count, 60) units. */
export function restartBackoffMs(count: number, unitMs: number): number {
  return Math.min(count * count + count, MAX_BACKOFF_UNITS) * unitMs;
}

/** The policy as stored (migrations/0004_connector_auto_restart.sql). */
export interface AutoRestartPolicy {
  enabled: boolean;
  /** null: no limit */
  maxRestarts: number | null;
  /** restarts since the last reset */
  count: number;
  lastRestartAt: Date | null;
}

/**
 * FAILING: the connector or a task is FAILED (and the connector is not PAUSED or STOPPED: an operator's choice stands).
 * HEALTHY: the connector and every task RUNNING. OTHER: anything in between (RESTARTING, UNASSIGNED, PAUSED, STOPPED).
 */
export type ConnectorHealth = 'FAILING' | 'HEALTHY' | 'OTHER';

export function healthOf(connectorState: string, taskStates: readonly string[]): ConnectorHealth {
  if (connectorState === 'PAUSED' || connectorState === 'STOPPED') return 'OTHER';
  if (connectorState === 'FAILED' || taskStates.includes('FAILED')) return 'FAILING';
  return connectorState === 'RUNNING' && taskStates.every((s) => s === 'RUNNING') ? 'HEALTHY' : 'OTHER';
}

export type AutoRestartDecision = 'RESTART' | 'RESET' | 'WAIT' | 'NONE';

const exhausted = (p: AutoRestartPolicy) => p.maxRestarts !== null && p.count >= p.maxRestarts;

/** When the next restart of a failing connector is due (epoch ms); at once when none was made since the last reset. */
function dueAt(policy: AutoRestartPolicy, unitMs: number): number {
  if (policy.count === 0 || !policy.lastRestartAt) return Number.NEGATIVE_INFINITY;
  return policy.lastRestartAt.getTime() + restartBackoffMs(policy.count, unitMs);
}

/**
 * What the poller does now about one connector. `healthySince` is when it was first seen HEALTHY in the current
 * unbroken run of HEALTHY polls (undefined when it is not HEALTHY now).
 */
export function decideAutoRestart(policy: AutoRestartPolicy, health: ConnectorHealth, healthySince: number | undefined, now: number, unitMs: number): AutoRestartDecision {
  if (!policy.enabled) return 'NONE';
  if (health === 'FAILING') {
    if (exhausted(policy)) return 'NONE';
    return now >= dueAt(policy, unitMs) ? 'RESTART' : 'WAIT';
  }
  if (health === 'HEALTHY' && policy.count > 0 && healthySince !== undefined && now - healthySince >= restartBackoffMs(policy.count, unitMs)) return 'RESET';
  return 'NONE';
}

/** `Connector.autoRestart`: where the policy stands. */
export interface AutoRestartView {
  enabled: boolean;
  count: number;
  maxRestarts: number | null;
  lastRestartAt: Date | null;
  /** when the poller will restart the failing connector next; null when it is not failing, exhausted or disabled */
  nextRestartAt: Date | null;
}

export function autoRestartView(policy: AutoRestartPolicy, health: ConnectorHealth, now: number, unitMs: number): AutoRestartView {
  const failingWithRestartsLeft = policy.enabled && health === 'FAILING' && !exhausted(policy);
  return {
    enabled: policy.enabled,
    count: policy.count,
    maxRestarts: policy.maxRestarts,
    lastRestartAt: policy.lastRestartAt,
    // A restart already due happens at the next status poll: shown as now.
    nextRestartAt: failingWithRestartsLeft ? new Date(Math.max(now, dueAt(policy, unitMs))) : null,
  };
}
