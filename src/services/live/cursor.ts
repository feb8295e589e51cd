import { createHash } from 'node:crypto';
import { badInput } from '../../errors/app-error';

/**
 * Live cursors are opaque to clients: base64url of `[v, scope, [offset per partition…]]`, where each offset is the next
 * one to deliver in that partition and `scope` is a short hash of the topic, so a cursor is refused on another stream.
 * Holding positions for *every* partition is what makes resume exact: all earlier records of every partition were
 * delivered or filtered out, all later ones will be.
 */
const VERSION = 1;
const MAX_LENGTH = 16_384;

export function topicScope(topic: string): string {
  return createHash('sha256').update(topic).digest('base64url').slice(0, 8);
}

export function encodeLiveCursor(scope: string, positions: readonly number[]): string {
  // Holes (partitions never seen) are written as -1 and read back as "unknown".
  const list: number[] = [];
  for (let p = 0; p < positions.length; p++) list.push(positions[p] ?? -1);
  return Buffer.from(JSON.stringify([VERSION, scope, list])).toString('base64url');
}

/** Positions by partition; BAD_USER_INPUT on `field` when the cursor is malformed or belongs to another topic. */
export function decodeLiveCursor(cursor: string, scope: string, field: string): Map<number, number> {
  const invalid = () => badInput(field, `${field} is not a valid live cursor`);
  if (cursor.length === 0 || cursor.length > MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded[0] !== VERSION || typeof decoded[1] !== 'string' || !Array.isArray(decoded[2])) throw invalid();
  if (decoded[1] !== scope) throw badInput(field, `${field} was issued for another topic`);
  const positions = new Map<number, number>();
  (decoded[2] as unknown[]).forEach((offset, partition) => {
    if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < -1) throw invalid();
    if (offset >= 0) positions.set(partition, offset);
  });
  return positions;
}
