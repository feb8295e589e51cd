import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceRecord } from '../../../embedded/connect/data/record';
import { LOGICAL } from '../../../embedded/connect/data/schema';
import { compileGenerator } from '../../../embedded/connect/plugins/datagen/arg-generator';
import { datagenPlugin } from '../../../embedded/connect/plugins/datagen/datagen-connector';
import { PluginRegistry } from '../../../embedded/connect/plugins/registry';
import { silentLogger } from '../../../embedded/logger';
import { CONVERTERS } from '../../../embedded/connect/converters';
import { CLICK_SCHEMA } from '../../../src/pipeline/demo/avro-schemas';
import { datagenClickSchema, demoConnectorConfigs, DEMO_DATAGEN_CONNECTOR } from '../../../src/pipeline/demo/connectors';
import { DEMO_DEVICE_COUNT, DEMO_URLS, DEMO_USER_COUNT } from '../../../src/pipeline/demo/demo-data';

/**
 * The embedded Datagen against kafka-connect-datagen's rules: one schema source, its validators' messages, the key
 * field check, avro-random-generator's arg.properties, and resuming from the stored offset.
 */
const registry = new PluginRegistry([datagenPlugin]);
const errorsOf = (config: Record<string, string>) =>
  Object.fromEntries(registry.validate(datagenPlugin, { name: 'gen', 'connector.class': 'DatagenConnector', 'kafka.topic': 't', ...config }).configs.filter((c) => c.value.errors.length > 0).map((c) => [c.value.name, c.value.errors]));

const schema = (fields: object[]) => JSON.stringify({ type: 'record', name: 'Thing', namespace: 'io.example', fields });
const SCHEMA_SOURCES = 'Must set exactly one of schema.string, schema.filename, quickstart';

async function run(config: Record<string, string>, count: number, stored: Record<string, unknown> | null = null) {
  const task = datagenPlugin.createSourceTask!();
  await task.start({ 'kafka.topic': 't', 'max.interval': '0', 'task.id': '0', ...config }, { connectorName: 'gen', taskId: 0, logger: silentLogger, offsetOf: () => stored });
  const records: SourceRecord[] = [];
  while (records.length < count) records.push(...(await task.poll(new AbortController().signal)));
  return records.slice(0, count);
}

describe('embedded Datagen configs', () => {
  test('needs exactly one of schema.string, schema.filename and quickstart, naming all three or the ones set', () => {
    expect(errorsOf({})).toEqual({ 'schema.string': [SCHEMA_SOURCES], 'schema.filename': [SCHEMA_SOURCES], quickstart: [SCHEMA_SOURCES] });
    expect(errorsOf({ quickstart: 'users', 'schema.string': schema([{ name: 'a', type: 'int' }]) })).toEqual({ 'schema.string': [SCHEMA_SOURCES], quickstart: [SCHEMA_SOURCES] });
    expect(errorsOf({ quickstart: 'USERS' })).toEqual({});
  });

  test('refuses an unknown quickstart, a schema that does not parse and a missing file with the connector validators\' messages', () => {
    expect(errorsOf({ quickstart: 'weather' })).toEqual({ quickstart: ['quickstart must be one out of clickstream,users,stock_trades'] });
    expect(errorsOf({ 'schema.string': '{"type": "record", "name": "x"' })).toEqual({ 'schema.string': ['Unable to parse the provided schema'] });
    expect(errorsOf({ 'schema.string': '{"type": "recrod", "name": "x", "fields": []}' })).toEqual({ 'schema.string': ['Unable to parse the provided schema'] });
    expect(errorsOf({ 'schema.filename': '/nonexistent/schema.avsc' })).toEqual({ 'schema.filename': ['Unable to find the schema file'] });
  });

  test('checks schema.keyfield against the schema only once the rest of the config is valid', () => {
    const keyError = { 'schema.keyfield': ["The schema does not contain the field provided in 'schema.keyfield'"] };
    expect(errorsOf({ 'schema.string': schema([{ name: 'a', type: 'int' }]), 'schema.keyfield': 'b' })).toEqual(keyError);
    expect(errorsOf({ quickstart: 'clickstream', 'schema.keyfield': 'user_id' })).toEqual(keyError);
    expect(errorsOf({ quickstart: 'clickstream', 'schema.keyfield': 'userid' })).toEqual({});
    expect(errorsOf({ 'schema.string': schema([{ name: 'a', type: 'int' }]), 'schema.keyfield': 'b', 'max.interval': 'soon' })).not.toHaveProperty('schema.keyfield');
  });
});

describe('embedded Datagen records', () => {
  test('quickstart=clickstream emits the real quickstart record, keyed by ip', async () => {
    const [record] = await run({ quickstart: 'clickstream' }, 1);
    expect(record!.valueSchema).toMatchObject({ type: 'struct', name: 'clickstream.events' });
    expect(Object.keys(record!.value as object)).toEqual(['ip', 'userid', 'remote_user', 'time', '_time', 'request', 'status', 'bytes', 'referrer', 'agent']);
    expect(record!.key).toBe((record!.value as { ip: string }).ip);
    expect(record!.keySchema).toEqual({ type: 'string', optional: false });
    expect(record!.headers).toEqual({ 'task.generation': '0', 'task.id': '0', 'current.iteration': '0' });
  });

  test('schema.string honours options, range and iteration; the record name and timestamp-millis map as AvroData maps them', async () => {
    const records = await run(
      {
        'schema.string': schema([
          { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis', 'arg.properties': { iteration: { start: 1_700_000_000_000, step: 500 } } } },
          { name: 'id', type: { type: 'int', 'arg.properties': { range: { min: 1, max: 4 } } } },
          { name: 'kind', type: { type: 'string', 'arg.properties': { options: ['a', 'b'] } } },
          { name: 'n', type: { type: 'int', 'arg.properties': { iteration: { start: 0, restart: 3 } } } },
          { name: 'code', type: { type: 'string', 'arg.properties': { length: 5, prefix: 'c-' } } },
        ]),
        'schema.keyfield': 'id',
      },
      200,
    );
    const values = records.map((r) => r.value as { ts: Date; id: number; kind: string; n: number; code: string });
    expect(records[0]!.valueSchema!.name).toBe('io.example.Thing');
    expect(records[0]!.valueSchema!.fields![0]).toMatchObject({ field: 'ts', type: 'int64', name: LOGICAL.timestamp });
    expect(values.slice(0, 3).map((v) => v.ts.getTime())).toEqual([1_700_000_000_000, 1_700_000_000_500, 1_700_000_001_000]);
    expect(new Set(values.map((v) => v.id))).toEqual(new Set([1, 2, 3]));
    expect(new Set(values.map((v) => v.kind))).toEqual(new Set(['a', 'b']));
    expect(values.slice(0, 5).map((v) => v.n)).toEqual([0, 1, 2, 0, 1]);
    expect(values.every((v) => /^c-[\s\S]{5}$/.test(v.code))).toBe(true);
    expect(records.map((r) => r.key)).toEqual(values.map((v) => v.id));
    expect(records[0]!.keySchema).toEqual({ type: 'int32', optional: false });
  });

  test('without schema.keyfield a schema.string record has a null key', async () => {
    const [record] = await run({ 'schema.string': schema([{ name: 'a', type: 'int' }]) }, 1);
    expect(record).toMatchObject({ key: null, keySchema: { type: 'string', optional: true } });
  });

  test('a restarted task resumes its iterations and its count from the stored offset', async () => {
    const config = { 'schema.string': schema([{ name: 'n', type: { type: 'long', 'arg.properties': { iteration: { start: 10, step: 5 } } } }]) };
    const first = await run(config, 3);
    const resumed = await run(config, 1, first[2]!.sourceOffset);
    expect(first.map((r) => (r.value as { n: number }).n)).toEqual([10, 15, 20]);
    expect(resumed[0]).toMatchObject({ value: { n: 25 }, headers: { 'task.generation': '1', 'current.iteration': '3' }, sourceOffset: { 'current.iteration': 4 } });
  });

  test('fails the task once the configured iterations are generated, as the real connector does', async () => {
    const task = datagenPlugin.createSourceTask!();
    await task.start({ 'kafka.topic': 't', 'max.interval': '0', iterations: '2', 'task.id': '0', quickstart: 'users' }, { connectorName: 'gen', taskId: 0, logger: silentLogger, offsetOf: () => null });
    expect(await task.poll(new AbortController().signal)).toHaveLength(2);
    await expect(task.poll(new AbortController().signal)).rejects.toThrow('Stopping connector: generated the configured 2 number of messages');
  });

  test('fails the task with the generator\'s messages for bad arg.properties', async () => {
    const bad = (type: object) => run({ 'schema.string': schema([{ name: 'a', type }]) }, 1);
    await expect(bad({ type: 'int', 'arg.properties': { range: { min: 5, max: 5 } } })).rejects.toThrow("'min' field must be strictly less than 'max' field in range property");
    await expect(bad({ type: 'int', 'arg.properties': { options: [] } })).rejects.toThrow('options property cannot be empty');
    await expect(bad({ type: 'int', 'arg.properties': { options: ['x'] } })).rejects.toThrow("Invalid option for int schema: type java.lang.String, value 'x'");
    await expect(bad({ type: 'int', 'arg.properties': { options: [1], range: { min: 1 } } })).rejects.toThrow('Cannot specify range prop when options prop is given');
    await expect(bad({ type: 'long', 'arg.properties': { iteration: { step: 1 } } })).rejects.toThrow('iteration property must contain start field');
    await expect(bad({ type: 'long', 'arg.properties': { iteration: { start: 1, step: 0 } } })).rejects.toThrow('step field of iteration property cannot be zero');
    await expect(bad({ type: 'string', 'arg.properties': { length: -1 } })).rejects.toThrow('when given as integral number, length property cannot be negative');
  });

  test('schema.filename reads the schema from a file on the worker', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'datagen-'));
    try {
      const file = join(dir, 'thing.avsc');
      await writeFile(file, schema([{ name: 'a', type: { type: 'int', 'arg.properties': { options: [7] } } }]));
      expect(errorsOf({ 'schema.filename': file })).toEqual({});
      expect((await run({ 'schema.filename': file }, 1))[0]!.value).toEqual({ a: 7 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('shared iteration schemas advance one iterator, as the generator caches iterators per equal schema', () => {
    const counter = { type: 'int', 'arg.properties': { iteration: { start: 0 } } };
    const generate = compileGenerator({ type: 'record', name: 'r', fields: [{ name: 'a', type: counter }, { name: 'b', type: { ...counter } }] });
    expect([generate(Math.random), generate(Math.random)]).toEqual([{ a: 0, b: 1 }, { a: 2, b: 3 }]);
  });

  test('named types are generated where they are referred to, by short or full name', () => {
    const generate = compileGenerator({ type: 'record', name: 'r', namespace: 'n', fields: [{ name: 'a', type: { type: 'enum', name: 'E', symbols: ['X'] } }, { name: 'b', type: 'E' }, { name: 'c', type: ['null', 'n.E'] }] });
    expect(generate(() => 0.9)).toEqual({ a: 'X', b: 'X', c: 'X' });
  });
});

describe('the demo datagen schema', () => {
  test('annotates the one Click schema with the seed ranges, urls and a timestamp iteration from the start time', async () => {
    const records = await run({ 'schema.string': JSON.stringify(datagenClickSchema(1_000)), 'schema.keyfield': 'user_id' }, 300);
    const values = records.map((r) => r.value as { timestamp: Date; user_id: number; url: string; device_id: number });
    expect(records[0]!.valueSchema).toMatchObject({ name: 'io.pipegraph.demo.Click', fields: [{ field: 'timestamp' }, { field: 'user_id' }, { field: 'url' }, { field: 'device_id' }] });
    expect(values.slice(0, 2).map((v) => v.timestamp.getTime())).toEqual([1_000, 1_500]);
    const urls = new Set(DEMO_URLS.map((u) => u.url));
    expect(values.every((v) => v.user_id >= 1 && v.user_id <= DEMO_USER_COUNT && v.device_id >= 1 && v.device_id <= DEMO_DEVICE_COUNT && urls.has(v.url))).toBe(true);
    expect(records.every((r, i) => r.key === values[i]!.user_id)).toBe(true);
  });

  test('the demo datagen writes plain JSON Click values without a registry, and drops the lenient latest-version check with one', async () => {
    const plain = demoConnectorConfigs({ databaseUrl: 'postgres://localhost/db' }, 5_000)[DEMO_DATAGEN_CONNECTOR]!;
    const [record] = await run(plain, 1);
    const json = await CONVERTERS[plain['value.converter']!]!({ 'schemas.enable': plain['value.converter.schemas.enable']! }, false).fromConnectData('clickstream', record!.valueSchema, record!.value);
    expect(JSON.parse(Buffer.from(json as Buffer).toString())).toEqual({ timestamp: 5_000, user_id: record!.key, url: expect.stringMatching(/^https:\/\/example\.com\//), device_id: expect.any(Number) });
    const avro = demoConnectorConfigs({ databaseUrl: 'postgres://localhost/db', registry: { url: 'http://registry' } })[DEMO_DATAGEN_CONNECTOR]!;
    expect(avro).toMatchObject({ 'schema.keyfield': 'user_id', 'value.converter.use.latest.version': 'true', 'value.converter.auto.register.schemas': 'false' });
    expect(avro).not.toHaveProperty('value.converter.latest.compatibility.strict');
    // The datagen variant is derived from the one Click schema: strip the annotations and it is Click again.
    const stripped = datagenClickSchema(0) as { fields: Array<{ type: Record<string, unknown> }> };
    expect(stripped.fields.map(({ type: { 'arg.properties': _args, ...type }, ...f }) => ({ ...f, type: Object.keys(type).length === 1 ? type.type : type }))).toEqual(CLICK_SCHEMA.fields);
  });
});
