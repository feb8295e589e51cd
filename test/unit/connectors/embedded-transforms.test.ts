import type { SinkRecord } from '../../../embedded/connect/data/record';
import { LOGICAL, type ConnectSchema } from '../../../embedded/connect/data/schema';
import { buildTransformChain, validateTransforms } from '../../../embedded/connect/transforms';

const valueSchema: ConnectSchema = {
  type: 'struct',
  fields: [
    { field: 'id', type: 'int32' },
    { field: 'name', type: 'string' },
    { field: 'ts', type: 'int64' },
    { field: 'qty', type: 'string', optional: true },
  ],
};

function record(overrides: Partial<SinkRecord> = {}): SinkRecord {
  return {
    topic: 'orders',
    kafkaPartition: 2,
    kafkaOffset: 41,
    keySchema: null,
    key: null,
    valueSchema,
    value: { id: 1, name: 'tea', ts: 86_400_000, qty: '3' },
    timestamp: 1000,
    headers: {},
    ...overrides,
  };
}

const chain = (config: Record<string, string>) => buildTransformChain(config);

test('InsertField adds topic, partition, offset, timestamp and a static field to the value and its schema', () => {
  const out = chain({
    transforms: 'meta',
    'transforms.meta.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
    'transforms.meta.topic.field': 'src_topic',
    'transforms.meta.partition.field': 'src_partition',
    'transforms.meta.offset.field': 'src_offset!',
    'transforms.meta.timestamp.field': 'src_ts',
    'transforms.meta.static.field': 'env',
    'transforms.meta.static.value': 'test',
  })(record())!;
  expect(out.value).toMatchObject({ src_topic: 'orders', src_partition: 2, src_offset: 41, src_ts: new Date(1000), env: 'test' });
  expect(out.valueSchema!.fields!.find((f) => f.field === 'src_offset')).toMatchObject({ type: 'int64', optional: false });
  expect(out.valueSchema!.fields!.find((f) => f.field === 'src_ts')).toMatchObject({ name: LOGICAL.timestamp, optional: true });
});

test('ReplaceField excludes, includes and renames fields', () => {
  const out = chain({
    transforms: 'r',
    'transforms.r.type': 'ReplaceField$Value',
    'transforms.r.exclude': 'ts',
    'transforms.r.renames': 'name:product',
  })(record())!;
  expect(out.value).toEqual({ id: 1, product: 'tea', qty: '3' });
  expect(out.valueSchema!.fields!.map((f) => f.field)).toEqual(['id', 'product', 'qty']);
  const kept = chain({ transforms: 'r', 'transforms.r.type': 'ReplaceField$Value', 'transforms.r.include': 'id' })(record({ valueSchema: null }))!;
  expect(kept.value).toEqual({ id: 1 });
});

test('ValueToKey then ExtractField$Key makes one value field the key', () => {
  const out = chain({
    transforms: 'k,x',
    'transforms.k.type': 'org.apache.kafka.connect.transforms.ValueToKey',
    'transforms.k.fields': 'id',
    'transforms.x.type': 'org.apache.kafka.connect.transforms.ExtractField$Key',
    'transforms.x.field': 'id',
  })(record())!;
  expect(out.key).toBe(1);
  expect(out.keySchema).toMatchObject({ type: 'int32' });
});

test('HoistField$Value wraps a schema\'d value in a one-field Struct, and a schemaless one in a Map', () => {
  const hoisted = chain({ transforms: 'h', 'transforms.h.type': 'org.apache.kafka.connect.transforms.HoistField$Value', 'transforms.h.field': 'event' })(
    record({ valueSchema: { type: 'string', optional: true }, value: '{"a":1}' }),
  )!;
  expect(hoisted.value).toEqual({ event: '{"a":1}' });
  expect(hoisted.valueSchema).toEqual({ type: 'struct', optional: false, fields: [{ field: 'event', type: 'string', optional: true }] });
  const schemaless = chain({ transforms: 'h', 'transforms.h.type': 'HoistField$Value', 'transforms.h.field': 'event' })(record({ valueSchema: null, value: 7 }))!;
  expect(schemaless).toMatchObject({ valueSchema: null, value: { event: 7 } });
});

test('ExtractField$Value on a missing field with a schema is a DataException', () => {
  expect(() => chain({ transforms: 'x', 'transforms.x.type': 'ExtractField$Value', 'transforms.x.field': 'nope' })(record())).toThrow('Unknown field: nope');
});

test('TimestampConverter turns epoch millis into a Timestamp and a formatted string', () => {
  const toTimestamp = chain({ transforms: 't', 'transforms.t.type': 'TimestampConverter$Value', 'transforms.t.field': 'ts', 'transforms.t.target.type': 'Timestamp' })(record())!;
  expect((toTimestamp.value as Record<string, unknown>).ts).toEqual(new Date(86_400_000));
  expect(toTimestamp.valueSchema!.fields!.find((f) => f.field === 'ts')).toMatchObject({ name: LOGICAL.timestamp });
  const toString = chain({
    transforms: 't',
    'transforms.t.type': 'TimestampConverter$Value',
    'transforms.t.field': 'ts',
    'transforms.t.target.type': 'string',
    'transforms.t.format': "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  })(record())!;
  expect((toString.value as Record<string, unknown>).ts).toBe('1970-01-02T00:00:00.000Z');
});

test('TimestampConverter parses strings with a format and unix seconds with unix.precision', () => {
  const parsed = chain({
    transforms: 't',
    'transforms.t.type': 'TimestampConverter$Value',
    'transforms.t.field': 'when',
    'transforms.t.target.type': 'unix',
    'transforms.t.format': 'yyyy-MM-dd HH:mm:ss',
    'transforms.t.unix.precision': 'seconds',
  })(record({ valueSchema: null, value: { when: '1970-01-01 00:01:40' } }))!;
  expect(parsed.value).toEqual({ when: 100 });
});

test('Cast converts fields between primitive types, and a whole value', () => {
  const out = chain({ transforms: 'c', 'transforms.c.type': 'Cast$Value', 'transforms.c.spec': 'qty:int32,id:string' })(record())!;
  expect(out.value).toMatchObject({ qty: 3, id: '1' });
  expect(out.valueSchema!.fields!.find((f) => f.field === 'qty')).toMatchObject({ type: 'int32' });
  const whole = chain({ transforms: 'c', 'transforms.c.type': 'Cast$Value', 'transforms.c.spec': 'float64' })(record({ valueSchema: { type: 'string' }, value: '2.5' }))!;
  expect(whole.value).toBe(2.5);
  expect(() => chain({ transforms: 'c', 'transforms.c.type': 'Cast$Value', 'transforms.c.spec': 'name:int32' })(record())).toThrow(/out of range|not a valid/);
});

test('a predicate limits a transform to matching records (negate inverts it)', () => {
  const config = {
    transforms: 'drop',
    'transforms.drop.type': 'ReplaceField$Value',
    'transforms.drop.exclude': 'name',
    'transforms.drop.predicate': 'isOrders',
    predicates: 'isOrders',
    'predicates.isOrders.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    'predicates.isOrders.pattern': 'ord.*',
  };
  expect(chain(config)(record())!.value).not.toHaveProperty('name');
  expect(chain({ ...config, 'transforms.drop.negate': 'true' })(record())!.value).toHaveProperty('name');
});

test('tombstones pass through value transforms unchanged', () => {
  const tombstone = record({ value: null, valueSchema: null });
  expect(chain({ transforms: 'i', 'transforms.i.type': 'InsertField$Value', 'transforms.i.topic.field': 't' })(tombstone)).toEqual(tombstone);
});

test('validation reports an unknown transform type and bad transform settings per key', () => {
  const { values, errorsByKey } = validateTransforms({
    transforms: 'a,b',
    'transforms.a.type': 'com.example.Nope',
    'transforms.b.type': 'TimestampConverter$Value',
    'transforms.b.target.type': 'Instant',
  });
  expect(errorsByKey.get('transforms.a.type')).toEqual(['Invalid value com.example.Nope for configuration transforms.a.type: Class com.example.Nope could not be found.']);
  expect(values.find((v) => v.name === 'transforms.b.target.type')!.errors[0]).toMatch(/String must be one of: string, unix, Date, Time, Timestamp/);
});
