import * as avro from 'avsc';
import * as protobuf from 'protobufjs';
import pino from 'pino';
import { startEmbeddedKafka } from '../../../embedded/kafka';
import { startEmbeddedSchemaRegistry } from '../../../embedded/schema-registry';
import { PayloadDecoder, SchemaRegistryClient, writeWireHeader } from '../../../src/adapters/schema-registry';
import { createLeftovers } from '../../helpers/leftovers';

const leftovers = createLeftovers();
let client: SchemaRegistryClient;
let decoder: PayloadDecoder;

beforeAll(async () => {
  const broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  const registry = await startEmbeddedSchemaRegistry({ port: 0, kafkaBrokers: broker.brokers });
  leftovers.add(() => registry.stop());
  client = new SchemaRegistryClient({ url: registry.url, timeoutMs: 5_000, logger: pino({ level: 'silent' }) });
  decoder = new PayloadDecoder(client);
});
afterAll(() => leftovers.drain());

/** Decodes as every view does: prefetch the batch, then decode synchronously. */
async function decode(value: Buffer) {
  await decoder.prefetch([value]);
  return decoder.decode(value);
}

describe('PayloadDecoder', () => {
  it('decodes Avro written by another Avro library, keeping 64-bit values exact', async () => {
    const schema = { type: 'record', name: 'Trade', fields: [{ name: 'id', type: 'long' }, { name: 'symbol', type: 'string' }, { name: 'raw', type: 'bytes' }] };
    const { id } = await client.register('trades-value', { schema: JSON.stringify(schema), schemaType: 'AVRO' });
    // avsc with a plain long type writes 2^53 + 1 the same as 2^53; write the exact bytes by hand via a bigint long type.
    const type = avro.Type.forSchema(schema as avro.Schema, { registry: { long: avro.types.LongType.__with({ fromBuffer: (b: Buffer) => b.readBigInt64LE(), toBuffer: (n: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return b; }, fromJSON: BigInt, toJSON: Number, isValid: (n: unknown) => typeof n === 'bigint', compare: () => 0 }) as unknown as avro.Type } });
    const bytes = writeWireHeader(id, type.toBuffer({ id: 9007199254740993n, symbol: 'ACME', raw: Buffer.from([1, 2]) }));
    expect(await decode(bytes)).toEqual({ format: 'AVRO', schemaId: id, value: { id: '9007199254740993', symbol: 'ACME', raw: 'AQI=' }, error: null });
  });

  it('keeps longs under a logical type (timestamp-millis) exact too, and encodes them back', async () => {
    const schema = { type: 'record', name: 'Tick', fields: [{ name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }] };
    await client.register('ticks-value', { schema: JSON.stringify(schema), schemaType: 'AVRO' });
    const { bytes, schemaId } = await decoder.encode('ticks-value', 'latest', { at: '9007199254740993' });
    expect(await decode(bytes)).toEqual({ format: 'AVRO', schemaId, value: { at: '9007199254740993' }, error: null });
  });

  it('decodes Avro with a schema reference', async () => {
    await client.register('money', { schema: JSON.stringify({ type: 'record', name: 'Money', namespace: 'demo', fields: [{ name: 'cents', type: 'int' }] }), schemaType: 'AVRO' });
    const { id } = await client.register('orders-value', {
      schema: JSON.stringify({ type: 'record', name: 'Order', namespace: 'demo', fields: [{ name: 'total', type: 'demo.Money' }] }),
      schemaType: 'AVRO',
      references: [{ name: 'demo.Money', subject: 'money', version: 1 }],
    });
    const encoded = await decoder.encode('orders-value', 'latest', { total: { cents: 250 } });
    expect(encoded.schemaId).toBe(id);
    expect(await decode(encoded.bytes)).toMatchObject({ format: 'AVRO', value: { total: { cents: 250 } } });
  });

  it('decodes Protobuf using the message indexes, nested messages and imports included', async () => {
    await client.register('common.proto', { schema: 'syntax = "proto3";\npackage demo;\nmessage Money { int64 cents = 1; }\n', schemaType: 'PROTOBUF' });
    const proto = 'syntax = "proto3";\npackage demo;\nimport "common.proto";\nmessage First { string a = 1; }\nmessage Second {\n  message Inner { Money price = 1; string note = 2; }\n  int32 n = 1;\n}\n';
    const { id } = await client.register('prices-value', { schema: proto, schemaType: 'PROTOBUF', references: [{ name: 'common.proto', subject: 'common.proto', version: 1 }] });
    const root = new protobuf.Root();
    protobuf.parse('syntax = "proto3";\npackage demo;\nmessage Money { int64 cents = 1; }\n', root, { keepCase: true });
    protobuf.parse(proto, root, { keepCase: true });
    const Inner = root.lookupType('demo.Second.Inner');
    const message = Buffer.from(Inner.encode(Inner.fromObject({ price: { cents: '9007199254740993' }, note: 'x' })).finish());
    // Indexes [1, 0]: count 2, then 1 and 0, all zig-zag → 04 02 00.
    const value = writeWireHeader(id, Buffer.concat([Buffer.from([4, 2, 0]), message]));
    expect(await decode(value)).toEqual({ format: 'PROTOBUF', schemaId: id, value: { price: { cents: '9007199254740993' }, note: 'x' }, error: null });
    const First = root.lookupType('demo.First');
    const first = writeWireHeader(id, Buffer.concat([Buffer.from([0]), Buffer.from(First.encode(First.fromObject({ a: 'hi' })).finish())]));
    expect((await decode(first)).value).toEqual({ a: 'hi' });
  });

  it('decodes Protobuf importing a Google well-known type without a reference, as ProtobufConverter writes Timestamps', async () => {
    const proto = 'syntax = "proto3";\npackage demo;\nimport "google/protobuf/timestamp.proto";\nmessage Click { string url = 1; google.protobuf.Timestamp at = 2; }\n';
    const { id } = await client.register('clicks-proto-value', { schema: proto, schemaType: 'PROTOBUF' });
    const encoded = await decoder.encode('clicks-proto-value', 'latest', { url: '/a', at: { seconds: 1700000000, nanos: 5 } });
    expect(encoded.schemaId).toBe(id);
    expect(await decode(encoded.bytes)).toEqual({ format: 'PROTOBUF', schemaId: id, value: { url: '/a', at: { seconds: '1700000000', nanos: 5 } }, error: null });
  });

  it('decodes JSON Schema payloads with 64-bit integers exact', async () => {
    const { id } = await client.register('events-value', { schema: JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } } }), schemaType: 'JSON' });
    expect(await decode(writeWireHeader(id, Buffer.from('{"n":9007199254740993}')))).toEqual({ format: 'JSON_SCHEMA', schemaId: id, value: { n: '9007199254740993' }, error: null });
  });

  it('encodes JSON Schema values only when they validate', async () => {
    await client.register('readings-value', { schema: JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }), schemaType: 'JSON' });
    const ok = await decoder.encode('readings-value', 'latest', { n: 3 });
    expect(await decode(ok.bytes)).toMatchObject({ format: 'JSON_SCHEMA', value: { n: 3 } });
    await expect(decoder.encode('readings-value', 'latest', { n: 'three' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'value' } });
  });

  it('leaves an unknown schema id raw with a decodeError', async () => {
    expect(await decode(writeWireHeader(4242, Buffer.from('x')))).toEqual({ format: 'BYTES', schemaId: 4242, value: null, error: 'unknown schema id 4242' });
  });

  it('reports a payload that does not fit its schema instead of throwing', async () => {
    const { id } = await client.register('trades-value', { schema: JSON.stringify({ type: 'record', name: 'Trade', fields: [{ name: 'id', type: 'long' }, { name: 'symbol', type: 'string' }, { name: 'raw', type: 'bytes' }] }), schemaType: 'AVRO' });
    const result = await decode(writeWireHeader(id, Buffer.from([0xff, 0xff, 0xff])));
    expect(result).toMatchObject({ format: 'BYTES', schemaId: id, value: null, error: expect.stringContaining('not a valid AVRO payload') });
  });

  it('treats values without the magic byte as plain JSON, text or bytes', async () => {
    expect(await decode(Buffer.from('{"a":1}'))).toEqual({ format: 'JSON', schemaId: null, value: { a: 1 }, error: null });
    expect(await decode(Buffer.from('hello'))).toMatchObject({ format: 'STRING' });
    expect(await decode(Buffer.from([1, 0, 0, 0, 1, 0xff]))).toMatchObject({ format: 'BYTES', error: null });
  });

  it('leaves values raw with a decodeError while the registry is down', async () => {
    const down = new PayloadDecoder(new SchemaRegistryClient({ url: 'http://127.0.0.1:1', timeoutMs: 500, logger: pino({ level: 'silent' }) }));
    const value = writeWireHeader(1, Buffer.from([2, 0x61]));
    await down.prefetch([value]);
    expect(down.decode(value)).toMatchObject({ format: 'BYTES', schemaId: 1, error: expect.stringContaining('could not be fetched') });
  });
});
