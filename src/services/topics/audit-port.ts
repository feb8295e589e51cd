import type { Caller } from '../../auth/roles';
import { isAppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';

import type { AuditEntry } from '../audit';

export type { AuditEntry };

/** What the topics plane needs from the audit service; the container adapts the real one. */
export interface AuditRecorder {
  record(entry: AuditEntry): Promise<void>;
}

/**
 * Runs a mutation and records its outcome. A failing audit write is logged, never turned into a failure of a change
 * that already happened on the broker.
 */
export async function audited<T>(
  audit: AuditRecorder | undefined,
  logger: Logger,
  caller: Caller,
  operation: string,
  target: string,
  input: Record<string, unknown>,
  run: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const write = (outcome: 'ok' | 'error', errorCode?: string) =>
    audit
      ?.record({ callerId: caller.id, callerRole: caller.role, operation, target, input, outcome, errorCode, durationMs: Date.now() - started })
      .catch((error) => logger.warn({ err: (error as Error).message, operation, target }, 'audit write failed'));
  try {
    const result = await run();
    await write('ok');
    return result;
  } catch (error) {
    await write('error', isAppError(error) ? error.code : 'INTERNAL_SERVER_ERROR');
    throw error;
  }
}
