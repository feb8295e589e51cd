/**
 * Avro with every long read exactly, as a BigInt: avsc's default long type rounds (or refuses) values beyond 2^53.
 * Shared by pipegraph's registry adapter (topicMessages, produceMessage, the demo producers) and the embedded Pinot's
 * Confluent Avro decoder (LONG and TIMESTAMP columns), which must agree on 64-bit values.
 */
import * as avro from 'avsc';

/** avsc's documented custom long type, over BigInt. */
const ExactLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (value: unknown) => BigInt(value as string),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
}) as unknown as avro.Type;

/**
 * A typeHook for avro.Type.forSchema: every long, also under a logical type ({"type":"long","logicalType":
 * "timestamp-millis"}, which a `registry: { long }` entry misses), becomes the exact long; logical types are not applied.
 */
export function exactLongs(schema: avro.Schema): avro.Type | undefined {
  return schema === 'long' || (typeof schema === 'object' && (schema as { type?: unknown }).type === 'long') ? ExactLong : undefined;
}
