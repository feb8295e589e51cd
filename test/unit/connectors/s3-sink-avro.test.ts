import avro from 'avsc';
import { avroContainer, avroSchemaOf } from '../../../embedded/connect/plugins/s3-sink/avro-container';
import { LOGICAL, type ConnectSchema } from '../../../embedded/connect/data/schema';

const schema: ConnectSchema = {
  type: 'struct',
  fields: [
    { field: 'id', type: 'int32' },
    { field: 'big', type: 'int64' },
    { field: 'name', type: 'string', optional: true },
    { field: 'at', type: 'int64', name: LOGICAL.timestamp },
    { field: 'score', type: 'float64' },
    { field: 'tags', type: 'array', items: { type: 'string' } },
    { field: 'attrs', type: 'map', keys: { type: 'string' }, values: { type: 'int64' } },
    { field: 'device', type: 'struct', optional: true, fields: [{ field: 'kind', type: 'string' }] },
  ],
};

/** Reads a container file with avsc (an independent Avro implementation): the writer schema and the records. */
function readContainer(bytes: Buffer): Promise<{ writerSchema: unknown; records: unknown[] }> {
  return new Promise((resolve, reject) => {
    const decoder = new avro.streams.BlockDecoder({ parseHook: (s: unknown) => avro.Type.forSchema(s as avro.Schema, { wrapUnions: false }) });
    const records: unknown[] = [];
    let writerSchema: unknown;
    decoder.on('metadata', (type: avro.Type) => (writerSchema = type.schema()));
    decoder.on('data', (record: unknown) => records.push(record));
    decoder.on('end', () => resolve({ writerSchema, records }));
    decoder.on('error', reject);
    decoder.end(bytes);
  });
}

describe('AvroFormat container files', () => {
  it('converts the Connect schema as AvroData does (ConnectDefault record, nullable unions, timestamp-millis)', () => {
    const converted = avroSchemaOf(schema) as { name: string; namespace: string; fields: Array<{ name: string; type: unknown; default?: unknown }> };
    expect(converted).toMatchObject({ type: 'record', name: 'ConnectDefault', namespace: 'io.confluent.connect.avro' });
    expect(converted.fields.find((f) => f.name === 'name')).toEqual({ name: 'name', type: ['null', 'string'], default: null });
    expect(converted.fields.find((f) => f.name === 'at')!.type).toMatchObject({ type: 'long', logicalType: 'timestamp-millis' });
  });

  it('writes records another Avro implementation reads back exactly', async () => {
    const values = [
      { id: 1, big: 2n ** 40n, name: 'ada', at: new Date(Date.UTC(2026, 0, 1)), score: 0.25, tags: ['a', 'b'], attrs: { x: 3 }, device: { kind: 'mobile' } },
      { id: -7, big: -1, name: null, at: new Date(0), score: -1.5, tags: [], attrs: {}, device: null },
    ];
    const { records } = await readContainer(avroContainer(schema, values));
    expect(JSON.parse(JSON.stringify(records))).toEqual([
      { id: 1, big: 2 ** 40, name: 'ada', at: Date.UTC(2026, 0, 1), score: 0.25, tags: ['a', 'b'], attrs: { x: 3 }, device: { kind: 'mobile' } },
      { id: -7, big: -1, name: null, at: 0, score: -1.5, tags: [], attrs: {}, device: null },
    ]);
  });
});
