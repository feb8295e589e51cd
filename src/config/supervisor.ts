import { intFromEnv } from './parse';

/** The worker supervisor (src/wiring/supervisor.ts): how quickly a crashed background worker is restarted. */
export const supervisorEnv = {
  /** First restart delay of a crashed worker; each further attempt doubles it (with ±25 % jitter) up to the cap. */
  WORKER_RESTART_BASE_MS: intFromEnv(500, 10, 600_000),
  /** Longest delay between restarts of a worker that keeps crashing. */
  WORKER_RESTART_MAX_MS: intFromEnv(30_000, 10, 3_600_000),
};

export function supervisorConfig(env: { WORKER_RESTART_BASE_MS: number; WORKER_RESTART_MAX_MS: number }) {
  return { restartBaseMs: env.WORKER_RESTART_BASE_MS, restartMaxMs: env.WORKER_RESTART_MAX_MS };
}
