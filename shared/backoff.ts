/**
 * The one restart policy of everything that restarts itself after a crash: pipegraph's worker supervisor
 * (src/wiring/supervisor.ts) and the embedded stand-ins' own consumers (embedded/restarter.ts). It lives here, outside
 * src/ and embedded/, because embedded/ imports nothing from src/ and src/ imports embedded/ only from main.ts.
 */

/** The restart delay before attempt `attempt` (≥ 1): base·2^(attempt-1), capped, times a jitter factor in [0.75, 1.25). */
export function restartDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.min(30, attempt - 1));
  return Math.round(Math.min(capMs, exponential * (0.75 + random() / 2)));
}
