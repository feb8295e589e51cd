import { createHash } from 'node:crypto';
import { badInput } from '../../errors/app-error';

/**
 * Opaque keyset cursors: base64url of a JSON array `[scope, ...sort key values]`. The scope is a short hash of what the
 * key means (query, table, order), so a cursor from another table or ordering is refused instead of silently
 * paging from a wrong position. Cursors carry no secrets; tampering yields at most a different position.
 */
const MAX_CURSOR_LENGTH = 4_096;

export function cursorScope(...parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

export function encodeCursor(scope: string, values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify([scope, ...values]), 'utf8').toString('base64url');
}

/**
 * encodeCursor for values that need no JSON escaping (base64url scopes, PostgreSQL timestamp text, integers), built
 * without JSON.stringify: a page encodes up to 1000 of these per request.
 */
export function encodePlainCursor(scope: string, text: string, integer: number): string {
  return Buffer.from(`["${scope}","${text}",${integer}]`, 'latin1').toString('base64url');
}

/** Returns the key values, or throws BAD_USER_INPUT on `field` (default `after`) for anything not minted for `scope`. */
export function decodeCursor(cursor: string, scope: string, field = 'after'): unknown[] {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw badInput(field, `${field} is not a valid cursor`);
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(field, `${field} is not a valid cursor`);
  }
  if (!Array.isArray(decoded) || decoded.length < 1) throw badInput(field, `${field} is not a valid cursor`);
  if (decoded[0] !== scope) {
    throw badInput(field, `${field} is a cursor from a different query (another table or orderBy); start again without ${field}`);
  }
  return decoded.slice(1);
}
