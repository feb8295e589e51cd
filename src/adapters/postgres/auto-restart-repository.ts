import type { Pool } from 'pg';
import { withPostgresErrors } from './map-error';

/** One row of connector_auto_restart (migrations/0004_connector_auto_restart.sql). */
export interface AutoRestartRow {
  cluster: string;
  connector: string;
  enabled: boolean;
  /** null: no limit */
  maxRestarts: number | null;
  count: number;
  lastRestartAt: Date | null;
}

export interface AutoRestartRepository {
  /** The policies of these connectors of one cluster (missing ones are left out). */
  find(cluster: string, connectors: readonly string[]): Promise<AutoRestartRow[]>;
  /** Every policy of one cluster. */
  list(cluster: string): Promise<AutoRestartRow[]>;
  /** Creates or changes a policy; (re-)enabling a policy that was off or absent starts a fresh count. */
  upsert(policy: { cluster: string; connector: string; enabled: boolean; maxRestarts: number | null }): Promise<AutoRestartRow>;
  /** Creates an enabled, unlimited policy unless the connector already has one (kept as its operator left it). */
  insertIfAbsent(cluster: string, connector: string): Promise<void>;
  /**
   * Advances count from `expected` to expected + 1 and sets last_restart_at, only while the policy is enabled and the
   * count is still `expected`; false when another instance (or a policy change) got there first.
   */
  claimRestart(cluster: string, connector: string, expected: number, at: Date): Promise<boolean>;
  /** Sets count back to 0 if it is still `expected`. */
  resetCount(cluster: string, connector: string, expected: number): Promise<void>;
  /** Drops the policy (the connector was deleted). */
  remove(cluster: string, connector: string): Promise<void>;
}

interface Raw {
  cluster: string;
  connector: string;
  enabled: boolean;
  max_restarts: number | null;
  restart_count: number;
  last_restart_at: Date | null;
}

const COLUMNS = 'cluster, connector, enabled, max_restarts, restart_count, last_restart_at';

const toRow = (r: Raw): AutoRestartRow => ({
  cluster: r.cluster,
  connector: r.connector,
  enabled: r.enabled,
  maxRestarts: r.max_restarts,
  count: r.restart_count,
  lastRestartAt: r.last_restart_at,
});

/** connector_auto_restart over `pg`; every change is one statement, so concurrent instances stay consistent. */
export function createAutoRestartRepository(pool: Pool): AutoRestartRepository {
  return {
    find: (cluster, connectors) =>
      withPostgresErrors(async () => {
        if (connectors.length === 0) return [];
        const result = await pool.query<Raw>(`SELECT ${COLUMNS} FROM connector_auto_restart WHERE cluster = $1 AND connector = ANY($2::text[])`, [cluster, connectors]);
        return result.rows.map(toRow);
      }),

    list: (cluster) =>
      withPostgresErrors(async () => {
        const result = await pool.query<Raw>(`SELECT ${COLUMNS} FROM connector_auto_restart WHERE cluster = $1`, [cluster]);
        return result.rows.map(toRow);
      }),

    upsert: ({ cluster, connector, enabled, maxRestarts }) =>
      withPostgresErrors(async () => {
        const result = await pool.query<Raw>(
          `INSERT INTO connector_auto_restart AS p (cluster, connector, enabled, max_restarts)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (cluster, connector) DO UPDATE
              SET enabled = EXCLUDED.enabled,
                  max_restarts = EXCLUDED.max_restarts,
                  restart_count = CASE WHEN EXCLUDED.enabled AND NOT p.enabled THEN 0 ELSE p.restart_count END,
                  updated_at = now()
           RETURNING ${COLUMNS}`,
          [cluster, connector, enabled, maxRestarts],
        );
        return toRow(result.rows[0]!);
      }),

    insertIfAbsent: (cluster, connector) =>
      withPostgresErrors(async () => {
        await pool.query(`INSERT INTO connector_auto_restart (cluster, connector, enabled) VALUES ($1, $2, true) ON CONFLICT DO NOTHING`, [cluster, connector]);
      }),

    claimRestart: (cluster, connector, expected, at) =>
      withPostgresErrors(async () => {
        const result = await pool.query(
          `UPDATE connector_auto_restart SET restart_count = restart_count + 1, last_restart_at = $4
            WHERE cluster = $1 AND connector = $2 AND restart_count = $3 AND enabled`,
          [cluster, connector, expected, at],
        );
        return result.rowCount === 1;
      }),

    resetCount: (cluster, connector, expected) =>
      withPostgresErrors(async () => {
        await pool.query(`UPDATE connector_auto_restart SET restart_count = 0 WHERE cluster = $1 AND connector = $2 AND restart_count = $3`, [cluster, connector, expected]);
      }),

    remove: (cluster, connector) =>
      withPostgresErrors(async () => {
        await pool.query(`DELETE FROM connector_auto_restart WHERE cluster = $1 AND connector = $2`, [cluster, connector]);
      }),
  };
}
