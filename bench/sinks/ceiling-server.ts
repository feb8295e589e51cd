import { createServer } from 'node:http';
import pg from 'pg';
import { BENCH_DATABASE_URL } from './bench-database';

/**
 * The ceiling: the same SQL pipegraph runs for the benchmark's query, served by the least code that can answer it —
 * a pg Pool of the same size and a bare http handler returning the same JSON shape and cursors. No GraphQL, no auth,
 * no limits, no validation beyond decoding the cursor.
 */
const COLUMNS = `SELECT "timestamp", user_id AS "userId", device_id AS "deviceId", url, user_name AS "userName",
  device_type AS "deviceType", url_category AS "urlCategory", "timestamp"::text AS "keyTimestamp" FROM "public"."clickstream_events"`;
export const CEILING_SQL = {
  first: `${COLUMNS} WHERE url_category = $1::text ORDER BY "timestamp" DESC, user_id DESC LIMIT $2`,
  next: `${COLUMNS} WHERE url_category = $1::text AND ("timestamp", user_id) < ($2::timestamptz, $3::int) ORDER BY "timestamp" DESC, user_id DESC LIMIT $4`,
};

const PAGE_SIZE = 50;

function main() {
  const pool = new pg.Pool({ connectionString: BENCH_DATABASE_URL, max: Number(process.env.PG_POOL_MAX ?? 10) });
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const category = url.searchParams.get('category') ?? 'news';
      const after = url.searchParams.get('after');
      const { rows } = after
        ? await pool.query(CEILING_SQL.next, [category, ...JSON.parse(Buffer.from(after, 'base64url').toString()), PAGE_SIZE + 1])
        : await pool.query(CEILING_SQL.first, [category, PAGE_SIZE + 1]);
      const edges = rows.slice(0, PAGE_SIZE).map(({ keyTimestamp, ...node }) => ({
        // Built like pipegraph builds its cursors (no JSON.stringify), so the comparison stays like for like.
        cursor: Buffer.from(`["${keyTimestamp}",${node.userId}]`, 'latin1').toString('base64url'),
        node,
      }));
      const body = JSON.stringify({
        data: { clickstreamEvents: { edges, pageInfo: { hasNextPage: rows.length > PAGE_SIZE, endCursor: edges.at(-1)?.cursor ?? null } } },
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.send?.({ ready: true, port: address.port });
  });
  process.on('disconnect', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

if (require.main === module) main();
