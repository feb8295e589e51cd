/** A connector or task state, coloured like the lineage graph's nodes. */
export function StateBadge({ state }: { state?: string | null }) {
  const value = state ?? 'UNKNOWN';
  return <span className={`state state-${value.toLowerCase()}`}>{value}</span>;
}
