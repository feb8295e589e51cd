/**
 * In-memory index of the batches in one segment: base offset, file position and max timestamp per batch, in growable
 * typed arrays (about 24 bytes a batch) so a log of millions of single-record batches stays compact.
 * Binary search answers "which batch holds offset N" and "first batch with a timestamp >= T".
 */
export class BatchIndex {
  private offsets = new Float64Array(64);
  private positions = new Float64Array(64);
  private timestamps = new Float64Array(64);
  count = 0;

  push(baseOffset: number, position: number, maxTimestamp: number): void {
    if (this.count === this.offsets.length) this.grow();
    this.offsets[this.count] = baseOffset;
    this.positions[this.count] = position;
    this.timestamps[this.count] = maxTimestamp;
    this.count++;
  }

  private grow(): void {
    const size = this.offsets.length * 2;
    const offsets = new Float64Array(size);
    offsets.set(this.offsets);
    const positions = new Float64Array(size);
    positions.set(this.positions);
    const timestamps = new Float64Array(size);
    timestamps.set(this.timestamps);
    this.offsets = offsets;
    this.positions = positions;
    this.timestamps = timestamps;
  }

  baseOffset(i: number): number {
    return this.offsets[i]!;
  }

  position(i: number): number {
    return this.positions[i]!;
  }

  maxTimestamp(i: number): number {
    return this.timestamps[i]!;
  }

  /** Index of the last batch whose base offset is <= offset, or -1. */
  floor(offset: number): number {
    let low = 0;
    let high = this.count - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.offsets[mid]! <= offset) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** Index of the first batch with maxTimestamp >= timestamp (max timestamps need not be monotonic), or -1. */
  firstAtOrAfter(timestamp: number, fromIndex = 0): number {
    for (let i = fromIndex; i < this.count; i++) if (this.timestamps[i]! >= timestamp) return i;
    return -1;
  }

  /** Drops the entries from `index` on (used when truncating a torn tail). */
  truncate(index: number): void {
    this.count = Math.min(this.count, Math.max(0, index));
  }
}
