import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createPinotClient } from '../../../src/adapters/pinot';
import { AppError } from '../../../src/errors/app-error';
import { createLeftovers } from '../../helpers/leftovers';

/**
 * The adapter against a stub broker/controller that answers with Pinot's documented response shapes, including the
 * error bodies real brokers send (HTTP 200 with exceptions, and newer brokers' non-200 statuses).
 */
type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const leftovers = createLeftovers();
let handler: Handler = (_request, _body, response) => response.end();
let url = '';
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => handler(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  leftovers.add(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => leftovers.drain());

const client = (overrides: Partial<Parameters<typeof createPinotClient>[0]> = {}) =>
  createPinotClient({ brokerUrl: url, controllerUrl: url, logger, queryTimeoutMs: 2_000, ...overrides });

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_request, _body, response) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const okBody = (extra: Record<string, unknown> = {}) => ({
  resultTable: { dataSchema: { columnNames: ['symbol', 'total_shares'], columnDataTypes: ['STRING', 'DOUBLE'] }, rows: [['AAPL', 150.0]] },
  exceptions: [],
  numServersQueried: 2,
  numServersResponded: 2,
  numDocsScanned: 24,
  totalDocs: 24,
  numGroupsLimitReached: false,
  timeUsedMs: 4,
  minConsumingFreshnessTimeMs: 1_700_000_000_000,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('Pinot adapter against documented broker responses', () => {
  it('posts sql and queryOptions with timeoutMs in milliseconds and the configured Authorization header', async () => {
    let seen: { body: any; auth?: string; path?: string } | undefined;
    handler = (request, body, response) => {
      seen = { body: JSON.parse(body), auth: request.headers.authorization, path: request.url };
      json(200, okBody())(request, body, response);
    };
    const result = await client({ authorization: 'Basic c2VjcmV0' }).query('SELECT 1', { timeoutMs: 1234, options: { numGroupsLimit: 5 } });
    expect(seen).toEqual({ body: { sql: 'SELECT 1', queryOptions: 'numGroupsLimit=5;timeoutMs=1234' }, auth: 'Basic c2VjcmV0', path: '/query/sql' });
    expect(result.columns).toEqual([{ name: 'symbol', type: 'STRING' }, { name: 'total_shares', type: 'DOUBLE' }]);
    expect(result.rows).toEqual([['AAPL', 150]]);
    expect(result.stats).toEqual({ docsScanned: 24, totalDocs: 24, timeUsedMs: 4, serversQueried: 2, serversResponded: 2, partial: false, groupsLimitReached: false, freshAsOfMs: 1_700_000_000_000 });
  });

  it('reports partial results and trimmed groups instead of hiding them', async () => {
    handler = json(200, okBody({ numServersResponded: 1, numGroupsLimitReached: true }));
    const { stats } = await client().query('SELECT 1');
    expect(stats.partial).toBe(true);
    expect(stats.groupsLimitReached).toBe(true);
  });

  it('keeps LONG values beyond 2^53 exact', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"resultTable":{"dataSchema":{"columnNames":["n","s"],"columnDataTypes":["LONG","STRING"]},"rows":[[9223372036854775807,"12345678901234567890"]]},"exceptions":[],"numServersQueried":1,"numServersResponded":1}');
    };
    expect((await client().query('SELECT 1')).rows).toEqual([['9223372036854775807', '12345678901234567890']]);
  });

  it.each<[string, number, string, Record<string, unknown>]>([
    ['SQL parsing (150)', 150, 'UPSTREAM_REJECTED', {}],
    ['table does not exist (190)', 190, 'BAD_USER_INPUT', { field: 'table' }],
    ['broker resource missing (410)', 410, 'BAD_USER_INPUT', { field: 'table' }],
    ['unknown column (710)', 710, 'BAD_USER_INPUT', { field: 'column' }],
    ['query validation (700)', 700, 'UPSTREAM_REJECTED', {}],
    ['execution timeout (250)', 250, 'UPSTREAM_UNAVAILABLE', {}],
    ['broker timeout (400)', 400, 'UPSTREAM_UNAVAILABLE', {}],
    ['server not responding (427)', 427, 'UPSTREAM_UNAVAILABLE', {}],
    ['quota exceeded (429)', 429, 'RATE_LIMITED', {}],
    ['an unknown code', 9999, 'UPSTREAM_REJECTED', {}],
  ])('maps exceptions with %s on HTTP 200', async (_name, errorCode, code, details) => {
    handler = json(200, { exceptions: [{ errorCode, message: `QueryError:\nsomething about ${errorCode}` }], numServersQueried: 0, numServersResponded: 0 });
    const error = await failure(client().query('SELECT 1'));
    expect(error.code).toBe(code);
    expect(error.retriable).toBe(code === 'UPSTREAM_UNAVAILABLE' || code === 'RATE_LIMITED');
    expect(error.details).toMatchObject({ upstream: 'pinot', pinotErrorCodes: [errorCode], ...details });
  });

  it('treats exceptions as failure even when a result table came along', async () => {
    handler = json(200, okBody({ exceptions: [{ errorCode: 427, message: 'ServerNotRespondingError' }] }));
    expect((await failure(client().query('SELECT 1'))).code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('maps newer brokers non-200 statuses by their exception code', async () => {
    handler = json(400, { exceptions: [{ errorCode: 710, message: "Unknown columnName 'x' found in the query" }] });
    expect(await failure(client().query('SELECT x'))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'column' } });
  });

  it('maps HTTP 429 with Retry-After, 5xx and plain 4xx', async () => {
    handler = json(429, 'slow down', { 'retry-after': '3' });
    expect(await failure(client().query('SELECT 1'))).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 3000 });
    handler = json(503, 'Service Unavailable');
    expect(await failure(client().query('SELECT 1'))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
    handler = json(403, { code: 403, error: 'Permission denied' });
    expect((await failure(client().query('SELECT 1'))).code).toBe('UPSTREAM_REJECTED');
  });

  it('answers UPSTREAM_UNAVAILABLE when the broker does not answer in time', async () => {
    handler = () => undefined; // never responds
    const error = await failure(client({ queryTimeoutMs: 100 }).query('SELECT 1', { timeoutMs: 50 }));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
    expect(error.message).toMatch(/in time/);
  });

  it('answers UPSTREAM_UNAVAILABLE when nothing listens', async () => {
    const error = await failure(createPinotClient({ brokerUrl: 'http://127.0.0.1:1', controllerUrl: 'http://127.0.0.1:1', logger }).query('SELECT 1'));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', details: { upstream: 'pinot', reason: 'ECONNREFUSED' } });
  });
});

describe('Pinot adapter against documented controller responses', () => {
  it('reads tables, schemas and sizes', async () => {
    const schema = { schemaName: 't', dimensionFieldSpecs: [{ name: 'a', dataType: 'STRING' }] };
    handler = (request, body, response) => {
      const routes: Record<string, unknown> = {
        '/tables': { tables: ['t'] },
        '/tables/t': { REALTIME: { tableName: 't_REALTIME', tableType: 'REALTIME' } },
        '/tables/t/schema': schema,
        '/schemas/t': schema,
        '/tables/t/size': { tableName: 't', reportedSizeInBytes: 10, estimatedSizeInBytes: 12 },
      };
      const found = routes[request.url ?? ''];
      json(found ? 200 : 404, found ?? { code: 404, error: 'not found' })(request, body, response);
    };
    const pinot = client();
    expect(await pinot.listTables()).toEqual(['t']);
    expect((await pinot.tableConfigs('t')).REALTIME?.tableName).toBe('t_REALTIME');
    expect(await pinot.tableSchema('t')).toEqual(schema);
    expect(await pinot.schema('t')).toEqual(schema);
    expect(await pinot.tableSize('t')).toMatchObject({ reportedSizeInBytes: 10 });
    expect(await failure(pinot.tableSchema('missing'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports readiness from GET /health', async () => {
    handler = (request, _body, response) => {
      response.writeHead(request.url === '/health' ? 200 : 404);
      response.end('OK');
    };
    expect(await client().health()).toEqual({ ok: true });
    handler = (_request, _body, response) => {
      response.writeHead(503);
      response.end();
    };
    expect(await client().health()).toMatchObject({ ok: false });
  });

  it('updates a table config with PUT /tables/{table}, and maps 404 to NOT_FOUND', async () => {
    const seen: string[] = [];
    handler = (request, body, response) => {
      seen.push(`${request.method} ${request.url} ${body}`);
      json(200, { status: 'Table config updated for t_REALTIME' })(request, body, response);
    };
    await client().updateTable('t', { tableName: 't', tableType: 'REALTIME' });
    expect(seen).toEqual(['PUT /tables/t {"tableName":"t","tableType":"REALTIME"}']);
    handler = json(404, { code: 404, error: 'Table t_REALTIME does not exist' });
    expect(await failure(client().updateTable('t', { tableName: 't' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('maps 409 on create to ALREADY_EXISTS', async () => {
    handler = json(409, { code: 409, error: 'Table config for t_REALTIME already exists' });
    expect(await failure(client().addTable({ tableName: 't' }))).toMatchObject({ code: 'ALREADY_EXISTS' });
  });
});
