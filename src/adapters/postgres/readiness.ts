import type { ReadinessResult } from '../../wiring/plane';
import type { Pool } from './pool';

/** GET /readyz probe: one `SELECT 1` through the pool; the detail is the driver's reason when it fails. */
export function postgresReadiness(pool: Pool): () => Promise<ReadinessResult> {
  return async () => {
    try {
      await pool.query('SELECT 1');
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  };
}
