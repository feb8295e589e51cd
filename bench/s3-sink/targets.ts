import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { jdbcConnection } from '../../src/pipeline/demo/connectors';
import { S3_BUCKET, S3_CREDENTIALS, type BenchStack } from './stack';

export const FLUSH_SIZE = 10_000;

/** One sink under test: its connector config for a round, the check of what it wrote, and its cleanup. */
export interface SinkTarget {
  name: 'S3 (Parquet)' | 'JDBC (Postgres)';
  config(round: number, topic: string): Record<string, string>;
  /** Checks the written data accounts for exactly `records` records; throws otherwise. */
  verify(round: number, records: number): Promise<void>;
  /** Drops what the round wrote, so rounds do not grow the stores. */
  clear(round: number): Promise<void>;
  close(): Promise<void>;
}

/** Connect REST call; throws on a non-2xx answer with its body. */
export async function connectRest(baseUrl: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** S3 sink, Parquet, flush.size 10,000, default partitioner (partition=N/), one topics.dir per round. */
export function s3Target(stack: BenchStack): SinkTarget {
  const client = new S3Client({ endpoint: stack.s3Url, region: 'us-east-1', credentials: S3_CREDENTIALS, forcePathStyle: true });
  const dirOf = (round: number) => `round-${round}`;
  async function keys(round: number): Promise<string[]> {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: S3_BUCKET, Prefix: `${dirOf(round)}/`, ContinuationToken: token }));
      for (const object of page.Contents ?? []) found.push(object.Key!);
      token = page.NextContinuationToken;
    } while (token);
    return found;
  }
  return {
    name: 'S3 (Parquet)',
    config: (round, topic) => ({
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
      'tasks.max': '1',
      topics: topic,
      's3.bucket.name': S3_BUCKET,
      's3.region': 'us-east-1',
      'store.url': stack.s3Url,
      'aws.access.key.id': S3_CREDENTIALS.accessKeyId,
      'aws.secret.access.key': S3_CREDENTIALS.secretAccessKey,
      'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
      'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
      'topics.dir': dirOf(round),
      'flush.size': String(FLUSH_SIZE),
    }),
    async verify(round, records) {
      // Object names are <topic>+<partition>+<start offset>; every object holds flush.size records.
      const objects = (await keys(round)).filter((key) => key.endsWith('.snappy.parquet'));
      if (objects.length * FLUSH_SIZE !== records) throw new Error(`S3 round ${round}: ${objects.length} objects × ${FLUSH_SIZE} ≠ ${records} records`);
    },
    async clear() {
      // Objects are few and large; the temp dir goes at the end.
    },
    async close() {
      client.destroy();
    },
  };
}

/** JDBC sink into Postgres: plain inserts, auto.create, one table per round; verify counts the table's rows. */
export function jdbcTarget(stack: BenchStack): SinkTarget {
  const db = new pg.Client({ connectionString: stack.postgresUrl });
  const connected = db.connect();
  const tableOf = (round: number) => `clicks_round_${round}`;
  const count = async (round: number) => {
    await connected;
    const exists = await db.query('SELECT to_regclass($1) AS t', [tableOf(round)]);
    if (exists.rows[0].t === null) return 0;
    return Number((await db.query(`SELECT count(*)::int AS n FROM ${tableOf(round)}`)).rows[0].n);
  };
  return {
    name: 'JDBC (Postgres)',
    config: (round, topic) => ({
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      'tasks.max': '1',
      topics: topic,
      ...jdbcConnection(stack.postgresUrl),
      'table.name.format': tableOf(round),
      'auto.create': 'true',
      'insert.mode': 'insert',
    }),
    async verify(round, records) {
      const rows = await count(round);
      if (rows !== records) throw new Error(`JDBC round ${round}: ${rows} rows ≠ ${records} records`);
    },
    async clear(round) {
      await connected;
      await db.query(`DROP TABLE IF EXISTS ${tableOf(round)}`);
    },
    async close() {
      await connected.catch(() => undefined);
      await db.end();
    },
  };
}
