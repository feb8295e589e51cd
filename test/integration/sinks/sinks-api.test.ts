import { createDimensionsRepository } from '../../../src/adapters/postgres/dimensions-repository';
import { demoDevice, demoUser } from '../../../src/pipeline/demo/demo-data';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { event } from './sink-database';

const leftovers = createLeftovers();
let app: TestApp;
/** SQL texts the app's pool ran since the last reset. */
let statements: string[] = [];

const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

beforeAll(async () => {
  app = await startTestApp({ env: { SINK_MAX_PAGE_SIZE: '200' } });
  leftovers.add(() => app.stop());
  const pool = app.container.pool;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
    statements.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text));
    return query(...args);
  };
  const dimensions = createDimensionsRepository(pool);
  await dimensions.upsertUsers([1, 2, 3, 4, 5].map(demoUser));
  await dimensions.upsertDevices([1, 2, 3].map(demoDevice));
  await dimensions.upsertUrls([
    { url: 'https://example.com/news/a', urlCategory: 'news' },
    { url: 'https://example.com/sports/b', urlCategory: 'sports' },
  ]);
  // 30 events of users 1–6 (6 has no users row), alternating news/sports; one per minute.
  await dimensions.insertEnrichedEvents(
    Array.from({ length: 30 }, (_, i) =>
      event(T0 + i * 60_000, 1 + (i % 6), {
        deviceId: 1 + (i % 3),
        deviceType: demoDevice(1 + (i % 3)).deviceType,
        url: i % 2 === 0 ? 'https://example.com/news/a' : 'https://example.com/sports/b',
        urlCategory: i % 2 === 0 ? 'news' : 'sports',
      }),
    ),
  );
});
afterAll(() => leftovers.drain());

const PAGE = `query Page($where: ClickstreamEventsWhereInput, $first: Int, $after: String) {
  clickstreamEvents(where: $where, first: $first, after: $after, orderBy: TIMESTAMP_DESC) {
    edges { cursor node { timestamp userId url urlCategory } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

async function expectBadInput(query: string, variables: Record<string, unknown>, mention: string) {
  const { body } = await app.request(query, variables);
  expect(body.errors).toHaveLength(1);
  expect(body.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  expect(JSON.stringify(body.errors![0])).toContain(mention);
  return body.errors![0];
}

describe('clickstreamEvents over HTTP', () => {
  it('pages news events newest first by following endCursor', async () => {
    const where = { urlCategory: { _eq: 'news' } };
    const first = await app.request(PAGE, { where, first: 10 });
    expect(first.body.errors).toBeUndefined();
    const page1 = first.body.data.clickstreamEvents;
    expect(page1.edges).toHaveLength(10);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(page1.edges[0].node).toEqual({
      timestamp: new Date(T0 + 28 * 60_000).toISOString(),
      userId: 5,
      url: 'https://example.com/news/a',
      urlCategory: 'news',
    });
    const page2 = (await app.request(PAGE, { where, first: 10, after: page1.pageInfo.endCursor })).body.data.clickstreamEvents;
    expect(page2.edges.map((e: any) => e.node.timestamp)).toHaveLength(5);
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(page2.edges[0].node.timestamp < page1.edges[9].node.timestamp).toBe(true);
  });

  it('counts only when totalCount is selected, also through a fragment', async () => {
    statements = [];
    await app.request(`{ clickstreamEvents(first: 1) { edges { cursor } } }`);
    expect(statements.filter((s) => /count\(\*\)/i.test(s))).toHaveLength(0);
    const { body } = await app.request(`query { clickstreamEvents(first: 1, where: { userId: { _in: [1, 2] } }) { ...Total } }
      fragment Total on ClickstreamEventConnection { totalCount }`);
    expect(body.data.clickstreamEvents.totalCount).toBe(10);
    expect(statements.filter((s) => /count\(\*\)/i.test(s))).toHaveLength(1);
  });

  it('resolves user, device and urlInfo of a whole page with one query per dimension table', async () => {
    statements = [];
    const { body } = await app.request(`{ clickstreamEvents(first: 30) {
      nodes { userId user { userName country } device { deviceType os } urlInfo { urlCategory } }
    } }`);
    expect(body.errors).toBeUndefined();
    const nodes = body.data.clickstreamEvents.nodes;
    expect(nodes).toHaveLength(30);
    expect(nodes.find((n: any) => n.userId === 3).user).toEqual({ userName: demoUser(3).userName, country: demoUser(3).country });
    expect(nodes.find((n: any) => n.userId === 6).user).toBeNull();
    expect(nodes.every((n: any) => n.device && n.urlInfo)).toBe(true);
    const lookups = (table: string) => statements.filter((s) => s.includes(`"public"."${table}"`));
    expect(lookups('users')).toHaveLength(1);
    expect(lookups('devices')).toHaveLength(1);
    expect(lookups('urls')).toHaveLength(1);
  });

  it('aggregates per url category and hour bucket', async () => {
    const { body } = await app.request(`{ clickstreamEventsAggregate(groupBy: [URL_CATEGORY], bucket: HOUR) {
      groups { bucketStart urlCategory eventCount distinctUsers } truncated } }`);
    expect(body.data.clickstreamEventsAggregate).toEqual({
      groups: [
        { bucketStart: '2025-01-15T10:00:00.000Z', urlCategory: 'news', eventCount: 15, distinctUsers: 3 },
        { bucketStart: '2025-01-15T10:00:00.000Z', urlCategory: 'sports', eventCount: 15, distinctUsers: 3 },
      ],
      truncated: false,
    });
  });

  it('treats SQL injection in filter values as data', async () => {
    const { body } = await app.request(PAGE, { where: { urlCategory: { _eq: "news' OR '1'='1" }, url: { _prefix: "'; DROP TABLE clickstream_events; --" } } });
    expect(body.data.clickstreamEvents.edges).toEqual([]);
    const count = await app.container.pool.query('SELECT count(*)::int AS n FROM clickstream_events');
    expect(count.rows[0].n).toBe(30);
  });

  it('answers BAD_USER_INPUT naming the field for first beyond the maximum, wrong variable types and bad cursors', async () => {
    const tooMany = await expectBadInput(PAGE, { first: 201 }, 'first');
    expect(tooMany.extensions.details).toMatchObject({ field: 'first', max: 200 });
    await expectBadInput(PAGE, { first: 'ten' }, '$first');
    await expectBadInput(PAGE, { where: { userId: { _eq: 'one' } } }, 'userId');
    await expectBadInput(PAGE, { where: { timestamp: { _gte: 'yesterday' } } }, '_gte');
    await expectBadInput(PAGE, { where: { nope: { _eq: 1 } } }, 'nope');
    await expectBadInput(`{ clickstreamEventsAggregate(groupBy: [COUNTRY]) { truncated } }`, {}, 'COUNTRY');
    const cursor = await expectBadInput(PAGE, { after: 'bm90LWEtY3Vyc29y' }, 'after');
    expect(cursor.extensions.details).toMatchObject({ field: 'after' });
  });
});

const ROWS = `query Rows($table: String!, $where: JSONObject, $orderBy: [SinkRowsOrderByInput!], $first: Int, $after: String) {
  sinkTableRows(table: $table, where: $where, orderBy: $orderBy, first: $first, after: $after) {
    edges { cursor node } pageInfo { hasNextPage endCursor } totalCount
  }
}`;

describe('sinkTables and sinkTableRows over HTTP', () => {
  it('lists tables with columns, operators and primary keys', async () => {
    const { body } = await app.request(`{ sinkTables { name primaryKey columns { name dataType nullable primaryKeyPosition operators sortable } } }`);
    const names = body.data.sinkTables.map((t: any) => t.name);
    expect(names).toEqual(['clickstream_events', 'devices', 'urls', 'users']);
    const users = body.data.sinkTables.find((t: any) => t.name === 'users');
    expect(users.primaryKey).toEqual(['user_id']);
    expect(users.columns[0]).toEqual({
      name: 'user_id',
      dataType: 'integer',
      nullable: false,
      primaryKeyPosition: 1,
      operators: ['_eq', '_neq', '_gt', '_gte', '_lt', '_lte', '_in', '_nin', '_is_null'],
      sortable: true,
    });
  });

  it('filters with a Hasura-style where and pages by primary key', async () => {
    const where = { url_category: { _eq: 'news' }, _or: [{ user_id: { _in: [1, 3] } }, { device_type: { _eq: 'tablet' } }] };
    const first = await app.request(ROWS, { table: 'clickstream_events', where, first: 3 });
    expect(first.body.errors).toBeUndefined();
    const page = first.body.data.sinkTableRows;
    const { rows } = await app.container.pool.query(
      `SELECT user_id, "timestamp" FROM clickstream_events WHERE url_category = 'news' AND (user_id IN (1, 3) OR device_type = 'tablet')
       ORDER BY user_id, "timestamp"`,
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(page.totalCount).toBe(rows.length);
    expect(page.edges.map((e: any) => e.node.user_id)).toEqual(rows.slice(0, 3).map((r) => r.user_id));
    expect(page.edges[0].node).toMatchObject({ url_category: 'news', user_id: 1, timestamp: '2025-01-15T10:00:00+00:00' });
    const rest = await app.request(ROWS, { table: 'clickstream_events', where, first: 100, after: page.pageInfo.endCursor });
    expect(rest.body.data.sinkTableRows.edges.map((e: any) => Date.parse(e.node.timestamp))).toEqual(rows.slice(3).map((r) => r.timestamp.getTime()));
    expect(rest.body.data.sinkTableRows.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses injection in table and column names and unknown names with BAD_USER_INPUT naming them, changing nothing', async () => {
    const table = await expectBadInput(ROWS, { table: 'users; DROP TABLE users' }, 'users; DROP TABLE users');
    expect(table.extensions.details).toMatchObject({ field: 'table' });
    const column = await expectBadInput(ROWS, { table: 'users', where: { 'user_id" OR 1=1 --': { _eq: 1 } } }, 'user_id\\" OR 1=1 --');
    expect(column.extensions.details.field).toBe('where.user_id" OR 1=1 --');
    const order = await expectBadInput(ROWS, { table: 'users', orderBy: [{ column: '1; DELETE FROM users' }] }, '1; DELETE FROM users');
    expect(order.extensions.details).toMatchObject({ field: 'orderBy[0].column' });
    await expectBadInput(ROWS, { table: 'schema_migrations' }, 'schema_migrations');
    await expectBadInput(ROWS, { table: 'users', where: { country: { _eq: 5 } } }, 'where.country._eq');
    await expectBadInput(ROWS, { table: 'users', where: [{ country: { _eq: 'DE' } }] }, '$where');
    // A small selection, so the cost limit (which multiplies by first) does not answer before the page-size check.
    const first = await expectBadInput(`{ sinkTableRows(table: "users", first: 5000) { totalCount } }`, {}, 'first must be at most 200');
    expect(first.extensions.details).toMatchObject({ field: 'first', max: 200 });
    await expectBadInput(ROWS, { table: 42 }, '$table');
    const users = await app.container.pool.query('SELECT count(*)::int AS n FROM users');
    expect(users.rows[0].n).toBe(5);
    const still = await app.request(ROWS, { table: 'users', first: 1 });
    expect(still.body.data.sinkTableRows.edges).toHaveLength(1);
  });
});
