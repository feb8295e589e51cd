import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as protobuf from 'protobufjs';
import { converterFor } from '../../../embedded/connect/converters';
import { field, LOGICAL, structSchema, type ConnectSchema } from '../../../embedded/connect/data/schema';
import { traceOf } from '../../../embedded/connect/runtime/task-runner';
import { startEmbeddedKafka } from '../../../embedded/kafka';
import { startEmbeddedSchemaRegistry } from '../../../embedded/schema-registry';
import { createLeftovers } from '../../helpers/leftovers';

const leftovers = createLeftovers();
let registryUrl: string;

beforeAll(async () => {
  const broker = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => broker.stop());
  const registry = await startEmbeddedSchemaRegistry({ port: 0, kafkaBrokers: broker.brokers });
  leftovers.add(() => registry.stop());
  registryUrl = registry.url;
});
afterAll(() => leftovers.drain());

const AVRO = 'io.confluent.connect.avro.AvroConverter';
const PROTOBUF = 'io.confluent.connect.protobuf.ProtobufConverter';
const JSON_SCHEMA = 'io.confluent.connect.json.JsonSchemaConverter';

/** A value converter configured as a connector would: `value.converter` + `value.converter.*`. */
const valueConverter = (className: string, props: Record<string, string> = {}) =>
  converterFor('value.converter', { 'value.converter': className, 'value.converter.schema.registry.url': registryUrl, ...prefixed(props) }, {});
const prefixed = (props: Record<string, string>) => Object.fromEntries(Object.entries(props).map(([k, v]) => [`value.converter.${k}`, v]));

async function registry<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${registryUrl}${path}`, { method, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T };
}

const frame = (id: number, ...parts: Buffer[]) => {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, ...parts]);
};

const clickSchema: ConnectSchema = structSchema([
  field('user_id', { type: 'string' }),
  field('at', { type: 'int64', name: LOGICAL.timestamp, version: 1 }),
  field('url', { type: 'string', optional: true }),
  field('retries', { type: 'int8' }),
  field('tags', { type: 'array', items: { type: 'string' }, optional: true }),
]);
const click = { user_id: 'u1', at: new Date(1_700_000_000_123), url: null, retries: 3, tags: ['a', 'b'] };

describe('AvroConverter', () => {
  test('registers the mapped schema under <topic>-value and round-trips a struct with logical types', async () => {
    const schema = structSchema([
      ...clickSchema.fields!,
      field('day', { type: 'int32', name: LOGICAL.date, version: 1 }),
      field('time', { type: 'int32', name: LOGICAL.time, version: 1, optional: true }),
      field('price', { type: 'bytes', name: LOGICAL.decimal, version: 1, parameters: { scale: '2' } }),
      field('device', structSchema([field('type', { type: 'string' })], undefined, true)),
    ]);
    const value = { ...click, day: new Date(Date.UTC(2024, 0, 2)), time: new Date(3_600_000), price: '12.34', device: { type: 'mobile' } };
    const converter = valueConverter(AVRO);
    const bytes = (await converter.fromConnectData('clicks-avro', schema, value))!;
    expect(bytes[0]).toBe(0);

    const latest = await registry('GET', '/subjects/clicks-avro-value/versions/latest');
    expect(latest.body.id).toBe(bytes.readInt32BE(1));
    const avro = JSON.parse(latest.body.schema);
    // Confluent's AvroData: unnamed structs are io.confluent.connect.avro.ConnectDefault, ConnectDefault2, …
    expect(avro).toMatchObject({ type: 'record', name: 'ConnectDefault', namespace: 'io.confluent.connect.avro' });
    const fields = Object.fromEntries(avro.fields.map((f: any) => [f.name, f]));
    expect(fields.at.type).toMatchObject({ type: 'long', logicalType: 'timestamp-millis', 'connect.name': LOGICAL.timestamp });
    expect(fields.url).toEqual({ name: 'url', type: ['null', 'string'], default: null });
    expect(fields.retries.type).toEqual({ type: 'int', 'connect.type': 'int8' });
    expect(fields.day.type).toMatchObject({ type: 'int', logicalType: 'date' });
    expect(fields.price.type).toMatchObject({ type: 'bytes', logicalType: 'decimal', precision: 64, scale: 2 });
    expect(fields.device.type[1]).toMatchObject({ type: 'record', name: 'ConnectDefault2' });

    // A second converter (another worker) reads it back by id.
    const read = await valueConverter(AVRO).toConnectData('clicks-avro', bytes);
    expect(read.value).toEqual(value);
    expect(read.schema).toMatchObject({ type: 'struct', fields: expect.arrayContaining([expect.objectContaining({ field: 'at', name: LOGICAL.timestamp, type: 'int64' }), expect.objectContaining({ field: 'url', optional: true })]) });
    expect(read.schema!.name).toBeUndefined();
  });

  test('decodes records written by another producer with a named record schema', async () => {
    const writer = { type: 'record', name: 'Click', namespace: 'io.pipegraph.demo', fields: [{ name: 'user_id', type: 'string' }, { name: 'timestamp', type: { type: 'long', logicalType: 'timestamp-millis' } }, { name: 'url', type: ['null', 'string'], default: null }] };
    const { body } = await registry('POST', '/subjects/clickstream-named-value/versions', { schema: JSON.stringify(writer) });
    const avsc = await import('avsc');
    const payload = avsc.Type.forSchema(writer as any).toBuffer({ user_id: 'u9', timestamp: 1_700_000_000_000, url: 'https://x' });
    const read = await valueConverter(AVRO).toConnectData('clickstream-named', frame(body.id, payload));
    expect(read.schema).toMatchObject({ type: 'struct', name: 'io.pipegraph.demo.Click' });
    expect(read.value).toEqual({ user_id: 'u9', timestamp: new Date(1_700_000_000_000), url: 'https://x' });
  });

  test('with use.latest.version writes with the subject latest schema (checked by latest.compatibility.strict); with auto.register.schemas=false an unknown subject is a DataException', async () => {
    const first = valueConverter(AVRO);
    const written = (await first.fromConnectData('latest-t', clickSchema, click))!;
    const latest = valueConverter(AVRO, { 'auto.register.schemas': 'false', 'use.latest.version': 'true' });
    const again = (await latest.fromConnectData('latest-t', clickSchema, click))!;
    expect(again.readInt32BE(1)).toBe(written.readInt32BE(1));

    // latest.compatibility.strict (default true): the latest version must read what the record's own schema writes.
    const other = { type: 'record', name: 'Click', namespace: 'io.pipegraph.demo', fields: [{ name: 'user_id', type: 'string' }, { name: 'extra', type: 'int' }] };
    await registry('POST', '/subjects/strict-t-value/versions', { schema: JSON.stringify(other) });
    const strict = await Promise.resolve(latest.fromConnectData('strict-t', clickSchema, click)).catch((e: Error) => e);
    expect(traceOf(strict)).toContain("Incompatible schema of type 'AVRO'. Set latest.compatibility.strict=false to disable this check.");
    const lenient = valueConverter(AVRO, { 'auto.register.schemas': 'false', 'use.latest.version': 'true', 'latest.compatibility.strict': 'false' });
    // Without the check the record is written with the latest schema, which here cannot hold it (no value for extra).
    await expect(Promise.resolve(lenient.fromConnectData('strict-t', clickSchema, click))).rejects.toMatchObject({ message: 'Failed to serialize Avro data from topic strict-t:' });
    const fits = valueConverter(AVRO, { 'auto.register.schemas': 'false', 'use.latest.version': 'true', 'latest.compatibility.strict': 'false' });
    const written2 = (await fits.fromConnectData('strict-t', structSchema([field('user_id', { type: 'string' }), field('extra', { type: 'int32' })], 'io.pipegraph.demo.Click'), { user_id: 'u', extra: 1 }))!;
    expect((await valueConverter(AVRO).toConnectData('strict-t', written2)).value).toEqual({ user_id: 'u', extra: 1 });

    const lookupOnly = valueConverter(AVRO, { 'auto.register.schemas': 'false' });
    const error = await Promise.resolve(lookupOnly.fromConnectData('never-registered', clickSchema, click)).catch((e: Error) => e);
    expect(error).toMatchObject({ javaClass: 'org.apache.kafka.connect.errors.DataException', message: 'Failed to serialize Avro data from topic never-registered:' });
    expect(traceOf(error)).toMatch(/Caused by: org.apache.kafka.common.errors.SerializationException: Error retrieving Avro schema: .*\nCaused by: io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Subject 'never-registered-value' not found.; error code: 40401/s);
  });

  test('refuses a record without the magic byte: DataException caused by "Unknown magic byte!"', async () => {
    const error = await Promise.resolve(valueConverter(AVRO).toConnectData('plain', Buffer.from('{"a":1}'))).catch((e: Error) => e);
    expect(error).toMatchObject({ javaClass: 'org.apache.kafka.connect.errors.DataException', message: 'Failed to deserialize data for topic plain to Avro:' });
    expect(traceOf(error)).toContain('Caused by: org.apache.kafka.common.errors.SerializationException: Unknown magic byte!');
  });

  test('refuses an unknown schema id with "Error retrieving Avro value schema for id N"', async () => {
    const error = await Promise.resolve(valueConverter(AVRO).toConnectData('t', frame(987_654, Buffer.from([2])))).catch((e: Error) => e);
    expect(error).toMatchObject({ javaClass: 'org.apache.kafka.connect.errors.DataException' });
    expect(traceOf(error)).toMatch(/SerializationException: Error retrieving Avro value schema for id 987654\n(.*\n)*Caused by: .*RestClientException: Schema 987654 not found; error code: 40403/);
    expect((error as { retriable?: boolean }).retriable).toBeFalsy();
  });

  test('a registry that is down is a retriable NetworkException, in both directions', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const down = converterFor('value.converter', { 'value.converter': 'AvroConverter', 'value.converter.schema.registry.url': `http://127.0.0.1:${port}` }, {});
    const reading = await Promise.resolve(down.toConnectData('t', frame(1, Buffer.from([2])))).catch((e: Error) => e);
    expect(reading).toMatchObject({ javaClass: 'org.apache.kafka.common.errors.NetworkException', retriable: true });
    expect((reading as Error).message).toMatch(/^Network connection error while deserializing data for topic t: ECONNREFUSED/);
    const writing = await Promise.resolve(down.fromConnectData('t', clickSchema, click)).catch((e: Error) => e);
    expect(writing).toMatchObject({ javaClass: 'org.apache.kafka.common.errors.NetworkException', retriable: true });
    expect((writing as Error).message).toMatch(/^Network connection error while serializing Avro data for topic t: /);
  });

  test('fails its configuration without schema.registry.url, as Confluent ConfigException', () => {
    expect(() => converterFor('value.converter', { 'value.converter': AVRO }, {})).toThrow('Missing required configuration "schema.registry.url" which has no default value.');
  });

  test('sends basic auth from basic.auth.user.info (USER_INFO) and from the URL (default source)', async () => {
    const seen: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/vnd.schemaregistry.v1+json' }).end('{"id":7}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    leftovers.add(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as AddressInfo).port;
    const userInfo = converterFor('value.converter', { 'value.converter': AVRO, 'value.converter.schema.registry.url': `http://127.0.0.1:${port}`, 'value.converter.basic.auth.credentials.source': 'USER_INFO', 'value.converter.basic.auth.user.info': 'sr:secret' }, {});
    expect((await userInfo.fromConnectData('a', clickSchema, click))!.readInt32BE(1)).toBe(7);
    const inUrl = converterFor('value.converter', { 'value.converter': AVRO, 'value.converter.schema.registry.url': `http://url:pass@127.0.0.1:${port}` }, {});
    await inUrl.fromConnectData('b', clickSchema, click);
    expect(seen).toEqual([`Basic ${Buffer.from('sr:secret').toString('base64')}`, `Basic ${Buffer.from('url:pass').toString('base64')}`]);
  });

  test('RecordNameStrategy and TopicRecordNameStrategy name the subject after the record', async () => {
    const named = structSchema(clickSchema.fields!, 'io.pipegraph.Named');
    await valueConverter(AVRO, { 'value.subject.name.strategy': 'io.confluent.kafka.serializers.subject.RecordNameStrategy' }).fromConnectData('t1', named, click);
    await valueConverter(AVRO, { 'value.subject.name.strategy': 'io.confluent.kafka.serializers.subject.TopicRecordNameStrategy' }).fromConnectData('t1', named, click);
    const subjects = (await registry<string[]>('GET', '/subjects')).body;
    expect(subjects).toEqual(expect.arrayContaining(['io.pipegraph.Named', 't1-io.pipegraph.Named']));
  });
});

describe('ProtobufConverter', () => {
  test('registers a proto3 schema and round-trips a struct with a Timestamp', async () => {
    const converter = valueConverter(PROTOBUF);
    const bytes = (await converter.fromConnectData('clicks-proto', clickSchema, click))!;
    // Message indexes [0] are the single byte 0 after the 5-byte header.
    expect(bytes[5]).toBe(0);
    const latest = await registry('GET', '/subjects/clicks-proto-value/versions/latest');
    expect(latest.body.schemaType).toBe('PROTOBUF');
    expect(latest.body.schema).toContain('message ConnectDefault1 {');
    expect(latest.body.schema).toContain('google.protobuf.Timestamp at = 2;');
    const read = await valueConverter(PROTOBUF).toConnectData('clicks-proto', bytes);
    // proto3 has no null: an absent string reads back as "".
    expect(read.value).toEqual({ ...click, url: '' });
    expect(read.schema).toMatchObject({ type: 'struct', name: 'ConnectDefault1' });
  });

  test('decodes the message a payload names by its message indexes, nested ones included', async () => {
    const proto = 'syntax = "proto3";\npackage shop;\nmessage Order { int32 id = 1; message Line { string sku = 1; int64 qty = 2; } }\nmessage Refund { string reason = 1; int32 cents = 2; }\n';
    const { body } = await registry('POST', '/subjects/shop-value/versions', { schemaType: 'PROTOBUF', schema: proto });
    const root = protobuf.parse(proto, { keepCase: true }).root;
    const refund = root.lookupType('shop.Refund');
    const line = root.lookupType('shop.Order.Line');
    const converter = valueConverter(PROTOBUF);
    // [1] → 02 02 (count 1, index 1, zig-zag); [0, 0] → 04 00 00.
    const refundRead = await converter.toConnectData('shop', frame(body.id, Buffer.from([2, 2]), Buffer.from(refund.encode({ reason: 'late', cents: 250 }).finish())));
    expect(refundRead).toMatchObject({ schema: { name: 'shop.Refund' }, value: { reason: 'late', cents: 250 } });
    const lineRead = await converter.toConnectData('shop', frame(body.id, Buffer.from([4, 0, 0]), Buffer.from(line.encode({ sku: 'A-1', qty: 3 }).finish())));
    expect(lineRead).toMatchObject({ schema: { name: 'shop.Order.Line' }, value: { sku: 'A-1', qty: 3 } });
  });

  test('refuses an unknown schema id with "Error retrieving Protobuf schema for id N"', async () => {
    const error = await Promise.resolve(valueConverter(PROTOBUF).toConnectData('t', frame(424_242, Buffer.from([0])))).catch((e: Error) => e);
    expect(error).toMatchObject({ message: 'Failed to deserialize data for topic t to Protobuf:' });
    expect(traceOf(error)).toContain('Error retrieving Protobuf schema for id 424242');
  });
});

describe('JsonSchemaConverter', () => {
  test('registers a JSON Schema as JsonSchemaData writes it and round-trips a struct with logical types', async () => {
    const schema = structSchema([...clickSchema.fields!, field('price', { type: 'bytes', name: LOGICAL.decimal, version: 1, parameters: { scale: '2' } })], 'io.pipegraph.JsonClick');
    const value = { ...click, price: '12.30' };
    const bytes = (await valueConverter(JSON_SCHEMA).fromConnectData('clicks-json', schema, value))!;
    expect(JSON.parse(bytes.subarray(5).toString())).toEqual({ user_id: 'u1', at: 1_700_000_000_123, url: null, retries: 3, tags: ['a', 'b'], price: 12.3 });
    const latest = await registry('GET', '/subjects/clicks-json-value/versions/latest');
    expect(latest.body.schemaType).toBe('JSON');
    const json = JSON.parse(latest.body.schema);
    expect(json).toMatchObject({ type: 'object', title: 'io.pipegraph.JsonClick', required: ['user_id', 'at', 'retries', 'price'] });
    expect(json.properties.at).toMatchObject({ type: 'integer', title: LOGICAL.timestamp, 'connect.type': 'int64', 'connect.index': 1 });
    expect(json.properties.url).toMatchObject({ oneOf: [{ type: 'null' }, { type: 'string' }] });
    const read = await valueConverter(JSON_SCHEMA).toConnectData('clicks-json', bytes);
    expect(read.value).toEqual(value);
    expect(read.schema).toMatchObject({ name: 'io.pipegraph.JsonClick', fields: expect.arrayContaining([expect.objectContaining({ field: 'retries', type: 'int8' })]) });
  });

  test('refuses a wrong magic byte with the JsonSchemaConverter wording', async () => {
    const error = await Promise.resolve(valueConverter(JSON_SCHEMA).toConnectData('t', Buffer.from('{}'))).catch((e: Error) => e);
    expect((error as Error).message).toBe('Converting byte[] to Kafka Connect data failed due to serialization error of topic t: ');
    expect(traceOf(error)).toContain('Unknown magic byte!');
  });
});
