import pino from 'pino';
import { AppError } from '../../../src/errors/app-error';
import { createAnalyticsService } from '../../../src/services/analytics';
import { waitFor } from '../../helpers/wait-for';
import { fakePinot, result } from './fake-pinot';

const logger = pino({ level: 'silent' });
const leaderboard = (rows: unknown[][], stats = {}) => result([['symbol', 'STRING'], ['total_shares', 'DOUBLE']], rows, stats);

function service(pinot: ReturnType<typeof fakePinot>, overrides: { cacheTtlMs?: number; liveIntervalMs?: number; now?: () => number } = {}) {
  return createAnalyticsService({
    pinot,
    logger,
    limits: { defaultLimit: 100, maxLimit: 1000 },
    cacheTtlMs: overrides.cacheTtlMs ?? 1_000,
    cacheMaxEntries: 100,
    schemaCacheMs: 60_000,
    liveIntervalMs: overrides.liveIntervalMs ?? 20,
    now: overrides.now,
  });
}

describe('analytics service', () => {
  it('lists tables with their dimensions, metrics, time columns and size', async () => {
    const tables = await service(fakePinot(() => leaderboard([]))).listTables();
    expect(tables).toEqual([
      {
        name: 'stock_transactions',
        timeColumn: 'update_at',
        dimensions: [
          { name: 'id', type: 'STRING', singleValue: true, format: undefined },
          { name: 'user_id', type: 'INT', singleValue: true, format: undefined },
          { name: 'symbol', type: 'STRING', singleValue: true, format: undefined },
          { name: 'purchase', type: 'BOOLEAN', singleValue: true, format: undefined },
        ],
        metrics: [
          { name: 'shares', type: 'INT', singleValue: true, format: undefined },
          { name: 'big', type: 'LONG', singleValue: true, format: undefined },
        ],
        timeColumns: [{ name: 'update_at', type: 'TIMESTAMP', singleValue: true, format: '1:MILLISECONDS:TIMESTAMP' }],
        sizeBytes: 4096,
      },
    ]);
  });

  it('rejects an unknown table with BAD_USER_INPUT before any SQL is sent', async () => {
    const pinot = fakePinot(() => leaderboard([]));
    await expect(service(pinot).aggregate({ table: 'nope', measures: [{ fn: 'COUNT' }] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'table' } });
    expect(pinot.calls).toEqual([]);
  });

  it('types the stock leaderboard and reports stats including partial results and trimmed groups', async () => {
    const pinot = fakePinot(() => leaderboard([['AAPL', 150], ['MSFT', 148]], { partial: true, groupsLimitReached: true, freshAsOfMs: 1_000 }));
    const answer = await service(pinot, { now: () => 1_250 }).stockLeaderboard({ limit: 2 });
    expect(answer.rows).toEqual([{ symbol: 'AAPL', totalShares: 150 }, { symbol: 'MSFT', totalShares: 148 }]);
    expect(answer.stats).toEqual({ docsScanned: 10, totalDocs: 100, timeUsedMs: 3, partial: true, groupsLimitReached: true, freshnessMs: 250, freshAsOf: new Date(1_000), cached: false });
  });

  it('keeps 64-bit integers exact and turns Pinot null sentinels into null', async () => {
    const pinot = fakePinot(() =>
      result(
        [['symbol', 'STRING'], ['total', 'LONG'], ['lo', 'DOUBLE'], ['p', 'DOUBLE'], ['last', 'INT'], ['n', 'LONG']],
        [
          ['null', '9007199254740993', 'Infinity', 'NaN', -2147483648, 5],
          ['AAPL', -9007199254740993n as unknown, 1.5, 2.25, 7, '18446744073709551615'],
        ],
      ),
    );
    const answer = await service(pinot).aggregate({
      table: 'stock_transactions',
      groupBy: ['symbol'],
      measures: [
        { fn: 'LASTWITHTIME', column: 'big', alias: 'total' },
        { fn: 'MIN', column: 'shares', alias: 'lo' },
        { fn: 'PERCENTILETDIGEST', column: 'shares', percentile: 50, alias: 'p' },
        { fn: 'LASTWITHTIME', column: 'shares', alias: 'last' },
        { fn: 'COUNT', alias: 'n' },
      ],
    });
    expect(answer.columns.map((c) => `${c.name}:${c.role}:${c.type}`)).toEqual(['symbol:DIMENSION:STRING', 'total:MEASURE:LONG', 'lo:MEASURE:DOUBLE', 'p:MEASURE:DOUBLE', 'last:MEASURE:INT', 'n:MEASURE:LONG']);
    expect(answer.rows).toEqual([
      [null, '9007199254740993', null, null, null, '5'],
      ['AAPL', '-9007199254740993', 1.5, 2.25, 7, '18446744073709551615'],
    ]);
  });

  it('renders time buckets as ISO-8601 instants', async () => {
    const pinot = fakePinot(() => result([['bucket', 'LONG'], ['total_shares', 'DOUBLE'], ['trades', 'LONG']], [[1_767_225_600_000, 10, 2]]));
    const answer = await service(pinot).stockVolume({ symbol: 'AAPL', bucket: { unit: 'HOUR' } });
    expect(answer.rows).toEqual([{ bucket: '2026-01-01T00:00:00.000Z', totalShares: 10, trades: '2' }]);
  });

  it('serves identical queries within the TTL from one Pinot call, and reports growing staleness on hits', async () => {
    let clock = 10_000;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pinot = fakePinot(async () => {
      await gate;
      return leaderboard([['AAPL', 1]], { freshAsOfMs: 9_000 });
    });
    const analytics = service(pinot, { now: () => clock });
    const concurrent = Promise.all([analytics.stockLeaderboard({}), analytics.stockLeaderboard({})]);
    await waitFor(() => pinot.calls.length === 1);
    release();
    const [first, second] = await concurrent;
    expect(pinot.calls).toHaveLength(1);
    expect([first.stats.cached, second.stats.cached].sort()).toEqual([false, true]);
    clock += 500;
    const hit = await analytics.stockLeaderboard({});
    expect(hit.stats).toMatchObject({ cached: true, freshnessMs: 1_500 });
    expect(pinot.calls).toHaveLength(1);
    clock += 1_000;
    await analytics.stockLeaderboard({});
    expect(pinot.calls).toHaveLength(2);
  });

  it('sends every request to Pinot when the TTL is 0', async () => {
    const pinot = fakePinot(() => leaderboard([]));
    const analytics = service(pinot, { cacheTtlMs: 0 });
    await Promise.all([analytics.stockLeaderboard({}), analytics.stockLeaderboard({})]);
    expect(pinot.calls).toHaveLength(2);
  });

  it('never caches a failure', async () => {
    let fail = true;
    const pinot = fakePinot(() => {
      if (fail) throw new AppError('UPSTREAM_UNAVAILABLE', 'down');
      return leaderboard([]);
    });
    const analytics = service(pinot);
    await expect(analytics.stockLeaderboard({})).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    fail = false;
    await expect(analytics.stockLeaderboard({})).resolves.toMatchObject({ rows: [] });
  });
});

describe('live aggregates', () => {
  it('polls one query per distinct aggregate whatever the number of subscribers and pushes only changes', async () => {
    let shares = 1;
    const pinot = fakePinot(() => leaderboard([['AAPL', shares]]));
    const analytics = service(pinot, { liveIntervalMs: 10 });
    const subscribers = await Promise.all(Array.from({ length: 5 }, () => analytics.liveStockLeaderboard({ limit: 3 })));
    const firsts = await Promise.all(subscribers.map((s) => s.next()));
    expect(firsts.map((r) => r.value!.rows)).toEqual(Array(5).fill([{ symbol: 'AAPL', totalShares: 1 }]));
    expect(analytics.liveQueries).toBe(1);

    const before = pinot.calls.length;
    await waitFor(() => pinot.calls.length >= before + 3, { what: 'a few polls' });
    expect(new Set(pinot.calls).size).toBe(1);
    // Unchanged results were not pushed: nobody has a second value pending until the data changes.
    shares = 2;
    const seconds = await Promise.all(subscribers.map((s) => s.next()));
    expect(seconds.map((r) => r.value!.rows[0]!.totalShares)).toEqual([2, 2, 2, 2, 2]);

    await Promise.all(subscribers.map((s) => s.return!()));
    expect(analytics.liveQueries).toBe(0);
    const settled = pinot.calls.length;
    await new Promise((resolve) => setImmediate(resolve));
    expect(pinot.calls.length).toBeLessThanOrEqual(settled + 1);
  });

  it('gives a late subscriber the latest result at once, and distinct aggregates their own poller', async () => {
    const pinot = fakePinot((sql) => leaderboard([[sql.includes('LIMIT 3') ? 'THREE' : 'FIVE', 1]]));
    const analytics = service(pinot, { liveIntervalMs: 10_000 });
    const early = await analytics.liveStockLeaderboard({ limit: 3 });
    await early.next();
    const late = await analytics.liveStockLeaderboard({ limit: 3 });
    expect((await late.next()).value!.rows).toEqual([{ symbol: 'THREE', totalShares: 1 }]);
    const other = await analytics.liveStockLeaderboard({ limit: 5 });
    expect((await other.next()).value!.rows).toEqual([{ symbol: 'FIVE', totalShares: 1 }]);
    expect(analytics.liveQueries).toBe(2);
    expect(pinot.calls).toHaveLength(2);
    analytics.stop();
  });

  it('rejects bad input when subscribing and ends subscribers when Pinot rejects the query', async () => {
    const pinot = fakePinot(() => {
      throw new AppError('BAD_USER_INPUT', 'Pinot: unknown column');
    });
    const analytics = service(pinot);
    await expect(analytics.liveAggregate({ table: 'stock_transactions', measures: [{ fn: 'SUM', column: 'nope' }] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const live = await analytics.liveStockLeaderboard({});
    await expect(live.next()).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(analytics.liveQueries).toBe(0);
  });

  it('keeps polling through a transient outage', async () => {
    let calls = 0;
    const pinot = fakePinot(() => {
      calls += 1;
      if (calls === 1) throw new AppError('UPSTREAM_UNAVAILABLE', 'down');
      return leaderboard([['AAPL', 1]]);
    });
    const analytics = service(pinot, { liveIntervalMs: 5 });
    const live = await analytics.liveStockLeaderboard({});
    expect((await live.next()).value!.rows).toEqual([{ symbol: 'AAPL', totalShares: 1 }]);
    await live.return!();
  });
});
