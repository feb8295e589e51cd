import { AppError } from '../../../src/errors/app-error';
import { decodeCursor, encodeCursor, encodePlainCursor } from '../../../src/services/sinks/cursor';
import { eventRecord, fakeService } from './fakes';

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('clickstreamEvents service', () => {
  it('asks for one row more than the default page of 50 and reports hasNextPage from it', async () => {
    const { service, calls } = fakeService({ events: Array.from({ length: 60 }, (_, i) => eventRecord(i)) });
    const page = await service.clickstreamEvents({});
    expect(calls[0]).toMatchObject({ method: 'findPage', args: { direction: 'DESC', limit: 51, filter: {} } });
    expect(page.edges).toHaveLength(50);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: page.edges[0]!.cursor, endCursor: page.edges[49]!.cursor });
  });

  it('turns its own cursor back into the keyset position, microseconds included', async () => {
    const { service, calls } = fakeService({ events: [eventRecord(7)] });
    const { pageInfo } = await service.clickstreamEvents({ first: 1 });
    await service.clickstreamEvents({ first: 1, after: pageInfo.endCursor });
    expect(calls[1]!.args.after).toEqual({ timestamp: '2025-01-01 00:00:00.123456+00', userId: 7 });
  });

  it('counts only when asked, in parallel with the page', async () => {
    const { service, calls } = fakeService({ events: [eventRecord(1), eventRecord(2)] });
    expect((await service.clickstreamEvents({})).totalCount).toBeUndefined();
    expect(calls.map((c) => c.method)).toEqual(['findPage']);
    expect((await service.clickstreamEvents({ withTotalCount: true })).totalCount).toBe(2);
    expect(calls.map((c) => c.method)).toEqual(['findPage', 'findPage', 'count']);
  });

  it('translates the typed where, dropping explicit nulls', async () => {
    const { service, calls } = fakeService();
    const from = new Date('2025-01-01T00:00:00Z');
    await service.clickstreamEvents({
      where: {
        userId: { _eq: 3, _in: null },
        deviceType: { _in: ['tv', 'mobile'] },
        urlCategory: null,
        url: { _prefix: 'https://a/%' },
        timestamp: { _gte: from, _lt: null },
      },
      direction: 'ASC',
    });
    expect(calls[0]!.args).toMatchObject({
      direction: 'ASC',
      filter: { userId: { eq: 3 }, deviceType: { in: ['tv', 'mobile'] }, url: { prefix: 'https://a/%' }, timestamp: { gte: from } },
    });
    expect(calls[0]!.args.filter).not.toHaveProperty('urlCategory');
  });

  it('refuses first above the maximum, negative first and oversized _in lists with BAD_USER_INPUT naming the field', async () => {
    const { service, calls } = fakeService({}, { maxPageSize: 10 });
    expect((await rejection(service.clickstreamEvents({ first: 11 }))).details).toEqual({ field: 'first', max: 10 });
    expect((await rejection(service.clickstreamEvents({ first: -1 }))).details).toEqual({ field: 'first' });
    const ids = Array.from({ length: 1001 }, (_, i) => i);
    expect((await rejection(service.clickstreamEvents({ where: { userId: { _in: ids } } }))).details).toEqual({ field: 'where.userId._in' });
    expect(calls).toEqual([]);
  });

  it('refuses a cursor minted for the other order, a tampered one and garbage', async () => {
    const { service, calls } = fakeService({ events: [eventRecord(1)] });
    const asc = (await service.clickstreamEvents({ direction: 'ASC' })).pageInfo.endCursor!;
    expect((await rejection(service.clickstreamEvents({ after: asc }))).message).toContain('different query');
    const [scope] = JSON.parse(Buffer.from(asc, 'base64url').toString());
    const tampered = encodeCursor(scope, ["2025-01-01'; DROP TABLE x; --", 1]);
    expect((await rejection(service.clickstreamEvents({ direction: 'ASC', after: tampered }))).details).toEqual({ field: 'after' });
    expect((await rejection(service.clickstreamEvents({ after: '!!!' }))).details).toEqual({ field: 'after' });
    expect(calls).toHaveLength(1);
  });
});

describe('clickstreamEventsAggregate service', () => {
  it('deduplicates groupBy, defaults to 100 groups and flags truncation', async () => {
    const { service, calls } = fakeService();
    const all = await service.clickstreamEventsAggregate({ groupBy: ['urlCategory', 'urlCategory'], bucket: 'hour' });
    expect(calls[0]!.args).toMatchObject({ groupBy: ['urlCategory'], bucket: 'hour', limit: 101 });
    expect(all.truncated).toBe(false);
    const some = await service.clickstreamEventsAggregate({ first: 2 });
    expect(some.groups).toHaveLength(2);
    expect(some.truncated).toBe(true);
  });
});

describe('cursor', () => {
  it('round-trips values and refuses another scope', () => {
    const cursor = encodeCursor('s1', ['a', null, 3]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 's1')).toEqual(['a', null, 3]);
    expect(() => decodeCursor(cursor, 's2')).toThrow(AppError);
    expect(() => decodeCursor('x'.repeat(5000), 's1')).toThrow('not a valid cursor');
    expect(encodePlainCursor('s1', '2025-01-01 00:00:00.5+00', 7)).toBe(encodeCursor('s1', ['2025-01-01 00:00:00.5+00', 7]));
  });
});
