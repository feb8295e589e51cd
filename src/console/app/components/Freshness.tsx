interface Stats {
  freshnessMs?: number | null;
  partial?: boolean | null;
  cached?: boolean | null;
}

/** Freshness and partial-result flags exactly as the API returned them. */
export function Freshness({ stats, events, status }: { stats?: Stats; events?: number; status?: string }) {
  return (
    <p className="freshness">
      {status ? <span className={`stream stream-${status}`}>{status}</span> : null}
      {events !== undefined ? <span>{events} updates</span> : null}
      {stats?.freshnessMs !== undefined && stats.freshnessMs !== null ? <span data-freshness>data {formatMs(stats.freshnessMs)} old</span> : null}
      {stats?.partial ? <span className="partial">partial result</span> : null}
      {stats?.cached ? <span>cached</span> : null}
    </p>
  );
}

function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
