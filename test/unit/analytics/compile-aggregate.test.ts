import { AppError } from '../../../src/errors/app-error';
import { compileAggregate } from '../../../src/services/analytics/compile-aggregate';
import type { AggregateQuery } from '../../../src/services/analytics/query-model';
import { clickstreamTrafficQuery, stockLeaderboardQuery, stockVolumeQuery, topUrlsQuery } from '../../../src/services/analytics/seed-datasets';
import type { TableInfo } from '../../../src/services/analytics/table-catalog';
import { clickTable, secondsTable, stockTable } from './tables.fixture';

const limits = { defaultLimit: 100, maxLimit: 1000 };
const sqlOf = (query: AggregateQuery, table: TableInfo = stockTable) => compileAggregate(query, table, limits).sql;

function rejection(query: AggregateQuery, table: TableInfo = stockTable): AppError {
  try {
    compileAggregate(query, table, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the query to be rejected');
}

describe('compileAggregate golden SQL', () => {
  it('compiles the seeds canonical leaderboard query', () => {
    expect(sqlOf(stockLeaderboardQuery({ limit: 10 }))).toBe(
      'SELECT "symbol", SUM("shares") AS "total_shares" FROM "stock_transactions" GROUP BY "symbol" ORDER BY "total_shares" DESC, "symbol" ASC LIMIT 10',
    );
  });

  it('compiles a leaderboard over a half-open time range in epoch millis', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-01-02T00:00:00Z');
    expect(sqlOf(stockLeaderboardQuery({ timeRange: { from, to }, limit: 5 }))).toBe(
      'SELECT "symbol", SUM("shares") AS "total_shares" FROM "stock_transactions" WHERE "update_at" >= 1767225600000 AND "update_at" < 1767312000000 GROUP BY "symbol" ORDER BY "total_shares" DESC, "symbol" ASC LIMIT 5',
    );
  });

  it('compiles a sliding window with ago()', () => {
    expect(sqlOf({ table: 'stock_transactions', measures: [{ fn: 'COUNT' }], timeRange: { last: 'PT15M' } })).toBe(
      `SELECT COUNT(*) AS "count" FROM "stock_transactions" WHERE "update_at" >= ago('PT15M') LIMIT 100`,
    );
  });

  it('converts windows and buckets for a seconds-epoch time column', () => {
    expect(
      sqlOf({ table: 'metrics_s', measures: [{ fn: 'AVG', column: 'cpu' }], bucket: { unit: 'MINUTE' }, timeRange: { last: 'PT1H', to: new Date(1_500) } }, secondsTable),
    ).toBe(
      `SELECT DATETRUNC('MINUTE', "ts", 'SECONDS', 'UTC', 'MILLISECONDS') AS "bucket", AVG("cpu") AS "avg_cpu" FROM "metrics_s" WHERE "ts" >= ToEpochSeconds(ago('PT1H')) AND "ts" < 2 GROUP BY DATETRUNC('MINUTE', "ts", 'SECONDS', 'UTC', 'MILLISECONDS') ORDER BY DATETRUNC('MINUTE', "ts", 'SECONDS', 'UTC', 'MILLISECONDS') ASC LIMIT 100`,
    );
  });

  it('compiles stock volume per hour in a time zone', () => {
    expect(sqlOf(stockVolumeQuery({ symbol: 'AAPL', bucket: { unit: 'HOUR', timeZone: 'America/New_York' } }))).toBe(
      `SELECT DATETRUNC('HOUR', "update_at", 'MILLISECONDS', 'America/New_York', 'MILLISECONDS') AS "bucket", SUM("shares") AS "total_shares", COUNT(*) AS "trades" FROM "stock_transactions" WHERE "symbol" = 'AAPL' GROUP BY DATETRUNC('HOUR', "update_at", 'MILLISECONDS', 'America/New_York', 'MILLISECONDS') ORDER BY DATETRUNC('HOUR', "update_at", 'MILLISECONDS', 'America/New_York', 'MILLISECONDS') ASC LIMIT 100`,
    );
  });

  it('compiles clickstream traffic per minute and category with typed filters', () => {
    expect(
      sqlOf(clickstreamTrafficQuery({ bucket: { unit: 'MINUTE' }, groupBy: 'URL_CATEGORY', where: { deviceTypes: ['mobile', 'tablet'], urlContains: '50%_off' } }), clickTable),
    ).toBe(
      `SELECT DATETRUNC('MINUTE', "timestamp") AS "bucket", "url_category", COUNT(*) AS "views", DISTINCTCOUNTHLL("user_id") AS "unique_users" FROM "clickstream_enriched" WHERE "device_type" IN ('mobile', 'tablet') AND LOWER("url") LIKE LOWER('%50\\%\\_off%') GROUP BY DATETRUNC('MINUTE', "timestamp"), "url_category" ORDER BY DATETRUNC('MINUTE', "timestamp") ASC, "views" DESC, "url_category" ASC LIMIT 100`,
    );
  });

  it('compiles top URLs', () => {
    expect(sqlOf(topUrlsQuery({ limit: 3 }), clickTable)).toBe(
      'SELECT "url", "url_category", COUNT(*) AS "views", DISTINCTCOUNTHLL("user_id") AS "unique_users" FROM "clickstream_enriched" GROUP BY "url", "url_category" ORDER BY "views" DESC, "url" ASC, "url_category" ASC LIMIT 3',
    );
  });

  it('compiles every measure function with an alias', () => {
    const sql = sqlOf({
      table: 'stock_transactions',
      measures: [
        { fn: 'COUNT' }, { fn: 'COUNT', column: 'id' }, { fn: 'SUM', column: 'shares' }, { fn: 'AVG', column: 'shares' },
        { fn: 'MIN', column: 'shares' }, { fn: 'MAX', column: 'update_at' }, { fn: 'DISTINCTCOUNT', column: 'user_id' },
        { fn: 'DISTINCTCOUNTHLL', column: 'user_id', alias: 'users' }, { fn: 'PERCENTILETDIGEST', column: 'shares', percentile: 99.5 },
        { fn: 'LASTWITHTIME', column: 'shares', alias: 'last_shares' }, { fn: 'LASTWITHTIME', column: 'symbol', alias: 'last_symbol' },
      ],
    });
    expect(sql).toBe(
      `SELECT COUNT(*) AS "count", COUNT("id") AS "count_id", SUM("shares") AS "sum_shares", AVG("shares") AS "avg_shares", MIN("shares") AS "min_shares", MAX("update_at") AS "max_update_at", DISTINCTCOUNT("user_id") AS "distinctcount_user_id", DISTINCTCOUNTHLL("user_id") AS "users", PERCENTILETDIGEST("shares", 99.5) AS "percentiletdigest_shares_p99_5", LASTWITHTIME("shares", "update_at", 'INT') AS "last_shares", LASTWITHTIME("symbol", "update_at", 'STRING') AS "last_symbol" FROM "stock_transactions" LIMIT 100`,
    );
  });

  it('combines and / or / not with parentheses that keep precedence next to the time range', () => {
    const sql = sqlOf({
      table: 'stock_transactions',
      measures: [{ fn: 'COUNT' }],
      timeRange: { last: 'P1D' },
      where: {
        or: [
          { and: [{ column: 'symbol', eq: 'AAPL' }, { column: 'shares', range: { gte: 10, lt: '100' } }] },
          { not: { column: 'symbol', in: ['MSFT', 'GOOG'] } },
          { column: 'purchase', eq: true, isNull: false },
        ],
      },
    });
    expect(sql).toBe(
      `SELECT COUNT(*) AS "count" FROM "stock_transactions" WHERE "update_at" >= ago('P1D') AND (("symbol" = 'AAPL' AND ("shares" >= 10 AND "shares" < 100)) OR NOT ("symbol" IN ('MSFT', 'GOOG')) OR ("purchase" = true AND "purchase" IS NOT NULL)) LIMIT 100`,
    );
  });

  it('emits LIMIT n OFFSET m for pages and never OFFSET without LIMIT', () => {
    expect(sqlOf({ table: 'stock_transactions', measures: [{ fn: 'COUNT' }], groupBy: ['symbol'], limit: 20, offset: 40 })).toBe(
      'SELECT "symbol", COUNT(*) AS "count" FROM "stock_transactions" GROUP BY "symbol" ORDER BY "count" DESC, "symbol" ASC LIMIT 20 OFFSET 40',
    );
  });

  it('escapes quotes in values and keeps 64-bit and decimal literals exact', () => {
    expect(
      sqlOf({ table: 'clickstream_enriched', measures: [{ fn: 'COUNT' }], where: { and: [{ column: 'user_name', eq: "O'Brien'; DROP TABLE x --" }, { column: 'big', eq: '9223372036854775807' }, { column: 'price', range: { gt: '12345678901234567890.123456789' } }] } }, clickTable),
    ).toBe(
      `SELECT COUNT(*) AS "count" FROM "clickstream_enriched" WHERE "user_name" = 'O''Brien''; DROP TABLE x --' AND "big" = 9223372036854775807 AND "price" > '12345678901234567890.123456789' LIMIT 100`,
    );
  });

  it('quotes reserved-word columns and never uses ILIKE or :: casts', () => {
    const sql = sqlOf({ table: 'clickstream_enriched', measures: [{ fn: 'MAX', column: 'timestamp', alias: 'latest' }], where: { column: 'url', contains: 'Shop' } }, clickTable);
    expect(sql).toBe(`SELECT MAX("timestamp") AS "latest" FROM "clickstream_enriched" WHERE LOWER("url") LIKE LOWER('%Shop%') LIMIT 100`);
    expect(sql).not.toMatch(/ILIKE|::/);
  });
});

describe('compileAggregate rejects bad input with BAD_USER_INPUT', () => {
  it.each<[string, AggregateQuery, string]>([
    ['an unknown group-by column', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], groupBy: ['nope'] }, 'groupBy[0]'],
    ['an identifier injection', { table: 'stock_transactions', measures: [{ fn: 'SUM', column: 'shares") FROM x; --' }] }, 'measures[0].column'],
    ['an unknown measure function', { table: 'stock_transactions', measures: [{ fn: 'MEDIAN' as never, column: 'shares' }] }, 'measures[0].fn'],
    ['SUM over a string column', { table: 'stock_transactions', measures: [{ fn: 'SUM', column: 'symbol' }] }, 'measures[0].column'],
    ['a percentile outside 0–100', { table: 'stock_transactions', measures: [{ fn: 'PERCENTILETDIGEST', column: 'shares', percentile: 101 }] }, 'measures[0].percentile'],
    ['an alias injection', { table: 'stock_transactions', measures: [{ fn: 'COUNT', alias: 'n" FROM x --' }] }, 'measures[0].alias'],
    ['an alias shadowing a column', { table: 'stock_transactions', measures: [{ fn: 'SUM', column: 'shares', alias: 'shares' }] }, 'measures[0].alias'],
    ['a limit beyond the maximum', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], limit: 1001 }, 'limit'],
    ['a zero limit', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], limit: 0 }, 'limit'],
    ['a negative offset', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], offset: -1 }, 'offset'],
    ['a non-integer for an INT column', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], where: { column: 'shares', eq: "1 OR 1=1" } }, 'where.eq'],
    ['an INT out of range', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], where: { column: 'user_id', eq: 2_147_483_648 } }, 'where.eq'],
    ['contains on a numeric column', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], where: { column: 'shares', contains: '1' } }, 'where.contains'],
    ['an empty IN list', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], where: { column: 'symbol', in: [] } }, 'where.in'],
    ['a node mixing and with a predicate', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], where: { column: 'symbol', eq: 'A', and: [{ column: 'symbol', eq: 'B' }] } }, 'where'],
    ['a predicate without operator', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], where: { column: 'symbol' } }, 'where'],
    ['an unknown time zone', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], bucket: { unit: 'DAY', timeZone: "UTC'); DROP" } }, 'bucket.timeZone'],
    ['a malformed sliding window', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], timeRange: { last: "PT1H') OR 1=1 --" } }, 'timeRange.last'],
    ['an inverted time range', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], timeRange: { from: new Date(2000), to: new Date(1000) } }, 'timeRange'],
    ['ordering by something not selected', { table: 'stock_transactions', measures: [{ fn: 'COUNT' }], groupBy: ['symbol'], orderBy: [{ field: 'shares' }] }, 'orderBy[0].field'],
    ['grouping by a multi-value column', { table: 'clickstream_enriched', measures: [{ fn: 'COUNT' }], groupBy: ['tags'] }, 'groupBy[0]'],
  ])('rejects %s', (_name, query, field) => {
    const table = query.table === 'clickstream_enriched' ? clickTable : stockTable;
    const error = rejection(query, table);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details?.field).toBe(field);
  });

  it('rejects a query with neither measures nor groups', () => {
    expect(rejection({ table: 'stock_transactions', measures: [] }).code).toBe('BAD_USER_INPUT');
  });
});
