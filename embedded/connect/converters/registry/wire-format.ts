import { serializationException } from './errors';

/**
 * Confluent's wire format: magic byte 0, the schema id as a big-endian int32, then the payload (for Protobuf prefixed
 * by the message indexes: a zig-zag varint count and each index, with `[0]` abbreviated to the single byte 0).
 */
const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

/** The schema id and payload of a framed record; anything not starting with the magic byte is refused as the deserializers do. */
export function readFrame(bytes: Buffer): { schemaId: number; payload: Buffer } {
  if (bytes.length < HEADER_BYTES || bytes[0] !== MAGIC_BYTE) throw serializationException('Unknown magic byte!');
  return { schemaId: bytes.readInt32BE(1), payload: bytes.subarray(HEADER_BYTES) };
}

export function writeFrame(schemaId: number, ...payload: Buffer[]): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, ...payload]);
}

function readZigZag(buffer: Buffer, at: number): { value: number; next: number } {
  let result = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    if (i >= buffer.length || shift > 28) throw serializationException('Invalid message indexes');
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

/** The Protobuf message indexes at the start of a payload (the path of the message type in the .proto), and the message after them. */
export function readMessageIndexes(payload: Buffer): { indexes: number[]; message: Buffer } {
  const count = readZigZag(payload, 0);
  if (count.value === 0) return { indexes: [0], message: payload.subarray(count.next) };
  if (count.value < 0 || count.value > 100) throw serializationException(`Invalid message indexes count ${count.value}`);
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
