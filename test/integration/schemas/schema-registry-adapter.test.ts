import pino from 'pino';
import { startEmbeddedKafka } from '../../../embedded/kafka';
import { startEmbeddedSchemaRegistry } from '../../../embedded/schema-registry';
import { SchemaRegistryClient } from '../../../src/adapters/schema-registry';
import { AppError } from '../../../src/errors/app-error';
import { createLeftovers } from '../../helpers/leftovers';

const record = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Click', fields: [{ name: 'url', type: 'string' }, ...fields] });

describe('SchemaRegistryClient against the embedded registry', () => {
  const leftovers = createLeftovers();
  let client: SchemaRegistryClient;

  beforeAll(async () => {
    const broker = await startEmbeddedKafka({ port: 0 });
    leftovers.add(() => broker.stop());
    const registry = await startEmbeddedSchemaRegistry({ port: 0, kafkaBrokers: broker.brokers });
    leftovers.add(() => registry.stop());
    client = new SchemaRegistryClient({ url: registry.url, timeoutMs: 5_000, logger: pino({ level: 'silent' }) });
  });
  afterAll(() => leftovers.drain());

  it('registers, reads, checks and deletes through the REST API', async () => {
    const { id } = await client.register('clicks-value', { schema: record([]), schemaType: 'AVRO' });
    expect(await client.listSubjects()).toEqual(['clicks-value']);
    expect(await client.getVersion('clicks-value', 'latest')).toEqual({ subject: 'clicks-value', version: 1, id, schemaType: 'AVRO', references: [], schema: record([]) });
    expect(await client.schemaById(id)).toMatchObject({ id, schemaType: 'AVRO' });
    expect(await client.versionsOfId(id)).toEqual([{ subject: 'clicks-value', version: 1 }]);
    expect(await client.lookup('clicks-value', { schema: record([]), schemaType: 'AVRO' })).toMatchObject({ version: 1, id });
    expect(await client.checkCompatibility('clicks-value', 'latest', { schema: record([{ name: 'd', type: 'string' }]), schemaType: 'AVRO' })).toMatchObject({
      compatible: false,
      messages: [expect.stringContaining('READER_FIELD_MISSING_DEFAULT_VALUE'), expect.anything(), expect.anything(), expect.anything()],
    });
    expect(await client.setCompatibility('clicks-value', 'FULL')).toBe('FULL');
    expect(await client.getCompatibility('clicks-value')).toBe('FULL');
    expect(await client.getCompatibility('other')).toBe('BACKWARD');
    expect(await client.deleteVersion('clicks-value', 1)).toBe(1);
    expect(await client.listSubjects({ deleted: true })).toEqual(['clicks-value']);
    expect(await client.deleteSubject('clicks-value', { permanent: true })).toEqual([1]);
  });

  it('maps an incompatible evolution to CONFLICT and changes nothing', async () => {
    await client.register('strict-value', { schema: record([]), schemaType: 'AVRO' });
    const error = await client.register('strict-value', { schema: record([{ name: 'd', type: 'string' }]), schemaType: 'AVRO' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'CONFLICT', details: { incompatibilities: expect.arrayContaining([expect.stringContaining("The field 'd'")]) } });
    expect(await client.listVersions('strict-value')).toEqual([1]);
  });

  it('maps unknown subjects, versions and ids to NOT_FOUND and a malformed schema to BAD_USER_INPUT', async () => {
    await expect(client.listVersions('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.getVersion('strict-value', 5)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.schemaById(4242)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.register('x-value', { schema: '{"type":"record"', schemaType: 'AVRO' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(client.register('x-value', { schema: 'message {', schemaType: 'PROTOBUF' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
