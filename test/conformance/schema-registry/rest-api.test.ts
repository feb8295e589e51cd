import { startEmbeddedKafka, type EmbeddedKafka } from '../../../embedded/kafka';
import { startEmbeddedSchemaRegistry, type EmbeddedSchemaRegistry } from '../../../embedded/schema-registry';
import { createLeftovers } from '../../helpers/leftovers';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** One REST call as the Java client makes it; the answer body parsed when it is JSON. */
async function call(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': CONTENT_TYPE },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, body: type.startsWith(CONTENT_TYPE) ? JSON.parse(text) : text };
}

const click = (extra: unknown[] = []) => JSON.stringify({ type: 'record', name: 'Click', namespace: 'demo', fields: [{ name: 'url', type: 'string' }, ...extra] });

describe('embedded schema registry speaks the Confluent REST API', () => {
  const leftovers = createLeftovers();
  let broker: EmbeddedKafka;
  let registry: EmbeddedSchemaRegistry;
  let base: string;

  beforeAll(async () => {
    broker = await startEmbeddedKafka({ port: 0 });
    leftovers.add(() => broker.stop());
    registry = await startEmbeddedSchemaRegistry({ port: 0, kafkaBrokers: broker.brokers });
    leftovers.add(() => registry.stop());
    base = registry.url;
  });
  afterAll(() => leftovers.drain());

  it('registers, lists, reads and looks up a schema with the registry media type', async () => {
    const registered = await call(base, 'POST', '/subjects/clicks-value/versions', { schema: click() });
    expect(registered).toMatchObject({ status: 200, type: CONTENT_TYPE, body: { id: expect.any(Number) } });
    const id = registered.body.id as number;
    expect((await call(base, 'GET', '/subjects')).body).toContain('clicks-value');
    expect((await call(base, 'GET', '/subjects/clicks-value/versions')).body).toEqual([1]);
    expect((await call(base, 'GET', '/subjects/clicks-value/versions/latest')).body).toEqual({ subject: 'clicks-value', version: 1, id, schemaType: 'AVRO', schema: click() });
    expect((await call(base, 'GET', '/subjects/clicks-value/versions/1/schema')).body).toBe(click());
    expect((await call(base, 'GET', `/schemas/ids/${id}`)).body).toEqual({ schemaType: 'AVRO', schema: click() });
    expect((await call(base, 'GET', `/schemas/ids/${id}/versions`)).body).toEqual([{ subject: 'clicks-value', version: 1 }]);
    expect((await call(base, 'POST', '/subjects/clicks-value', { schema: click() })).body).toMatchObject({ id, version: 1 });
    expect((await call(base, 'GET', '/schemas/types')).body).toEqual(['JSON', 'PROTOBUF', 'AVRO']);
    expect((await call(base, 'GET', '/mode')).body).toEqual({ mode: 'READWRITE' });
    // 8.3's AssociatedNameStrategy asks first and falls back to TopicNameStrategy on an empty list.
    expect((await call(base, 'GET', '/associations/resources/-/clicks?resourceType=topic&associationType=value')).body).toEqual([]);
  });

  it('answers the documented error codes and bodies', async () => {
    expect(await call(base, 'GET', '/subjects/nope/versions')).toMatchObject({ status: 404, body: { error_code: 40401, message: "Subject 'nope' not found." } });
    expect(await call(base, 'GET', '/subjects/clicks-value/versions/9')).toMatchObject({ status: 404, body: { error_code: 40402, message: 'Version 9 not found.' } });
    expect(await call(base, 'GET', '/schemas/ids/999')).toMatchObject({ status: 404, body: { error_code: 40403, message: 'Schema 999 not found' } });
    expect(await call(base, 'GET', '/subjects/clicks-value/versions/0')).toMatchObject({ status: 422, body: { error_code: 42202 } });
    expect(await call(base, 'POST', '/subjects/x-value/versions', { schema: '{"type":' })).toMatchObject({ status: 422, body: { error_code: 42201 } });
    expect(await call(base, 'PUT', '/config', { compatibility: 'SIDEWAYS' })).toMatchObject({ status: 422, body: { error_code: 42203 } });
    expect(await call(base, 'GET', '/config/clicks-value')).toMatchObject({ status: 404, body: { error_code: 40408 } });
    expect(await call(base, 'GET', '/no/such/route')).toMatchObject({ status: 404, body: { error_code: 404, message: 'HTTP 404 Not Found' } });
    expect(await call(base, 'POST', '/subjects/clicks-value/versions', { schema: click([{ name: 'device', type: 'string' }]) })).toMatchObject({
      status: 409,
      body: { error_code: 409, message: expect.stringContaining("READER_FIELD_MISSING_DEFAULT_VALUE") },
    });
  });

  it('checks compatibility against a version, verbosely with the reasons', async () => {
    const path = '/compatibility/subjects/clicks-value/versions/latest?verbose=true';
    expect((await call(base, 'POST', path, { schema: click([{ name: 'd', type: 'string', default: '' }]) })).body).toEqual({ is_compatible: true, messages: [] });
    const incompatible = await call(base, 'POST', path, { schema: click([{ name: 'd', type: 'string' }]) });
    expect(incompatible.body.is_compatible).toBe(false);
    expect(incompatible.body.messages[0]).toContain("The field 'd' at path '/fields/1' in the new schema has no default value");
    expect((await call(base, 'POST', '/compatibility/subjects/unknown/versions/latest', { schema: click() })).body).toEqual({ is_compatible: true });
    expect(await call(base, 'POST', '/compatibility/subjects/clicks-value/versions/7', { schema: click() })).toMatchObject({ status: 404, body: { error_code: 40402 } });
  });

  it('sets and reads compatibility per subject and globally', async () => {
    expect((await call(base, 'PUT', '/config/clicks-value', { compatibility: 'full_transitive' })).body).toEqual({ compatibility: 'FULL_TRANSITIVE' });
    expect((await call(base, 'GET', '/config/clicks-value')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect((await call(base, 'GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await call(base, 'GET', '/config/other?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('deletes softly then permanently, and keeps its state in _schemas across a restart', async () => {
    const json = JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } });
    const { body: created } = await call(base, 'POST', '/subjects/gone-value/versions', { schema: json, schemaType: 'JSON' });
    expect(await call(base, 'DELETE', '/subjects/gone-value/versions/1?permanent=true')).toMatchObject({ status: 404, body: { error_code: 40407 } });
    expect((await call(base, 'DELETE', '/subjects/gone-value')).body).toEqual([1]);
    expect((await call(base, 'GET', '/subjects?deleted=true')).body).toContain('gone-value');
    expect((await call(base, 'GET', `/schemas/ids/${created.id}`)).body).toEqual({ schemaType: 'JSON', schema: json });

    await registry.stop();
    registry = await startEmbeddedSchemaRegistry({ port: 0, kafkaBrokers: broker.brokers });
    leftovers.add(() => registry.stop());
    base = registry.url;
    expect((await call(base, 'GET', '/subjects')).body).toEqual(['clicks-value']);
    expect((await call(base, 'GET', '/subjects?deleted=true')).body).toEqual(['clicks-value', 'gone-value']);
    expect((await call(base, 'GET', '/config/clicks-value')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect((await call(base, 'DELETE', '/subjects/gone-value?permanent=true')).body).toEqual([1]);
    expect(await call(base, 'GET', `/schemas/ids/${created.id}`)).toMatchObject({ status: 404, body: { error_code: 40403 } });
    // A new schema continues the id sequence instead of reusing one.
    const next = await call(base, 'POST', '/subjects/new-value/versions', { schema: '"string"' });
    expect(next.body.id).toBe(created.id + 1);
  });

  it('gives concurrent registrations distinct global ids, and distinct versions within a subject', async () => {
    // As the demo's generator and enricher do at start: several producers register their schemas at the same moment.
    const record = (name: string) => JSON.stringify({ type: 'record', name, namespace: 'race', fields: [{ name: 'a', type: 'string' }] });
    const subjects = ['race-a-value', 'race-b-value', 'race-c-value', 'race-d-value'];
    const answers = await Promise.all(subjects.map((subject, i) => call(base, 'POST', `/subjects/${subject}/versions`, { schema: record(`R${i}`) })));
    const ids = answers.map((a) => a.body.id as number);
    expect(new Set(ids).size).toBe(subjects.length);
    for (const [i, subject] of subjects.entries()) {
      expect((await call(base, 'GET', `/schemas/ids/${ids[i]}`)).body.schema).toBe(record(`R${i}`));
      expect((await call(base, 'GET', `/schemas/ids/${ids[i]}/versions`)).body).toEqual([{ subject, version: 1 }]);
    }
    await call(base, 'PUT', '/config/race-evolving-value', { compatibility: 'NONE' });
    const evolving = await Promise.all([0, 1, 2].map((i) => call(base, 'POST', '/subjects/race-evolving-value/versions', { schema: record(`E${i}`) })));
    expect(new Set(evolving.map((a) => a.body.id)).size).toBe(3);
    expect((await call(base, 'GET', '/subjects/race-evolving-value/versions')).body).toEqual([1, 2, 3]);
  });
});
