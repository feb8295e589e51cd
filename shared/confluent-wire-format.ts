/**
 * Confluent's wire format: magic byte 0, the schema id as a big-endian int32, then the payload (for Protobuf prefixed
 * by the message indexes: a zig-zag varint count and each index, with `[0]` abbreviated to the single byte 0).
 * Shared by pipegraph's registry adapter and the stand-ins that read or write the format (Connect's converters).
 */
export const MAGIC_BYTE = 0;
export const HEADER_BYTES = 5;

export function readWireHeader(value: Buffer | null): { schemaId: number; payload: Buffer } | undefined {
  if (!value || value.length < HEADER_BYTES || value[0] !== MAGIC_BYTE) return undefined;
  return { schemaId: value.readInt32BE(1), payload: value.subarray(HEADER_BYTES) };
}

export function writeWireHeader(schemaId: number, ...payload: Buffer[]): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, ...payload]);
}

function readZigZag(buffer: Buffer, at: number): { value: number; next: number } {
  let result = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    if (i >= buffer.length || shift > 28) throw new Error('Invalid message indexes');
    const byte = buffer[i++]!;
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  return { value: (result >>> 1) ^ -(result & 1), next: i };
}

function writeZigZag(n: number): number[] {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** The Protobuf message indexes at the start of a payload, and the message bytes after them. */
export function readMessageIndexes(payload: Buffer): { indexes: number[]; message: Buffer } {
  const count = readZigZag(payload, 0);
  if (count.value === 0) return { indexes: [0], message: payload.subarray(count.next) };
  if (count.value < 0 || count.value > 100) throw new Error(`Invalid message indexes count ${count.value}`);
  const indexes: number[] = [];
  let at = count.next;
  for (let i = 0; i < count.value; i++) {
    const index = readZigZag(payload, at);
    indexes.push(index.value);
    at = index.next;
  }
  return { indexes, message: payload.subarray(at) };
}

export function writeMessageIndexes(indexes: number[]): Buffer {
  if (indexes.length === 1 && indexes[0] === 0) return Buffer.from([0]);
  return Buffer.from([...writeZigZag(indexes.length), ...indexes.flatMap(writeZigZag)]);
}
