import { Registry, type RecordSink } from '../../../embedded/schema-registry/registry';
import { RegistryError } from '../../../embedded/schema-registry/registry-error';
import { SchemaStore, type StoreKey } from '../../../embedded/schema-registry/schema-store';

/** A registry over memory that also keeps the records it wrote, to replay them into a second store. */
function memoryRegistry() {
  const records: Array<{ key: StoreKey; value: unknown }> = [];
  const sink: RecordSink = { append: async (key, value) => void records.push({ key, value: value === null ? null : JSON.parse(JSON.stringify(value)) }) };
  return { registry: new Registry(new SchemaStore(), sink), records };
}

const record = (fields: unknown[], name = 'Click') => JSON.stringify({ type: 'record', name, namespace: 'demo', fields });
const v1 = record([{ name: 'url', type: 'string' }]);
const withDefault = record([{ name: 'url', type: 'string' }, { name: 'device', type: 'string', default: 'web' }]);
const withoutDefault = record([{ name: 'url', type: 'string' }, { name: 'device', type: 'string' }]);
const renamedField = record([{ name: 'link', type: 'string' }]);
const promoted = (from: string, to: string) => [record([{ name: 'n', type: from }]), record([{ name: 'n', type: to }])];

async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}

/** Registers `first` under NONE, sets `level`, then tries `second`: compatible → its id; else the 409's message. */
async function evolve(level: string, schemas: string[], schemaType = 'AVRO'): Promise<{ ok: boolean; message?: string }> {
  const { registry } = memoryRegistry();
  await registry.setLevel('s', 'NONE');
  for (const schema of schemas.slice(0, -1)) await registry.register('s', { schema, schemaType });
  await registry.setLevel('s', level);
  try {
    await registry.register('s', { schema: schemas[schemas.length - 1], schemaType });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof RegistryError) || error.status !== 409) throw error;
    return { ok: false, message: error.message };
  }
}

describe('embedded schema registry: Avro compatibility (golden)', () => {
  const cases: Array<[string, string[], boolean]> = [
    ['BACKWARD', [v1, withDefault], true],
    ['BACKWARD', [v1, withoutDefault], false],
    ['FORWARD', [v1, withoutDefault], true],
    ['FORWARD', [withoutDefault, v1], false],
    ['FORWARD', [withDefault, v1], true],
    ['FULL', [v1, withDefault], true],
    ['FULL', [v1, withoutDefault], false],
    ['NONE', [v1, renamedField], true],
    ['BACKWARD', [v1, renamedField], false],
    ['BACKWARD', promoted('int', 'long'), true],
    ['BACKWARD', promoted('long', 'int'), false],
    ['FORWARD', promoted('int', 'long'), false],
    ['BACKWARD', promoted('string', 'bytes'), true],
    ['BACKWARD', [record([{ name: 'n', type: 'string' }]), record([{ name: 'n', type: ['null', 'string'] }])], true],
    ['FORWARD', [record([{ name: 'n', type: 'string' }]), record([{ name: 'n', type: ['null', 'string'] }])], false],
    ['BACKWARD', [v1, record([{ name: 'url', type: 'string' }], 'Other')], false],
    ['BACKWARD', [v1, JSON.stringify({ type: 'record', name: 'Other', aliases: ['demo.Click'], fields: [{ name: 'url', type: 'string' }] })], true],
    ['BACKWARD', [JSON.stringify({ type: 'enum', name: 'E', symbols: ['A', 'B'] }), JSON.stringify({ type: 'enum', name: 'E', symbols: ['A'] })], false],
    ['BACKWARD', [JSON.stringify({ type: 'enum', name: 'E', symbols: ['A'] }), JSON.stringify({ type: 'enum', name: 'E', symbols: ['A', 'B'] })], true],
    ['FORWARD', [JSON.stringify({ type: 'enum', name: 'E', symbols: ['A'] }), JSON.stringify({ type: 'enum', name: 'E', symbols: ['A', 'B'] })], false],
    ['BACKWARD', [JSON.stringify({ type: 'fixed', name: 'F', size: 4 }), JSON.stringify({ type: 'fixed', name: 'F', size: 8 })], false],
    // Transitive levels look past the latest version.
    ['BACKWARD', [v1, withDefault, record([{ name: 'url', type: 'string' }, { name: 'device', type: 'string' }])], true],
    ['BACKWARD_TRANSITIVE', [v1, withDefault, record([{ name: 'url', type: 'string' }, { name: 'device', type: 'string' }])], false],
    ['FORWARD_TRANSITIVE', [withoutDefault, withDefault, v1], false],
    ['FORWARD', [withoutDefault, withDefault, v1], true],
    ['FULL_TRANSITIVE', [v1, withDefault, record([{ name: 'url', type: 'string' }, { name: 'device', type: 'string', default: 'x' }, { name: 'n', type: 'int', default: 0 }])], true],
  ];
  test.each(cases.map(([l, s, c]) => [l, c, s] as const))('%s evolution %#: compatible=%s', async (level, compatible, schemas) => {
    expect((await evolve(level, schemas)).ok).toBe(compatible);
  });

  it('rejects a field added without default under BACKWARD with the registry 409 message', async () => {
    const { message } = await evolve('BACKWARD', [v1, withoutDefault]);
    expect(message).toContain('Schema being registered is incompatible with an earlier schema for subject "s", details: [');
    expect(message).toContain("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'device' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'device'}");
    expect(message).toContain('{oldSchemaVersion: 1}');
    expect(message).toContain("{validateFields: 'false', compatibility: 'BACKWARD'}");
  });

  it('names the old schema as the reader under FORWARD', async () => {
    const { message } = await evolve('FORWARD', [withoutDefault, v1]);
    expect(message).toContain("in the old schema has no default value and is missing in the new schema");
  });

  it('rejects a change of schema type as incompatible', async () => {
    const { registry } = memoryRegistry();
    await registry.register('s', { schema: v1 });
    const error = await rejection(registry.register('s', { schema: '{"type":"object"}', schemaType: 'JSON' }));
    expect(error.status).toBe(409);
    expect(error.message).toContain('Incompatible because of different schema type');
  });
});

describe('embedded schema registry: JSON Schema and Protobuf compatibility', () => {
  const closed = (props: Record<string, unknown>, required: string[] = []) => JSON.stringify({ type: 'object', properties: props, required, additionalProperties: false });
  const open = (props: Record<string, unknown>, required: string[] = []) => JSON.stringify({ type: 'object', properties: props, required });
  const jsonCases: Array<[string, string[], boolean]> = [
    ['BACKWARD', [closed({ a: { type: 'string' } }), closed({ a: { type: 'string' }, b: { type: 'string' } })], true],
    ['BACKWARD', [closed({ a: { type: 'string' }, b: { type: 'string' } }), closed({ a: { type: 'string' } })], false],
    ['BACKWARD', [open({ a: { type: 'string' }, b: { type: 'string' } }), open({ a: { type: 'string' } })], true],
    ['BACKWARD', [open({ a: { type: 'string' } }), open({ a: { type: 'string' }, b: { type: 'string' } })], false],
    ['BACKWARD', [closed({ a: { type: 'string' } }), closed({ a: { type: 'string' }, b: { type: 'string' } }, ['b'])], false],
    ['BACKWARD', [closed({ a: { type: 'string' } }), closed({ a: { type: 'string' }, b: { type: 'string', default: 'x' } }, ['b'])], true],
    ['BACKWARD', [closed({ a: { type: 'string' } }), closed({ a: { type: 'integer' } })], false],
    ['BACKWARD', [closed({ a: { type: 'integer' } }), closed({ a: { type: 'number' } })], true],
    ['FORWARD', [closed({ a: { type: 'integer' } }), closed({ a: { type: 'number' } })], false],
  ];
  test.each(jsonCases.map(([l, s, c]) => [l, c, s] as const))('JSON Schema %s evolution %#: compatible=%s', async (level, compatible, schemas) => {
    expect((await evolve(level, schemas, 'JSON')).ok).toBe(compatible);
  });

  const proto = (fields: string, pkg = 'demo') => `syntax = "proto3";\npackage ${pkg};\nmessage Click {\n${fields}\n}\n`;
  const protoCases: Array<[string, string[], boolean]> = [
    ['FULL', [proto('string url = 1;'), proto('string url = 1;\nint64 at = 2;')], true],
    ['FULL', [proto('string url = 1;\nint64 at = 2;'), proto('string url = 1;')], true],
    ['BACKWARD', [proto('string url = 1;'), proto('bytes url = 1;')], true],
    ['BACKWARD', [proto('string url = 1;'), proto('int32 url = 1;')], false],
    ['BACKWARD', [proto('int32 n = 1;'), proto('int64 n = 1;')], true],
    ['BACKWARD', [proto('int32 n = 1;'), proto('sint32 n = 1;')], false],
    ['BACKWARD', [proto('string url = 1;'), proto('repeated string url = 1;')], false],
    ['BACKWARD', [proto('string url = 1;'), proto('string url = 1;', 'other')], false],
    ['BACKWARD', [proto('string url = 1;') + 'message Extra { int32 x = 1; }\n', proto('string url = 1;')], false],
  ];
  test.each(protoCases.map(([l, s, c]) => [l, c, s] as const))('Protobuf %s evolution %#: compatible=%s', async (level, compatible, schemas) => {
    expect((await evolve(level, schemas, 'PROTOBUF')).ok).toBe(compatible);
  });
});

describe('embedded schema registry: ids, versions and deletes', () => {
  it('gives one id to one schema across subjects and whitespace, and new versions only for new schemas', async () => {
    const { registry } = memoryRegistry();
    const a = await registry.register('a', { schema: v1 });
    expect(await registry.register('a', { schema: JSON.stringify(JSON.parse(v1), null, 2) })).toEqual(a);
    expect(await registry.register('b', { schema: v1 })).toEqual({ id: a.id, version: 1 });
    expect(await registry.register('a', { schema: withDefault })).toEqual({ id: a.id + 1, version: 2 });
  });

  it('re-registering a soft-deleted schema gives a new version with the same id', async () => {
    const { registry } = memoryRegistry();
    const first = await registry.register('a', { schema: v1 });
    await registry.deleteVersion('a', '1', false);
    expect(await registry.register('a', { schema: v1 })).toEqual({ id: first.id, version: 2 });
  });

  it('needs a soft delete before a permanent one, and keeps ids resolving after the soft delete', async () => {
    const { registry } = memoryRegistry();
    const { id } = await registry.register('a', { schema: v1 });
    expect((await rejection(registry.deleteSubject('a', true))).errorCode).toBe(40405);
    expect(await registry.deleteSubject('a', false)).toEqual([1]);
    expect((await rejection(registry.deleteSubject('a', false))).errorCode).toBe(40404);
    expect(registry.schemaById(id).schema).toBe(v1);
    expect(() => registry.versionsOf('a')).toThrow("Subject 'a' not found.");
    expect(registry.subjectNames()).toEqual([]);
    expect(registry.subjectNames({ deleted: true })).toEqual(['a']);
    expect(await registry.deleteSubject('a', true)).toEqual([1]);
    expect(() => registry.schemaById(id)).toThrow(`Schema ${id} not found`);
  });

  it('soft-deleted versions no longer take part in compatibility checks', async () => {
    const { registry } = memoryRegistry();
    await registry.register('a', { schema: v1 });
    await registry.setLevel('a', 'NONE');
    await registry.register('a', { schema: renamedField });
    await registry.setLevel('a', 'BACKWARD');
    expect((await rejection(registry.register('a', { schema: v1.replace('"url"', '"other"') }))).status).toBe(409);
    await registry.deleteVersion('a', 'latest', false);
    await registry.deleteVersion('a', '1', false);
    expect(await registry.register('a', { schema: v1.replace('"url"', '"other"') })).toMatchObject({ version: 3 });
  });

  it('refuses to delete a schema another one references with 42206', async () => {
    const { registry } = memoryRegistry();
    await registry.register('ref', { schema: record([{ name: 'url', type: 'string' }], 'Inner') });
    await registry.register('outer', {
      schema: JSON.stringify({ type: 'record', name: 'Outer', fields: [{ name: 'inner', type: 'demo.Inner' }] }),
      references: [{ name: 'demo.Inner', subject: 'ref', version: 1 }],
    });
    expect((await rejection(registry.deleteVersion('ref', '1', false))).errorCode).toBe(42206);
  });

  it('rejects malformed schemas, unknown types and bad versions with 42201/42202', async () => {
    const { registry, records } = memoryRegistry();
    expect((await rejection(registry.register('a', { schema: '{"type":"record"' }))).errorCode).toBe(42201);
    expect((await rejection(registry.register('a', { schema: '{"type":"nope"}' }))).errorCode).toBe(42201);
    expect((await rejection(registry.register('a', { schema: 'message {', schemaType: 'PROTOBUF' }))).errorCode).toBe(42201);
    expect((await rejection(registry.register('a', { schema: v1, schemaType: 'XML' }))).message).toBe('Invalid schema type XML');
    expect((await rejection(registry.register('a', { schema: 'x', references: [{ name: 'x', subject: 'none', version: 1 }] }))).errorCode).toBe(42201);
    for (const bad of ['0', 'abc', '2147483648', '-2']) expect(() => registry.version('a', bad)).toThrow(`The specified version '${bad}' is not a valid version id`);
    expect(records).toEqual([]);
  });

  it('rebuilds the same state by replaying the records it wrote', async () => {
    const { registry, records } = memoryRegistry();
    await registry.register('a', { schema: v1 });
    await registry.register('a', { schema: withDefault });
    await registry.register('b', { schema: v1 });
    await registry.setLevel('a', 'full');
    await registry.deleteVersion('a', '1', false);
    await registry.deleteSubject('b', false);
    await registry.deleteSubject('b', true);
    const replayed = new SchemaStore();
    for (const { key, value } of records) replayed.apply(key, value);
    const again = new Registry(replayed, { append: async () => undefined });
    expect(again.subjectNames({ deleted: true })).toEqual(['a']);
    expect(again.versionsOf('a', { deleted: true }).map((v) => [v.version, v.deleted])).toEqual([[1, true], [2, false]]);
    expect(again.level('a')).toBe('FULL');
    expect(await again.register('c', { schema: record([{ name: 'z', type: 'int' }]) })).toEqual({ id: 3, version: 1 });
  });
});
