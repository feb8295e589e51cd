import type { SinksService } from '../../../src/services/sinks';
import { createLeftovers } from '../../helpers/leftovers';
import { event, openSinkDatabase, type SinkDatabase } from './sink-database';

const leftovers = createLeftovers();
let db: SinkDatabase;
let sinks: SinksService;

const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const MINUTE = 60_000;

beforeAll(async () => {
  db = await openSinkDatabase();
  leftovers.add(() => db.close());
  sinks = db.service();
  const categories = ['news', 'sports', 'shopping'];
  const devices = ['mobile', 'desktop'];
  // 60 events over 3 hours; every third minute two users click at the same instant (timestamp ties).
  const events = Array.from({ length: 60 }, (_, i) =>
    event(T0 + Math.floor(i / 2) * 6 * MINUTE, 100 + (i % 7), {
      urlCategory: categories[i % 3]!,
      deviceType: devices[i % 2]!,
      deviceId: 1 + (i % 2),
      url: `https://example.com/${categories[i % 3]}/page-${i % 5}`,
    }),
  ).filter((e, i, all) => all.findIndex((o) => o.userId === e.userId && +o.timestamp === +e.timestamp) === i);
  await db.insertEvents(events);
});
afterAll(() => leftovers.drain());

async function allPages(args: Parameters<SinksService['clickstreamEvents']>[0], pageSize: number) {
  const seen: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page: Awaited<ReturnType<SinksService['clickstreamEvents']>> = await sinks.clickstreamEvents({ ...args, first: pageSize, after });
    seen.push(...page.edges.map((e) => `${e.node.timestamp.toISOString()}#${e.node.userId}`));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
  throw new Error('pagination did not terminate');
}

describe('clickstreamEvents (service + PostgreSQL)', () => {
  it('pages newest first through every event exactly once, breaking timestamp ties by user id', async () => {
    const everything = await sinks.clickstreamEvents({ first: 1000, withTotalCount: true });
    const paged = await allPages({}, 7);
    expect(paged).toEqual(everything.edges.map((e) => `${e.node.timestamp.toISOString()}#${e.node.userId}`));
    expect(paged).toHaveLength(everything.totalCount!);
    const keys = everything.edges.map((e) => [e.node.timestamp.getTime(), e.node.userId] as const);
    for (let i = 1; i < keys.length; i++) {
      const [t, u] = keys[i]!;
      const [pt, pu] = keys[i - 1]!;
      expect(t < pt || (t === pt && u < pu)).toBe(true);
    }
  });

  it('pages oldest first with orderBy ascending', async () => {
    const paged = await allPages({ direction: 'ASC' }, 9);
    const desc = await allPages({}, 50);
    expect(paged).toEqual([...desc].reverse());
  });

  it('keeps pages stable while newer and older rows are inserted between requests', async () => {
    const where = { urlCategory: { _eq: 'news' } };
    const before = await allPages({ where }, 1000);
    const seen: string[] = [];
    const olderInserted: string[] = [];
    let after: string | null = null;
    for (let i = 0; ; i++) {
      const page: Awaited<ReturnType<SinksService['clickstreamEvents']>> = await sinks.clickstreamEvents({ where, first: 4, after });
      seen.push(...page.edges.map((e) => `${e.node.timestamp.toISOString()}#${e.node.userId}`));
      // A newer row lands before the cursor: it must not shift or repeat anything on later pages.
      await db.insertEvents([event(T0 + 1_000 * MINUTE + i, 900 + i, { urlCategory: 'news' })]);
      if (!page.pageInfo.hasNextPage) break;
      // An older row lands after the cursor: it must show up once, at its place (the end, newest first).
      const older = event(T0 - (i + 1) * MINUTE, 950 + i, { urlCategory: 'news' });
      await db.insertEvents([older]);
      olderInserted.push(`${older.timestamp.toISOString()}#${older.userId}`);
      after = page.pageInfo.endCursor;
    }
    expect(olderInserted.length).toBeGreaterThan(2);
    expect(seen).toEqual([...before, ...olderInserted]);
    await db.pool.query(`DELETE FROM clickstream_events WHERE user_id >= 900`);
  });

  it('continues exactly after a cursor whose timestamp has microseconds', async () => {
    await db.insertEvents([
      event('2030-01-01T00:00:00.000001Z', 1),
      event('2030-01-01T00:00:00.000002Z', 1),
      event('2030-01-01T00:00:00.000003Z', 1),
    ]);
    const first = await sinks.clickstreamEvents({ first: 1, where: { userId: { _eq: 1 } } });
    const second = await sinks.clickstreamEvents({ first: 5, after: first.pageInfo.endCursor, where: { userId: { _eq: 1 } } });
    expect(first.edges).toHaveLength(1);
    expect(second.edges).toHaveLength(2);
    await db.pool.query(`DELETE FROM clickstream_events WHERE user_id = 1`);
  });

  it('filters by user id (eq and in), device type, url category, url prefix and timestamp range', async () => {
    const count = async (where: Parameters<SinksService['clickstreamEvents']>[0]['where']) =>
      (await sinks.clickstreamEvents({ where, first: 0, withTotalCount: true })).totalCount;
    const sql = async (condition: string, values: unknown[] = []) =>
      Number((await db.pool.query(`SELECT count(*) AS n FROM clickstream_events WHERE ${condition}`, values)).rows[0].n);

    expect(await count({ userId: { _eq: 101 } })).toBe(await sql('user_id = 101'));
    expect(await count({ userId: { _in: [101, 102] } })).toBe(await sql('user_id IN (101, 102)'));
    expect(await count({ deviceType: { _eq: 'desktop' } })).toBe(await sql(`device_type = 'desktop'`));
    expect(await count({ urlCategory: { _in: ['news', 'sports'] } })).toBe(await sql(`url_category IN ('news', 'sports')`));
    expect(await count({ url: { _prefix: 'https://example.com/sports/' } })).toBe(await sql(`url LIKE 'https://example.com/sports/%'`));
    const from = new Date(T0 + 30 * MINUTE);
    const to = new Date(T0 + 90 * MINUTE);
    expect(await count({ timestamp: { _gte: from, _lt: to } })).toBe(await sql(`"timestamp" >= $1 AND "timestamp" < $2`, [from, to]));
    expect(await count({ timestamp: { _gt: from, _lte: to } })).toBe(await sql(`"timestamp" > $1 AND "timestamp" <= $2`, [from, to]));
    expect(await count({ urlCategory: { _eq: 'news' }, deviceType: { _eq: 'mobile' }, userId: { _in: [100, 102, 104] } })).toBe(
      await sql(`url_category = 'news' AND device_type = 'mobile' AND user_id IN (100, 102, 104)`),
    );
    expect(await count({ urlCategory: { _eq: 'no-such-category' } })).toBe(0);
  });

  it('takes % and _ in a url prefix literally', async () => {
    await db.insertEvents([
      event(T0, 2, { url: 'https://odd.test/a_b/100%/x' }),
      event(T0, 3, { url: 'https://odd.test/aXb/100X/x' }),
    ]);
    const page = await sinks.clickstreamEvents({ where: { url: { _prefix: 'https://odd.test/a_b/100%' } } });
    expect(page.edges.map((e) => e.node.url)).toEqual(['https://odd.test/a_b/100%/x']);
    await db.pool.query(`DELETE FROM clickstream_events WHERE user_id IN (2, 3)`);
  });

  it('reports hasNextPage, cursors and counts on the first and the last page', async () => {
    const where = { userId: { _eq: 103 } };
    const total = (await sinks.clickstreamEvents({ where, first: 1000 })).edges.length;
    const first = await sinks.clickstreamEvents({ where, first: total - 1, withTotalCount: true });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.totalCount).toBe(total);
    const last = await sinks.clickstreamEvents({ where, first: 5, after: first.pageInfo.endCursor });
    expect(last.edges).toHaveLength(1);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(last.pageInfo.startCursor).toBe(last.pageInfo.endCursor);
    expect(last.totalCount).toBeUndefined();
  });
});

describe('clickstreamEventsAggregate (service + PostgreSQL)', () => {
  it('counts events and distinct users per url category', async () => {
    const { groups, truncated } = await sinks.clickstreamEventsAggregate({ groupBy: ['urlCategory'] });
    const { rows } = await db.pool.query(
      `SELECT url_category AS "urlCategory", count(*)::int AS "eventCount", count(DISTINCT user_id)::int AS "distinctUsers"
       FROM clickstream_events GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    expect(truncated).toBe(false);
    expect(groups).toEqual(rows);
  });

  it('buckets by minute, hour and day on UTC boundaries', async () => {
    const hourly = await sinks.clickstreamEventsAggregate({ bucket: 'hour' });
    expect(hourly.groups.map((g) => g.bucketStart!.toISOString())).toEqual([
      '2025-01-15T10:00:00.000Z',
      '2025-01-15T11:00:00.000Z',
      '2025-01-15T12:00:00.000Z',
    ]);
    expect(hourly.groups.map((g) => g.eventCount)).toEqual([20, 20, 20]);
    const daily = await sinks.clickstreamEventsAggregate({ bucket: 'day', groupBy: ['deviceType'] });
    expect(daily.groups).toEqual([
      { bucketStart: new Date('2025-01-15T00:00:00Z'), deviceType: 'desktop', eventCount: 30, distinctUsers: 7 },
      { bucketStart: new Date('2025-01-15T00:00:00Z'), deviceType: 'mobile', eventCount: 30, distinctUsers: 7 },
    ]);
    const perMinute = await sinks.clickstreamEventsAggregate({ bucket: 'minute', where: { timestamp: { _lt: new Date(T0 + 12 * MINUTE) } } });
    expect(perMinute.groups).toEqual([
      { bucketStart: new Date(T0), eventCount: 2, distinctUsers: 2 },
      { bucketStart: new Date(T0 + 6 * MINUTE), eventCount: 2, distinctUsers: 2 },
    ]);
  });

  it('returns one group of totals without groupBy and bucket, and flags truncation', async () => {
    const totals = await sinks.clickstreamEventsAggregate({});
    expect(totals.groups).toEqual([{ eventCount: 60, distinctUsers: 7 }]);
    const truncated = await sinks.clickstreamEventsAggregate({ groupBy: ['userId'], first: 3 });
    expect(truncated.groups).toHaveLength(3);
    expect(truncated.truncated).toBe(true);
  });
});
