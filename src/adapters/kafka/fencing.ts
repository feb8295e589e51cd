/**
 * Broker answers to an OffsetCommit that mean "this member's view of the group is stale", not "the data is bad":
 * after a rebalance, a coordinator failover that lost the group's state, or a pause longer than the session timeout.
 * A consumer that commits by hand handles them by rejoining and reprocessing from the last committed offset
 * (at-least-once: the uncommitted batch is handled again, nothing is skipped).
 */
const FENCED = new Set(['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS']);

/** True when kafkajs's error (or one it wraps) is one of the fencing answers. */
export function isFencedCommit(error: unknown): boolean {
  for (let e = error as { type?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) {
    if (typeof e.type === 'string' && FENCED.has(e.type)) return true;
  }
  return false;
}
