import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { splitOperations } from '../../../src/server/playground/example-operations';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { waitFor } from '../../helpers/wait-for';

/** The analytics plane end to end: GraphQL → service → Pinot adapter → embedded Pinot ← Kafka. */
const leftovers = createLeftovers();
let app: TestApp;
let producer: Producer;
const run = `r${Date.now().toString(36)}`;

const trade = (symbol: string, shares: number, at = Date.now()) => ({ id: `${symbol}-${shares}-${at}`, user_id: 7, symbol, shares, purchase: true, update_at: at });
const click = (url: string, category: string, userId: number, at = Date.now()) => ({ timestamp: at, user_id: userId, device_id: 1, url, user_name: `u${userId}`, device_type: 'mobile', url_category: category });

async function produce(topic: string, records: object[]): Promise<void> {
  await producer.send({ topic, messages: records.map((record) => ({ value: JSON.stringify(record) })) });
}

const LEADERBOARD = `query ($last: String, $limit: Int) { stockLeaderboard(last: $last, limit: $limit) { rows { symbol totalShares } stats { docsScanned totalDocs partial groupsLimitReached freshnessMs cached } sql } }`;

beforeAll(async () => {
  app = await startTestApp({
    backends: ['kafka', 'pinot'],
    env: { DEMO_GENERATOR_RATE: '0', ENRICHER_ENABLED: 'false', ANALYTICS_CACHE_TTL_MS: '0', ANALYTICS_LIVE_INTERVAL_MS: '100', ANALYTICS_MAX_LIMIT: '500' },
  });
  leftovers.add(() => app.stop());
  const kafka = new Kafka({ clientId: 'analytics-e2e', brokers: app.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'stock_transactions', numPartitions: 2 }, { topic: 'enriched-clickstream', numPartitions: 2 }] });
  await admin.disconnect();
  producer = kafka.producer();
  await producer.connect();
  leftovers.add(() => producer.disconnect());
  // Warm-up: the tables' consumers join their groups once the topics exist.
  await produce('stock_transactions', [trade(`${run}_WARM`, 1)]);
  await produce('enriched-clickstream', [click(`https://warm.example/${run}`, 'warmup', 1)]);
  await waitFor(async () => {
    const { body } = await app.request(`{ a: aggregate(table: "stock_transactions", measures: [{ fn: COUNT }]) { rows } b: aggregate(table: "clickstream_enriched", measures: [{ fn: COUNT }]) { rows } }`);
    return body.data?.a.rows[0][0] >= '1' && body.data?.b.rows[0][0] >= '1';
  }, { timeoutMs: 20_000, what: 'both demo tables ingesting' });
}, 40_000);
afterAll(() => leftovers.drain());

describe('analytics over the embedded Pinot', () => {
  it('lists the demo tables the container provisioned, with columns, time column and size', async () => {
    const { body } = await app.request(`{ analyticsTables { name timeColumn dimensions { name type } metrics { name type } timeColumns { name type format } sizeBytes } }`);
    expect(body.errors).toBeUndefined();
    const byName = Object.fromEntries(body.data.analyticsTables.map((table: any) => [table.name, table]));
    expect(byName.stock_transactions).toMatchObject({
      timeColumn: 'update_at',
      metrics: [{ name: 'shares', type: 'INT' }],
      timeColumns: [{ name: 'update_at', type: 'TIMESTAMP', format: '1:MILLISECONDS:TIMESTAMP' }],
    });
    expect(byName.clickstream_enriched.timeColumn).toBe('timestamp');
    expect(byName.clickstream_enriched.dimensions.map((d: any) => d.name)).toEqual(['user_id', 'device_id', 'url', 'user_name', 'device_type', 'url_category']);
    expect(Number(byName.stock_transactions.sizeBytes)).toBeGreaterThan(0);
  });

  it('shows events produced to Kafka in aggregate results within 2 seconds', async () => {
    const symbol = `${run}_E2E`;
    const produced = Date.now();
    await produce('stock_transactions', [trade(symbol, 40), trade(symbol, 2)]);
    const row = await waitFor(async () => {
      const { body } = await app.request(
        `query ($s: JSON) { aggregate(table: "stock_transactions", measures: [{ fn: SUM, column: "shares", alias: "total" }, { fn: COUNT, alias: "n" }], where: { column: "symbol", eq: $s }) { rows columns { name type role } } }`,
        { s: symbol },
      );
      const [total, n] = body.data?.aggregate.rows[0] ?? [];
      return n === '2' ? { total, columns: body.data.aggregate.columns } : undefined;
    }, { timeoutMs: 2_000, intervalMs: 25, what: 'the produced trades in Pinot' });
    expect(Date.now() - produced).toBeLessThan(2_000);
    expect(row.total).toBe(42);
    expect(row.columns).toEqual([{ name: 'total', type: 'DOUBLE', role: 'MEASURE' }, { name: 'n', type: 'LONG', role: 'MEASURE' }]);
  });

  it('answers the stock leaderboard with stats and the compiled SQL', async () => {
    await produce('stock_transactions', [trade(`${run}_TOP`, 1_000_000)]);
    const answer = await waitFor(async () => {
      const { body } = await app.request(LEADERBOARD, { last: 'PT1H', limit: 3 });
      return body.data?.stockLeaderboard.rows[0]?.symbol === `${run}_TOP` ? body.data.stockLeaderboard : undefined;
    }, { what: 'the top symbol' });
    expect(answer.rows[0]).toEqual({ symbol: `${run}_TOP`, totalShares: 1_000_000 });
    expect(answer.rows.length).toBeLessThanOrEqual(3);
    expect(answer.stats).toMatchObject({ partial: false, groupsLimitReached: false, cached: false });
    expect(Number(answer.stats.docsScanned)).toBeGreaterThan(0);
    expect(answer.stats.freshnessMs).toBeLessThan(60_000);
    expect(answer.sql).toBe(`SELECT "symbol", SUM("shares") AS "total_shares" FROM "stock_transactions" WHERE "update_at" >= ago('PT1H') GROUP BY "symbol" ORDER BY "total_shares" DESC, "symbol" ASC LIMIT 3`);
  });

  it('buckets stock volume by hour in a time zone', async () => {
    const symbol = `${run}_VOL`;
    await produce('stock_transactions', [trade(symbol, 5), trade(symbol, 6)]);
    const rows = await waitFor(async () => {
      const { body } = await app.request(`query ($s: String!) { stockVolume(symbol: $s, bucket: { unit: HOUR, timeZone: "Asia/Kolkata" }) { rows { bucket totalShares trades } } }`, { s: symbol });
      const rows = body.data?.stockVolume.rows;
      return rows?.reduce((sum: number, r: any) => sum + Number(r.trades), 0) === 2 ? rows : undefined;
    }, { what: 'volume buckets' });
    for (const row of rows) expect(new Date(row.bucket).getUTCMinutes()).toBe(30); // Kolkata hours start at :30 UTC
  });

  it('reports clickstream traffic by category and the top URLs', async () => {
    const category = `${run}_cat`;
    await produce('enriched-clickstream', [click('https://a.example/x', category, 1), click('https://a.example/x', category, 2), click('https://b.example/y', category, 1)]);
    const traffic = await waitFor(async () => {
      const { body } = await app.request(
        `query ($c: [String!]) { clickstreamTraffic(bucket: { unit: DAY }, groupBy: URL_CATEGORY, where: { urlCategories: $c }) { rows { bucket key views uniqueUsers } } }`,
        { c: [category] },
      );
      const rows = body.data?.clickstreamTraffic.rows;
      return rows?.reduce((sum: number, r: any) => sum + Number(r.views), 0) === 3 ? rows : undefined;
    }, { what: 'traffic rows' });
    expect(traffic.every((row: any) => row.key === category)).toBe(true);
    const { body } = await app.request(`query ($c: [String!]) { topUrls(where: { urlCategories: $c }, limit: 5) { rows { url urlCategory views uniqueUsers } } }`, { c: [category] });
    expect(body.data.topUrls.rows).toEqual([
      { url: 'https://a.example/x', urlCategory: category, views: '2', uniqueUsers: '2' },
      { url: 'https://b.example/y', urlCategory: category, views: '1', uniqueUsers: '1' },
    ]);
  });

  it('treats injection in filter values as plain data', async () => {
    const { body } = await app.request(
      `{ aggregate(table: "stock_transactions", measures: [{ fn: COUNT }], where: { or: [{ column: "symbol", eq: "x' OR '1'='1" }, { column: "symbol", in: ["\\" OR 1=1 --"] }] }) { rows } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.aggregate.rows).toEqual([['0']]);
  });

  it.each([
    ['an unknown table', `{ aggregate(table: "nope", measures: [{ fn: COUNT }]) { rows } }`, 'table'],
    ['an unknown column', `{ aggregate(table: "stock_transactions", measures: [{ fn: SUM, column: "nope" }]) { rows } }`, 'measures[0].column'],
    ['an injected identifier', `{ aggregate(table: "stock_transactions", measures: [{ fn: COUNT }], groupBy: ["symbol\\" FROM x --"]) { rows } }`, 'groupBy[0]'],
    ['a limit beyond the maximum', `{ aggregate(table: "stock_transactions", measures: [{ fn: COUNT }], groupBy: ["symbol"], limit: 501) { rows } }`, 'limit'],
    ['a non-numeric value for a numeric column', `{ aggregate(table: "stock_transactions", measures: [{ fn: COUNT }], where: { column: "shares", range: { gt: "1; DROP" } }) { rows } }`, 'where.range.gt'],
  ])('answers %s with BAD_USER_INPUT naming the field', async (_name, query, field) => {
    const { body } = await app.request(query);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retriable: false, details: { field } });
  });

  it('rejects an unknown measure function at validation', async () => {
    const { body } = await app.request(`{ aggregate(table: "stock_transactions", measures: [{ fn: MEDIAN, column: "shares" }]) { rows } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pushes a live leaderboard when new trades change it', async () => {
    const symbol = `${run}_LIVE`;
    const client = app.wsClient();
    const results: any[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const stop = client.subscribe(
        { query: `subscription ($s: JSON) { liveAggregate(table: "stock_transactions", measures: [{ fn: SUM, column: "shares", alias: "total" }], where: { column: "symbol", eq: $s }) { rows stats { cached } } }`, variables: { s: symbol } },
        {
          next: (value) => {
            results.push(value);
            if (results.length === 2) {
              stop();
              resolve();
            }
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await waitFor(() => results.length === 1, { what: 'the first live result' });
    expect(results[0].data.liveAggregate.rows).toEqual([[0]]);
    await produce('stock_transactions', [trade(symbol, 9)]);
    await done;
    expect(results[1].data.liveAggregate.rows).toEqual([[9]]);
  });

  it('runs every analytics playground example query without errors', async () => {
    const source = readFileSync(join(__dirname, '../../../resolvers/analytics/examples.graphql'), 'utf8');
    const queries = splitOperations(source, 'analytics').filter((example) => !/^(#.*\n)*subscription/m.test(example.query));
    expect(queries.length).toBeGreaterThanOrEqual(6);
    for (const example of queries) {
      const { body } = await app.request(example.query);
      expect({ name: example.name, errors: body.errors }).toEqual({ name: example.name, errors: undefined });
    }
  });
});
