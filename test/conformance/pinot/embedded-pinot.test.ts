import { createLeftovers } from '../../helpers/leftovers';
import { waitFor } from '../../helpers/wait-for';
import { startPinotStack, stockSchema, stockTable, type PinotStack } from './pinot-fixture';

const leftovers = createLeftovers();
let pinot: PinotStack;
const now = Date.now();
const HOUR = 3_600_000;

// 12 symbols so the default LIMIT 10 is observable; AAPL is the top by shares.
const symbols = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'TSLA', 'META', 'NVDA', 'NFLX', 'ORCL', 'IBM', 'INTC', 'AMD'];
const records = symbols.flatMap((symbol, i) => [
  { id: `${symbol}-1`, user_id: i, symbol, shares: 100 - i, purchase: true, update_at: now - 2 * HOUR },
  { id: `${symbol}-2`, user_id: i + 100, symbol, shares: 50 - i, purchase: false, update_at: now - HOUR },
]);

beforeAll(async () => {
  pinot = await startPinotStack(leftovers, ['stock_transactions'], { retentionCheckIntervalMs: 200 });
  expect((await pinot.post('/schemas', stockSchema)).status).toBe(200);
  expect((await pinot.post('/tables', stockTable)).status).toBe(200);
  await pinot.produce('stock_transactions', records);
  await pinot.produce('stock_transactions', [{ id: 'old', user_id: 1, symbol: 'OLD', shares: 1, purchase: true, update_at: now - 30 * 24 * HOUR }]);
  await waitFor(async () => {
    // All fresh records in, and the 30-day-old one consumed and dropped by retention.
    const response = await pinot.query('SELECT COUNT(*) FROM stock_transactions');
    return response.resultTable?.rows[0]?.[0] === records.length && response.totalDocs === records.length;
  }, { what: 'records ingested and the old one retained away' });
});
afterAll(() => leftovers.drain());

describe('embedded Pinot controller', () => {
  it('accepts the seeds schema and table config unchanged and serves them back', async () => {
    expect((await pinot.get('/schemas')).body).toEqual(['stock_transactions']);
    expect((await pinot.get('/schemas/stock_transactions')).body).toEqual(stockSchema);
    expect((await pinot.get('/tables/stock_transactions/schema')).body).toEqual(stockSchema);
    expect((await pinot.get('/tables')).body).toEqual({ tables: ['stock_transactions'] });
    expect((await pinot.get('/tables?type=realtime')).body).toEqual({ tables: ['stock_transactions_REALTIME'] });
    const table = (await pinot.get('/tables/stock_transactions')).body;
    expect(table.REALTIME.tableName).toBe('stock_transactions_REALTIME');
    expect(table.REALTIME.tableIndexConfig.streamConfigs['stream.kafka.topic.name']).toBe('stock_transactions');
  });

  it('rejects a duplicate table with 409 and a table without a schema with 400', async () => {
    expect((await pinot.post('/tables', stockTable)).status).toBe(409);
    const orphan = await pinot.post('/tables', { ...stockTable, tableName: 'orphan', segmentsConfig: { schemaName: 'orphan' } });
    expect(orphan.status).toBe(400);
    expect(orphan.body).toEqual({ code: 400, error: expect.stringContaining('Schema orphan does not exist') });
  });

  it('rejects a table whose decoder class it does not have (the Confluent Avro decoder: confluent-avro-decoder.test.ts)', async () => {
    const avro = structuredClone(stockTable) as any;
    avro.tableName = 'avro_table';
    avro.tableIndexConfig.streamConfigs['stream.kafka.decoder.class.name'] = 'org.apache.pinot.plugin.inputformat.avro.KafkaAvroMessageDecoder';
    expect((await pinot.post('/tables', avro)).status).toBe(400);
  });

  it('reports health, size, and 404 for unknown tables and schemas', async () => {
    expect(await pinot.get('/health')).toEqual({ status: 200, body: 'OK' });
    const size = (await pinot.get('/tables/stock_transactions/size')).body;
    expect(size.tableName).toBe('stock_transactions');
    expect(size.reportedSizeInBytes).toBeGreaterThan(0);
    expect(size.realtimeSegments.missingSegments).toBe(0);
    expect((await pinot.get('/tables/nope/size')).status).toBe(404);
    expect((await pinot.get('/schemas/nope')).status).toBe(404);
  });

  it('refuses to delete a schema a table uses, and deletes a table and then its schema', async () => {
    expect((await pinot.post('/schemas', { ...stockSchema, schemaName: 'scratch' })).status).toBe(200);
    expect((await pinot.post('/tables', { ...stockTable, tableName: 'scratch', segmentsConfig: { ...(stockTable.segmentsConfig as object), schemaName: 'scratch' } })).status).toBe(200);
    expect((await fetch(`${pinot.url}/schemas/scratch`, { method: 'DELETE' })).status).toBe(409);
    const dropped = await fetch(`${pinot.url}/tables/scratch?type=realtime`, { method: 'DELETE' });
    expect(await dropped.json()).toEqual({ status: 'Tables: [scratch_REALTIME] deleted' });
    expect((await fetch(`${pinot.url}/schemas/scratch`, { method: 'DELETE' })).status).toBe(200);
    expect((await pinot.get('/tables')).body).toEqual({ tables: ['stock_transactions'] });
  });
});

describe('embedded Pinot broker', () => {
  it('answers the canonical leaderboard query with Pinot types and stats', async () => {
    const response = await pinot.query(
      'SELECT symbol, SUM(shares) AS total_shares FROM stock_transactions GROUP BY symbol ORDER BY total_shares DESC LIMIT 10',
    );
    expect(response.exceptions).toEqual([]);
    expect(response.resultTable!.dataSchema).toEqual({ columnNames: ['symbol', 'total_shares'], columnDataTypes: ['STRING', 'DOUBLE'] });
    expect(response.resultTable!.rows.slice(0, 2)).toEqual([['AAPL', 150], ['MSFT', 148]]);
    expect(response.resultTable!.rows).toHaveLength(10);
    expect(response.numDocsScanned).toBe(records.length);
    expect(response.totalDocs).toBe(records.length);
    expect(response.numServersQueried).toBe(1);
    expect(response.numServersResponded).toBe(1);
    expect(response.numGroupsLimitReached).toBe(false);
    expect(Math.abs(Number(response.minConsumingFreshnessTimeMs) - Date.now())).toBeLessThan(60_000);
  });

  it('applies the default LIMIT 10 and Pinot names for unaliased aggregates', async () => {
    const response = await pinot.query('SELECT symbol, COUNT(*), SUM(shares) FROM stock_transactions GROUP BY symbol');
    expect(response.resultTable!.rows).toHaveLength(10);
    expect(response.resultTable!.dataSchema).toEqual({ columnNames: ['symbol', 'count(*)', 'sum(shares)'], columnDataTypes: ['STRING', 'LONG', 'DOUBLE'] });
    const selection = await pinot.query('SELECT * FROM stock_transactions');
    expect(selection.resultTable!.rows).toHaveLength(10);
  });

  it('pages with LIMIT offset, count and LIMIT n OFFSET m alike', async () => {
    const base = 'SELECT symbol FROM stock_transactions GROUP BY symbol ORDER BY symbol';
    const mysql = await pinot.query(`${base} LIMIT 2, 3`);
    const ansi = await pinot.query(`${base} LIMIT 3 OFFSET 2`);
    expect(mysql.resultTable!.rows).toEqual([['AMZN'], ['GOOG'], ['IBM']]);
    expect(ansi.resultTable!.rows).toEqual(mysql.resultTable!.rows);
  });

  it('answers GET /query/sql?sql= like the POST form', async () => {
    const response = await fetch(`${pinot.url}/query/sql?sql=${encodeURIComponent("SELECT COUNT(*) AS n FROM stock_transactions WHERE symbol = 'AAPL'")}`);
    expect(((await response.json()) as any).resultTable.rows).toEqual([[2]]);
  });

  it('renders TIMESTAMP columns as Pinot does and keeps 64-bit integers exact', async () => {
    const body = await pinot.rawQuery(
      "SELECT update_at, CAST(9007199254740993 AS LONG) AS big FROM stock_transactions WHERE id = 'AAPL-1'",
    );
    expect(body).toContain('9007199254740993');
    const parsed = JSON.parse(body);
    expect(parsed.resultTable.dataSchema.columnDataTypes).toEqual(['TIMESTAMP', 'LONG']);
    const expected = new Date(now - 2 * HOUR).toISOString().replace('T', ' ').replace('Z', '').replace(/\.?0+$/, '');
    expect(parsed.resultTable.rows[0][0]).toBe(expected.includes('.') ? expected : `${expected}.0`);
  });

  it('runs the Pinot functions pipegraph generates', async () => {
    const response = await pinot.query(`
      SELECT DATETRUNC('DAY', update_at, 'MILLISECONDS', 'America/New_York') AS day_ny,
             DISTINCTCOUNT(user_id) AS users, DISTINCTCOUNTHLL(user_id) AS users_hll,
             PERCENTILE(shares, 50) AS p50, PERCENTILETDIGEST(shares, 90) AS p90,
             LASTWITHTIME(shares, update_at, 'INT') AS last_shares, FIRSTWITHTIME(shares, update_at, 'INT') AS first_shares,
             MIN(shares) AS min_shares, MAX(shares) AS max_shares, AVG(shares) AS avg_shares
      FROM stock_transactions WHERE symbol = 'AAPL' AND update_at >= ago('PT3H') AND update_at < now()
      GROUP BY DATETRUNC('DAY', update_at, 'MILLISECONDS', 'America/New_York') LIMIT 100`);
    expect(response.exceptions).toEqual([]);
    const types = response.resultTable!.dataSchema.columnDataTypes;
    expect(types).toEqual(['LONG', 'INT', 'LONG', 'DOUBLE', 'DOUBLE', 'INT', 'INT', 'DOUBLE', 'DOUBLE', 'DOUBLE']);
    const shares = response.resultTable!.rows.map((row) => row.slice(1));
    const totalUsers = shares.reduce((sum, row) => sum + Number(row[0]), 0);
    expect(totalUsers).toBe(2);
    for (const row of response.resultTable!.rows) {
      const bucket = Number(row[0]);
      const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).format(new Date(bucket));
      expect(local).toBe('00:00');
    }
  });

  it('converts epochs with ToEpoch*/FromEpoch* and truncates to UTC buckets', async () => {
    const response = await pinot.query(
      "SELECT ToEpochSeconds(update_at) AS s, FromEpochSeconds(ToEpochSeconds(update_at)) AS back, ToEpochHoursBucket(update_at, 2) AS h2, DATETRUNC('hour', update_at) AS hour FROM stock_transactions WHERE id = 'MSFT-1'",
    );
    const [s, back, h2, hour] = response.resultTable!.rows[0] as number[];
    const ts = now - 2 * HOUR;
    expect(s).toBe(Math.trunc(ts / 1000));
    expect(back).toBe(Math.trunc(ts / 1000) * 1000);
    expect(h2).toBe(Math.trunc(ts / (2 * HOUR)));
    expect(hour).toBe(Math.floor(ts / HOUR) * HOUR);
  });

  it('returns Pinot sentinels for aggregates over no rows unless null handling is enabled', async () => {
    const sql = "SELECT MIN(shares) AS mn, MAX(shares) AS mx, SUM(shares) AS total, COUNT(*) AS n, PERCENTILETDIGEST(shares, 50) AS p, LASTWITHTIME(shares, update_at, 'INT') AS last FROM stock_transactions WHERE symbol = 'NONE'";
    const plain = await pinot.query(sql);
    expect(plain.resultTable!.rows).toEqual([['Infinity', '-Infinity', 0, 0, 'NaN', -2147483648]]);
    expect(plain.numDocsScanned).toBe(0);
    const nullAware = await pinot.query(sql, 'enableNullHandling=true');
    expect(nullAware.resultTable!.rows).toEqual([[null, null, null, 0, null, null]]);
  });

  it('matches LIKE patterns with backslash escapes as Pinot does', async () => {
    const response = await pinot.query("SELECT COUNT(*) FROM stock_transactions WHERE LOWER(symbol) LIKE LOWER('%AP%') AND id NOT LIKE '%\\%%'");
    expect(response.resultTable!.rows).toEqual([[2]]);
    const literal = await pinot.query("SELECT COUNT(*) FROM stock_transactions WHERE symbol LIKE 'AAP\\_'");
    expect(literal.resultTable!.rows).toEqual([[0]]);
  });

  it('reports SQL errors with Pinot codes on HTTP 200', async () => {
    const cases: Array<[string, number]> = [
      ['SELEC symbol FROM stock_transactions', 150],
      ['SELECT symbol FROM nope', 190],
      ['SELECT nope FROM stock_transactions', 710],
      ["SELECT symbol FROM stock_transactions WHERE symbol = 'x", 150],
      ['SELECT * FROM read_csv(\'/etc/passwd\')', 190],
      ['SELECT 1 FROM stock_transactions; DROP TABLE stock_transactions', 150],
    ];
    for (const [sql, code] of cases) {
      const response = await fetch(`${pinot.url}/query/sql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }) });
      expect(response.status).toBe(200);
      const body = (await response.json()) as any;
      expect(body.exceptions[0]).toEqual({ errorCode: code, message: expect.any(String) });
      expect(body.resultTable).toBeUndefined();
    }
  });

  it('honours SET and queryOptions, and flags numGroupsLimitReached', async () => {
    const response = await pinot.query('SET numGroupsLimit = 3; SELECT symbol, COUNT(*) AS n FROM stock_transactions GROUP BY symbol LIMIT 100');
    expect(response.numGroupsLimitReached).toBe(true);
    const viaOptions = await pinot.query('SELECT symbol, COUNT(*) AS n FROM stock_transactions GROUP BY symbol LIMIT 100', 'numGroupsLimit=1000;timeoutMs=5000');
    expect(viaOptions.numGroupsLimitReached).toBe(false);
  });

  it('applies segmentsConfig retention to consumed rows', async () => {
    expect((await pinot.query("SELECT COUNT(*) FROM stock_transactions WHERE symbol = 'OLD'")).resultTable!.rows).toEqual([[0]]);
  });
});
