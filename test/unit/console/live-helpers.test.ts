import { toApiErrors, fromGraphQLErrors } from '../../../src/console/app/api/api-error';
import { buildAggregateVariables } from '../../../src/console/app/analytics/query-builder';
import { BoundedHistory } from '../../../src/console/app/components/history';
import { RateMeter } from '../../../src/console/app/pipeline/rate-meter';

describe('the console chart history', () => {
  it('keeps at most its capacity, dropping the oldest points, with series that appear later padded with null', () => {
    const history = new BoundedHistory(3);
    history.push(1, { a: 1 });
    history.push(2, { a: 2, b: 20 });
    history.push(3, { a: 3 });
    history.push(4, { b: 40 });
    expect(history.length).toBe(3);
    expect(history.names()).toEqual(['a', 'b']);
    expect(history.columns()).toEqual([[2, 3, 4], [2, 3, null], [20, null, 40]]);
  });

  it('replaces the point at the same time rather than adding one', () => {
    const history = new BoundedHistory(10);
    history.push(5, { a: 1 });
    history.push(5, { a: 2 });
    expect(history.columns()).toEqual([[5], [2]]);
  });
});

describe('the console rate meter', () => {
  it('gives events per second over its window, nothing before two samples half a second apart, and restarts when a counter goes back', () => {
    const meter = new RateMeter(10_000);
    meter.observe('t', 100, 0);
    expect(meter.rate('t')).toBeUndefined();
    meter.observe('t', 101, 100);
    expect(meter.rate('t')).toBeUndefined();
    meter.observe('t', 120, 2_000);
    expect(meter.rate('t')).toBe(10);
    meter.observe('t', 220, 12_000);
    expect(meter.rate('t')).toBeCloseTo(10, 5);
    meter.observe('t', 5, 13_000);
    expect(meter.rate('t')).toBeUndefined();
  });
});

describe('the console query builder', () => {
  it('turns choices into aggregate variables with readable aliases, leaving out empty parts', () => {
    expect(buildAggregateVariables({ table: 'stock_transactions', measures: [{ fn: 'COUNT' }, { fn: 'SUM', column: 'shares' }], groupBy: ['symbol'], bucket: 'MINUTE', last: 'PT1H', limit: 20 })).toEqual({
      table: 'stock_transactions',
      measures: [
        { fn: 'COUNT', alias: 'count' },
        { fn: 'SUM', column: 'shares', alias: 'sum_shares' },
      ],
      groupBy: ['symbol'],
      bucket: { unit: 'MINUTE' },
      timeRange: { last: 'PT1H' },
      limit: 20,
    });
    expect(buildAggregateVariables({ table: 't', measures: [{ fn: 'COUNT', column: 'x' }], groupBy: [], bucket: '', last: '', limit: 5 })).toEqual({ table: 't', measures: [{ fn: 'COUNT', alias: 'count' }], limit: 5 });
  });
});

describe('the console error vocabulary', () => {
  it('keeps the code and retriable flag of GraphQL errors, defaulting to a non-retriable INTERNAL_SERVER_ERROR', () => {
    expect(fromGraphQLErrors([{ message: 'no', path: ['a', 0], extensions: { code: 'FORBIDDEN', retriable: false } }, { message: 'x' }])).toEqual([
      { message: 'no', code: 'FORBIDDEN', retriable: false, path: 'a.0' },
      { message: 'x', code: 'INTERNAL_SERVER_ERROR', retriable: false, path: undefined },
    ]);
  });

  it('treats a dropped socket and a failed fetch as retriable, and a refused key as not', () => {
    expect(toApiErrors({ type: 'close', code: 1006, reason: '' })).toEqual([{ message: 'websocket closed (1006): connection closed', code: 'UPSTREAM_UNAVAILABLE', retriable: true }]);
    expect(toApiErrors({ type: 'close', code: 4403, reason: 'Forbidden' })).toEqual([{ message: 'websocket closed (4403): Forbidden', code: 'UNAUTHENTICATED', retriable: false }]);
    expect(toApiErrors(new TypeError('Failed to fetch'))).toEqual([{ message: 'Failed to fetch', code: 'UPSTREAM_UNAVAILABLE', retriable: true }]);
    expect(toApiErrors([{ message: 'slow', extensions: { code: 'SLOW_CONSUMER', retriable: true } }])[0]).toMatchObject({ code: 'SLOW_CONSUMER', retriable: true });
  });
});
