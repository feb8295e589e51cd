/**
 * A bounded time series for live charts: at most `capacity` points, the oldest dropped first, so a page left open
 * for days holds the same memory as after a minute. Series appear when first seen; earlier points read null.
 */
export class BoundedHistory {
  private readonly times: number[] = [];
  private readonly series = new Map<string, Array<number | null>>();

  constructor(readonly capacity: number) {}

  /** Adds a point at `time` (seconds); a point at the same time as the last one replaces it. */
  push(time: number, values: Record<string, number>): void {
    const replace = this.times.length > 0 && this.times[this.times.length - 1] === time;
    if (!replace) {
      this.times.push(time);
      for (const column of this.series.values()) column.push(null);
    }
    for (const [name, value] of Object.entries(values)) {
      let column = this.series.get(name);
      if (!column) {
        column = this.times.map(() => null);
        this.series.set(name, column);
      }
      column[column.length - 1] = value;
    }
    if (this.times.length > this.capacity) {
      const excess = this.times.length - this.capacity;
      this.times.splice(0, excess);
      for (const column of this.series.values()) column.splice(0, excess);
    }
  }

  get length(): number {
    return this.times.length;
  }

  names(): string[] {
    return [...this.series.keys()];
  }

  /** uPlot's data layout: x values, then one column per series in `names()` order. */
  columns(): [number[], ...Array<Array<number | null>>] {
    return [this.times.slice(), ...[...this.series.values()].map((column) => column.slice())];
  }
}
