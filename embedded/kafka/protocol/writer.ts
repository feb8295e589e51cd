import { writeInt64 } from './reader';

const FIRST_CHUNK = 512;

/**
 * Builds one response frame as a list of buffers: small fields go into a growing scratch buffer, large payloads
 * (record batches) are appended by reference, so a Fetch response never copies the log data it returns.
 * The frame starts with the 4-byte size prefix, filled in by `finish()`.
 */
export class Writer {
  private readonly chunks: Buffer[] = [];
  private scratch: Buffer;
  private start = 0;
  private position = 0;
  private total = 0;

  constructor(sizeHint = FIRST_CHUNK) {
    this.scratch = Buffer.allocUnsafe(Math.max(sizeHint, 16));
    this.int32(0); // size prefix placeholder
  }

  private room(size: number): number {
    if (this.position + size > this.scratch.length) {
      this.flush();
      this.scratch = Buffer.allocUnsafe(Math.max(size, this.scratch.length * 2));
      this.start = 0;
      this.position = 0;
    }
    const at = this.position;
    this.position += size;
    this.total += size;
    return at;
  }

  private flush(): void {
    if (this.position > this.start) this.chunks.push(this.scratch.subarray(this.start, this.position));
    this.start = this.position;
  }

  int8(value: number): this {
    const at = this.room(1); // room() may swap the scratch buffer, so reserve before touching it
    this.scratch.writeInt8(value, at);
    return this;
  }

  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int16(value: number): this {
    const at = this.room(2);
    this.scratch.writeInt16BE(value, at);
    return this;
  }

  int32(value: number): this {
    const at = this.room(4);
    this.scratch.writeInt32BE(value, at);
    return this;
  }

  int64(value: number): this {
    const at = this.room(8);
    writeInt64(this.scratch, value, at);
    return this;
  }

  nullableString(value: string | null | undefined): this {
    if (value === null || value === undefined) return this.int16(-1);
    const length = Buffer.byteLength(value);
    this.int16(length);
    const at = this.room(length);
    this.scratch.write(value, at, length, 'utf8');
    return this;
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  /** Appends by reference when large, so the caller must not mutate `value` afterwards. */
  nullableBytes(value: Buffer | null | undefined): this {
    if (value === null || value === undefined) return this.int32(-1);
    this.int32(value.length);
    return this.raw(value);
  }

  bytes(value: Buffer): this {
    return this.nullableBytes(value);
  }

  raw(value: Buffer): this {
    if (value.length <= 256) {
      const at = this.room(value.length);
      value.copy(this.scratch, at);
      return this;
    }
    this.flush();
    this.chunks.push(value);
    this.total += value.length;
    return this;
  }

  array<T>(items: readonly T[], writeItem: (writer: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null, writeItem: (writer: this, item: T) => void): this {
    if (items === null) return this.int32(-1);
    return this.array(items, writeItem);
  }

  /** The finished frame (size prefix included) as buffers to write in order. */
  finish(): Buffer[] {
    this.flush();
    const first = this.chunks[0]!;
    first.writeInt32BE(this.total - 4, 0);
    return this.chunks;
  }
}
