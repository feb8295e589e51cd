import { parseStatement, translate } from '../../../embedded/pinot/sql/translate';
import { PinotSqlError } from '../../../embedded/pinot/sql/pinot-sql-error';

const NOW = Date.UTC(2026, 0, 2, 12, 0, 0);
const tables = new Set(['stock_transactions', 'clickstream_enriched']);
const resolveTable = (name: string) => {
  const raw = name.replace(/_(REALTIME|OFFLINE)$/, '');
  return tables.has(raw) ? raw : undefined;
};

function duck(sql: string, nullHandling = false) {
  const parsed = parseStatement(sql);
  return { ...translate(parsed.tokens, { nowMs: NOW, nullHandling, resolveTable }), options: parsed.options };
}

function errorCode(sql: string): number {
  try {
    duck(sql);
  } catch (error) {
    if (error instanceof PinotSqlError) return error.errorCode;
    throw error;
  }
  throw new Error('expected a Pinot SQL error');
}

describe('Pinot SQL → DuckDB translation', () => {
  it('rewrites the canonical query with typed SUM, helper columns and the table name', () => {
    const out = duck('SELECT symbol, SUM(shares) AS total_shares FROM stock_transactions_REALTIME GROUP BY symbol ORDER BY total_shares DESC LIMIT 10');
    expect(out.sql).toBe(
      `SELECT symbol, COALESCE(CAST(SUM(shares) AS DOUBLE), 0) AS total_shares, SUM(COUNT(*)) OVER () AS "__pg_docs", COUNT(*) OVER () AS "__pg_groups" FROM "stock_transactions" GROUP BY symbol ORDER BY total_shares DESC LIMIT 10`,
    );
    expect(out.shape).toBe('groupBy');
    expect(out.tables).toEqual(['stock_transactions']);
  });

  it("appends Pinot's default LIMIT 10 and converts LIMIT offset, count", () => {
    expect(duck('SELECT * FROM stock_transactions').sql).toBe('SELECT * FROM "stock_transactions" LIMIT 10');
    expect(duck('SELECT symbol FROM stock_transactions LIMIT 5, 20').sql).toBe('SELECT symbol FROM "stock_transactions" LIMIT 20 OFFSET 5');
  });

  it('names unaliased expressions the way Pinot does', () => {
    expect(duck('SELECT COUNT(*), DISTINCTCOUNT(user_id) FROM stock_transactions').sql).toBe(
      `SELECT COUNT(*) AS "count(*)", CAST(COUNT(DISTINCT user_id) AS INTEGER) AS "distinctcount(user_id)", COUNT(*) AS "__pg_docs" FROM "stock_transactions" LIMIT 10`,
    );
  });

  it('truncates time in UTC arithmetically and in a zone through calendar math', () => {
    expect(duck(`SELECT DATETRUNC('hour', "update_at") AS h FROM stock_transactions`).sql).toContain('(CAST(floor((CAST("update_at" AS BIGINT)) / 3600000) AS BIGINT) * 3600000) AS h');
    expect(duck(`SELECT DATETRUNC('DAY', ts, 'SECONDS', 'Europe/Paris', 'MILLISECONDS') AS d FROM stock_transactions`).sql).toContain(
      `epoch_ms(timezone('Europe/Paris', date_trunc('day', timezone('Europe/Paris', CAST(epoch_ms(CAST((CAST(ts AS BIGINT) * 1000) AS BIGINT)) AS TIMESTAMPTZ)))))`,
    );
  });

  it('evaluates now() and ago() at one instant', () => {
    expect(duck(`SELECT COUNT(*) FROM stock_transactions WHERE update_at >= ago('PT1H') AND update_at < now()`).sql).toContain(
      `update_at >= CAST(${NOW - 3_600_000} AS BIGINT) AND update_at < CAST(${NOW} AS BIGINT)`,
    );
  });

  it('maps CAST types, LASTWITHTIME, percentiles and legacy PERCENTILE95 spellings', () => {
    const sql = duck(`SELECT CAST(shares AS LONG) AS l, LASTWITHTIME(symbol, update_at, 'STRING') AS s, PERCENTILE95(shares) AS p, PERCENTILETDIGEST(shares, 50) AS t FROM stock_transactions`, true).sql;
    expect(sql).toContain('CAST(shares AS BIGINT) AS l');
    expect(sql).toContain('CAST(arg_max(symbol, update_at) AS VARCHAR) AS s');
    expect(sql).toContain('CAST(quantile_disc(shares, 0.95) AS DOUBLE) AS p');
    expect(sql).toContain('CAST(approx_quantile(shares, 0.5) AS DOUBLE) AS t');
  });

  it('reads SET statements and the OPTION suffix as query options', () => {
    const out = duck('SET timeoutMs = 500; SET "enableNullHandling" = true; SELECT COUNT(*) FROM stock_transactions OPTION(numGroupsLimit=7)');
    expect(out.options).toEqual({ timeoutMs: '500', enableNullHandling: 'true', numGroupsLimit: '7' });
    expect(out.sql).not.toContain('OPTION');
  });

  it.each<[string, string, number]>([
    ['a parse error', 'SELECT symbol FROM stock_transactions WHERE (', 150],
    ['an unterminated string', "SELECT 'abc FROM stock_transactions", 150],
    ['a non-SELECT statement', 'DROP TABLE stock_transactions', 150],
    ['two statements', 'SELECT 1 FROM stock_transactions; SELECT 2 FROM stock_transactions', 150],
    ['an unknown table', 'SELECT 1 FROM nope', 190],
    ['a table function', "SELECT * FROM read_parquet('x')", 190],
    ['a bad DATETRUNC unit', "SELECT DATETRUNC('fortnight', update_at) FROM stock_transactions", 150],
    ['an unknown time zone', "SELECT DATETRUNC('DAY', update_at, 'MILLISECONDS', 'Mars/Olympus') FROM stock_transactions", 700],
    ['a bad ago() duration', "SELECT COUNT(*) FROM stock_transactions WHERE update_at > ago('1 hour')", 150],
    ['a percentile above 100', 'SELECT PERCENTILE(shares, 101) FROM stock_transactions', 700],
  ])('rejects %s with Pinot code', (_name, sql, code) => {
    expect(errorCode(sql)).toBe(code);
  });
});
