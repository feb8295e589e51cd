import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SchemaRegistryClient } from '../../../src/adapters/schema-registry';
import { AppError } from '../../../src/errors/app-error';
import { redactSecrets } from '../../../src/secrets';

/** A stub registry answering each path with a fixed status and body, recording what it was sent. */
async function stubRegistry(answers: Record<string, { status: number; body: unknown; delayMs?: number }>) {
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }> = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    const answer = answers[new URL(req.url!, 'http://x').pathname] ?? { status: 404, body: { error_code: 404, message: 'HTTP 404 Not Found' } };
    const reply = () => {
      res.writeHead(answer.status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
      res.end(JSON.stringify(answer.body));
    };
    if (answer.delayMs) setTimeout(reply, answer.delayMs).unref();
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const logger = pino({ level: 'silent' });
const avro = { schema: '"string"', schemaType: 'AVRO' as const };

describe('SchemaRegistryClient maps the registry documented errors', () => {
  let stub: Awaited<ReturnType<typeof stubRegistry>>;
  let client: SchemaRegistryClient;
  const incompatible = `Schema being registered is incompatible with an earlier schema for subject "t-value", details: [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'f2' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'f2'}, {oldSchemaVersion: 1}, {oldSchema: '{"type":"record","name":"r","fields":[]}'}, {validateFields: 'false', compatibility: 'BACKWARD'}]`;

  beforeAll(async () => {
    stub = await stubRegistry({
      '/subjects/nope/versions': { status: 404, body: { error_code: 40401, message: "Subject 'nope' not found." } },
      '/subjects/t-value/versions/9': { status: 404, body: { error_code: 40402, message: 'Version 9 not found.' } },
      '/schemas/ids/77': { status: 404, body: { error_code: 40403, message: 'Schema 77 not found' } },
      '/subjects/t-value/versions': { status: 409, body: { error_code: 409, message: incompatible } },
      '/subjects/new-value/versions': { status: 409, body: { error_code: 40901, message: incompatible } },
      '/subjects/bad-value/versions': { status: 422, body: { error_code: 42201, message: 'Invalid schema' } },
      '/subjects/t-value/versions/0': { status: 422, body: { error_code: 42202, message: "The specified version '0' is not a valid version id." } },
      '/config': { status: 500, body: { error_code: 50001, message: 'Error in the backend data store' } },
      '/mode': { status: 200, body: { mode: 'READWRITE' }, delayMs: 2_000 },
      '/subjects': { status: 401, body: { error_code: 401, message: 'Unauthorized' } },
      '/schemas/ids/1': { status: 200, body: { schema: '"string"' } },
    });
    client = new SchemaRegistryClient({ url: `http://alice:s3cret-pw@127.0.0.1:${stub.port}`, timeoutMs: 500, logger });
  });
  afterAll(() => stub.close());

  it('maps 40401, 40402 and 40403 to NOT_FOUND with the registry code in details', async () => {
    for (const [call, registryErrorCode] of [
      [client.listVersions('nope'), 40401],
      [client.getVersion('t-value', 9), 40402],
      [client.schemaById(77), 40403],
    ] as const) {
      const error = await failure(call);
      expect(error).toMatchObject({ code: 'NOT_FOUND', retriable: false, details: { upstream: 'schema-registry', registryErrorCode } });
    }
  });

  it('maps an incompatible schema (409 and 40901) to CONFLICT carrying each incompatibility', async () => {
    for (const subject of ['t-value', 'new-value']) {
      const error = await failure(client.register(subject, avro));
      expect(error.code).toBe('CONFLICT');
      const entries = error.details!.incompatibilities as string[];
      expect(entries[0]).toContain("READER_FIELD_MISSING_DEFAULT_VALUE");
      expect(entries).toContain('{oldSchemaVersion: 1}');
      expect(entries).toHaveLength(4);
    }
  });

  it('maps 42201 and 42202 to BAD_USER_INPUT naming the field', async () => {
    expect(await failure(client.register('bad-value', avro))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'schema' } });
    expect(await failure(client.getVersion('t-value', 0))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'version' } });
  });

  it('maps 5xx and timeouts to UPSTREAM_UNAVAILABLE, retriable', async () => {
    expect(await failure(client.getCompatibility())).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
    const timedOut = await failure(client.mode());
    expect(timedOut).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
    expect(timedOut.message).toContain('no answer within 500 ms');
  });

  it('maps a refused login to UPSTREAM_REJECTED without echoing the credentials', async () => {
    const error = await failure(client.listSubjects());
    expect(error.code).toBe('UPSTREAM_REJECTED');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('s3cret-pw');
  });

  it('sends basic auth from the URL in a header, never in the URL, and shows the URL without it', async () => {
    expect(client.url).toBe(`http://127.0.0.1:${stub.port}`);
    expect(await client.schemaById(1)).toEqual({ id: 1, schemaType: 'AVRO', references: [], schema: '"string"' });
    const last = stub.seen[stub.seen.length - 1]!;
    expect(last.url).not.toContain('alice');
    expect(last.headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`);
    expect(last.headers.accept).toContain('application/vnd.schemaregistry.v1+json');
  });

  it('answers UPSTREAM_UNAVAILABLE (retriable) when nothing listens', async () => {
    const down = new SchemaRegistryClient({ url: 'http://127.0.0.1:1', timeoutMs: 500, logger });
    expect(await failure(down.listSubjects())).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
  });
});

describe('registry credentials in connector configs', () => {
  it('redacts the converters basic.auth.user.info and the registry URL password', () => {
    expect(
      redactSecrets({
        'value.converter.basic.auth.user.info': 'alice:s3cret-pw',
        'value.converter.schema.registry.url': 'http://alice:s3cret-pw@registry:8081',
      }),
    ).toEqual({ 'value.converter.basic.auth.user.info': '[REDACTED]', 'value.converter.schema.registry.url': 'http://alice:[REDACTED]@registry:8081' });
  });
});
