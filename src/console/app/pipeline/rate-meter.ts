/**
 * Events per second of growing counters (topic end offsets, committed offsets), over a sliding window of samples so
 * one late sample does not make the rate jump. A counter that goes back (offsets reset) restarts its window.
 */
export class RateMeter {
  private readonly samples = new Map<string, Array<{ at: number; value: number }>>();

  constructor(private readonly windowMs = 10_000) {}

  observe(key: string, value: number, at: number): void {
    let series = this.samples.get(key);
    if (!series || (series.length > 0 && value < series[series.length - 1]!.value)) {
      series = [];
      this.samples.set(key, series);
    }
    series.push({ at, value });
    while (series.length > 2 && at - series[0]!.at > this.windowMs) series.shift();
  }

  /** undefined until two samples at least 500 ms apart exist. */
  rate(key: string): number | undefined {
    const series = this.samples.get(key);
    if (!series || series.length < 2) return undefined;
    const first = series[0]!;
    const last = series[series.length - 1]!;
    const seconds = (last.at - first.at) / 1_000;
    return seconds >= 0.5 ? (last.value - first.value) / seconds : undefined;
  }
}
