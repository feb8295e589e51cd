/** Thrown when a request does not match the layout its API key and version promise; the server closes that connection. */
export class MalformedRequestError extends Error {
  override readonly name = 'MalformedRequestError';
}

const TWO_POW_32 = 4294967296;

/**
 * Big-endian cursor over one request frame (non-flexible Kafka encodings only: every version the broker accepts
 * predates tagged fields). Every read is bounds-checked, so a truncated or lying frame throws MalformedRequestError
 * instead of reading another request's bytes or allocating a huge array.
 */
export class Reader {
  offset: number;

  constructor(
    readonly buffer: Buffer,
    offset = 0,
    readonly end = buffer.length,
  ) {
    this.offset = offset;
  }

  remaining(): number {
    return this.end - this.offset;
  }

  private take(size: number): number {
    const at = this.offset;
    if (size < 0 || at + size > this.end) throw new MalformedRequestError(`needs ${size} bytes at ${at}, frame ends at ${this.end}`);
    this.offset = at + size;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buffer.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.take(4));
  }

  /** int64 as a JS number: offsets, timestamps and producer ids stay far below 2^53. */
  int64(): number {
    const at = this.take(8);
    return this.buffer.readInt32BE(at) * TWO_POW_32 + this.buffer.readUInt32BE(at + 4);
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buffer.toString('utf8', at, at + length);
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new MalformedRequestError('null where a string is required');
    return value;
  }

  /** A slice (no copy) of the frame; callers that keep it beyond the request copy it. */
  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buffer.subarray(at, at + length);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  nullableArray<T>(readItem: (reader: Reader) => T): T[] | null {
    const count = this.int32();
    if (count < 0) return null;
    // Each element takes at least one byte, so a count beyond the remaining bytes is a lie, not a big array.
    if (count > this.remaining()) throw new MalformedRequestError(`array of ${count} in ${this.remaining()} bytes`);
    const items = new Array<T>(count);
    for (let i = 0; i < count; i++) items[i] = readItem(this);
    return items;
  }

  array<T>(readItem: (reader: Reader) => T): T[] {
    return this.nullableArray(readItem) ?? [];
  }
}

/** Reads a big-endian int64 at `at` as a number (offsets, timestamps). */
export function readInt64(buffer: Buffer, at: number): number {
  return buffer.readInt32BE(at) * TWO_POW_32 + buffer.readUInt32BE(at + 4);
}

/** Writes a number as big-endian int64 at `at`; valid for |value| < 2^53. */
export function writeInt64(buffer: Buffer, value: number, at: number): void {
  const high = Math.floor(value / TWO_POW_32);
  buffer.writeInt32BE(high, at);
  buffer.writeUInt32BE(value - high * TWO_POW_32, at + 4);
}
