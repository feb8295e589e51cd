import type { AuditRepository, AuditRow } from '../../adapters/postgres/audit-repository';
import type { Caller } from '../../auth/roles';
import { badInput, isAppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { redactSecrets } from '../../secrets';

/** One control mutation as the audit log stores it (migrations/0003_audit_log.sql). Inputs carry no secrets. */
export interface AuditEntry {
  callerId: string;
  callerRole: string;
  operation: string;
  target: string;
  input: Record<string, unknown>;
  outcome: 'ok' | 'error';
  errorCode?: string;
  durationMs: number;
}

export interface AuditPage {
  edges: Array<{ cursor: string; node: AuditRow }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface AuditServiceOptions {
  repository: AuditRepository;
  logger: Logger;
  /** `first` when omitted. @default 50 */
  defaultPageSize?: number;
  /** larger `first` is BAD_USER_INPUT. @default 500 */
  maxPageSize?: number;
}

const encodeCursor = (id: string) => Buffer.from(`audit:${id}`).toString('base64url');

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^audit:(\d{1,19})$/.exec(text);
  if (!match) throw badInput('after', 'after is not a cursor from auditLog');
  return match[1]!;
}

/**
 * The audit log of control mutations. `record` and `wrap` redact secrets from the input themselves, so no caller can
 * store a password by mistake. Writing never fails the audited change: errors are logged (the change already happened).
 */
export function createAuditService({ repository, logger, defaultPageSize = 50, maxPageSize = 500 }: AuditServiceOptions) {
  async function record(entry: AuditEntry): Promise<void> {
    await repository.insert({ ...entry, input: redactSecrets(entry.input ?? {}), errorCode: entry.errorCode ?? null });
  }

  return {
    record,

    /**
     * Runs `run`, then appends one audit row with its outcome (error code when it threw) and duration, and returns or
     * rethrows run's result. The audit write is awaited but its failure only logs.
     */
    async wrap<T>(caller: Caller, operation: string, target: string, input: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
      const started = Date.now();
      const write = (outcome: 'ok' | 'error', errorCode?: string) =>
        record({ callerId: caller.id, callerRole: caller.role, operation, target, input, outcome, errorCode, durationMs: Date.now() - started }).catch((error) =>
          logger.warn({ err: (error as Error).message, operation, target }, 'audit write failed'),
        );
      try {
        const result = await run();
        await write('ok');
        return result;
      } catch (error) {
        await write('error', isAppError(error) ? error.code : 'INTERNAL_SERVER_ERROR');
        throw error;
      }
    },

    /** Newest first; `after` is the endCursor of the previous page. */
    async page({ first, after, target, operation }: { first?: number | null; after?: string | null; target?: string | null; operation?: string | null }): Promise<AuditPage> {
      const size = first ?? defaultPageSize;
      if (!Number.isInteger(size) || size < 1 || size > maxPageSize) throw badInput('first', `first must be between 1 and ${maxPageSize}`);
      const beforeId = after ? decodeCursor(after) : undefined;
      const rows = await repository.page({ limit: size + 1, beforeId, target: target ?? undefined, operation: operation ?? undefined });
      const nodes = rows.slice(0, size);
      const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
      return {
        edges,
        pageInfo: {
          hasNextPage: rows.length > size,
          hasPreviousPage: beforeId !== undefined,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
