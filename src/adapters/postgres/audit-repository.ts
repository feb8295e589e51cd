import type { Pool } from 'pg';
import { withPostgresErrors } from './map-error';

/** One row of audit_log (migrations/0003_audit_log.sql). */
export interface AuditRow {
  id: string;
  at: Date;
  callerId: string;
  callerRole: string;
  operation: string;
  target: string;
  input: Record<string, unknown>;
  outcome: 'ok' | 'error';
  errorCode: string | null;
  durationMs: number;
}

export type NewAuditRow = Omit<AuditRow, 'id' | 'at' | 'errorCode'> & { errorCode?: string | null };

export interface AuditPageQuery {
  /** rows to return */
  limit: number;
  /** only rows with a smaller id (newest first paging) */
  beforeId?: string;
  target?: string;
  operation?: string;
}

export interface AuditRepository {
  insert(row: NewAuditRow): Promise<void>;
  /** Newest first. */
  page(query: AuditPageQuery): Promise<AuditRow[]>;
}

/** audit_log over `pg`: appends and newest-first keyset pages (indexes on (target, id) and (operation, id)). */
export function createAuditRepository(pool: Pool): AuditRepository {
  return {
    insert: (row) =>
      withPostgresErrors(async () => {
        await pool.query(
          `INSERT INTO audit_log (caller_id, caller_role, operation, target, input, outcome, error_code, duration_ms)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
          [row.callerId, row.callerRole, row.operation, row.target, JSON.stringify(row.input), row.outcome, row.errorCode ?? null, Math.max(0, Math.round(row.durationMs))],
        );
      }),

    page: ({ limit, beforeId, target, operation }) =>
      withPostgresErrors(async () => {
        const where: string[] = [];
        const params: unknown[] = [];
        if (beforeId !== undefined) where.push(`audit_log.id < $${params.push(beforeId)}::bigint`);
        if (target !== undefined) where.push(`target = $${params.push(target)}`);
        if (operation !== undefined) where.push(`operation = $${params.push(operation)}`);
        // Ordered by the table's bigint id, not the text alias of the select list.
        const result = await pool.query<{
          id: string;
          at: Date;
          caller_id: string;
          caller_role: string;
          operation: string;
          target: string;
          input: Record<string, unknown>;
          outcome: 'ok' | 'error';
          error_code: string | null;
          duration_ms: number;
        }>(
          `SELECT id::text AS id, at, caller_id, caller_role, operation, target, input, outcome, error_code, duration_ms
             FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
            ORDER BY audit_log.id DESC LIMIT $${params.push(limit)}`,
          params,
        );
        return result.rows.map((r) => ({
          id: r.id,
          at: r.at,
          callerId: r.caller_id,
          callerRole: r.caller_role,
          operation: r.operation,
          target: r.target,
          input: r.input,
          outcome: r.outcome,
          errorCode: r.error_code,
          durationMs: r.duration_ms,
        }));
      }),
  };
}
