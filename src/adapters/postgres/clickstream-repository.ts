import { timeBackendCall } from '../../observability/metrics';
import { withPostgresErrors } from './map-error';
import type { Pool } from './pool';
import { escapeLike, qualifiedTable, SqlParams } from './sql-identifiers';
import type { EnrichedEventRow } from './dimensions-repository';

/** Conditions on `clickstream_events`, all AND-ed; every value is bound as a parameter. Already validated by the service. */
export interface ClickstreamFilter {
  userId?: { eq?: number; in?: readonly number[] };
  deviceType?: { eq?: string; in?: readonly string[] };
  urlCategory?: { eq?: string; in?: readonly string[] };
  url?: { eq?: string; prefix?: string };
  timestamp?: { gt?: Date; gte?: Date; lt?: Date; lte?: Date };
}

/**
 * The keyset position of a row: its timestamp as PostgreSQL prints it (microsecond precision, with offset, so it casts
 * back exactly — a JS Date would drop the microseconds) and the user_id tie-break.
 */
export interface ClickstreamKey {
  timestamp: string;
  userId: number;
}

export type SortDirection = 'ASC' | 'DESC';

export interface ClickstreamPageQuery {
  filter: ClickstreamFilter;
  direction: SortDirection;
  /** Rows strictly after this key in `direction` order. */
  after?: ClickstreamKey;
  limit: number;
}

/** A clickstream_events row with its keyset position. */
export interface ClickstreamEventRecord extends EnrichedEventRow {
  /** ClickstreamKey.timestamp of this row; with userId it is the row's keyset position. */
  keyTimestamp: string;
}

export type ClickstreamDimension = 'urlCategory' | 'deviceType' | 'url' | 'userId' | 'deviceId';
export type TimeBucket = 'minute' | 'hour' | 'day';

export interface ClickstreamAggregateQuery {
  filter: ClickstreamFilter;
  groupBy: readonly ClickstreamDimension[];
  bucket?: TimeBucket;
  limit: number;
}

export interface ClickstreamGroupRecord {
  bucketStart?: Date;
  urlCategory?: string | null;
  deviceType?: string | null;
  url?: string;
  userId?: number;
  deviceId?: number;
  eventCount: number;
  distinctUsers: number;
}

export interface ClickstreamRepository {
  findPage(query: ClickstreamPageQuery): Promise<ClickstreamEventRecord[]>;
  count(filter: ClickstreamFilter): Promise<number>;
  aggregate(query: ClickstreamAggregateQuery): Promise<ClickstreamGroupRecord[]>;
}

// Fixed SQL per dimension and bucket: the caller picks from these maps, never supplies text.
const DIMENSION_SQL: Record<ClickstreamDimension, string> = {
  urlCategory: 'url_category',
  deviceType: 'device_type',
  url: 'url',
  userId: 'user_id',
  deviceId: 'device_id',
};
const BUCKET_SQL: Record<TimeBucket, string> = { minute: `'minute'`, hour: `'hour'`, day: `'day'` };

const EVENT_COLUMNS = `"timestamp", user_id AS "userId", device_id AS "deviceId", url, user_name AS "userName",
  device_type AS "deviceType", url_category AS "urlCategory", "timestamp"::text AS "keyTimestamp"`;

/** The typed `clickstream_events` queries: keyset pages, counts and grouped aggregates. */
export function createClickstreamRepository(pool: Pool, schema = 'public'): ClickstreamRepository {
  const table = qualifiedTable(schema, 'clickstream_events');
  return {
    async findPage({ filter, direction, after, limit }) {
      const params = new SqlParams();
      const conditions = filterConditions(filter, params);
      if (after) {
        // Row comparison matches the (timestamp, user_id) index order in both directions, so the scan starts at the key.
        const op = direction === 'DESC' ? '<' : '>';
        conditions.push(`("timestamp", user_id) ${op} (${params.add(after.timestamp)}::timestamptz, ${params.add(after.userId)}::int)`);
      }
      const sql = `SELECT ${EVENT_COLUMNS} FROM ${table}${where(conditions)}
        ORDER BY "timestamp" ${direction}, user_id ${direction} LIMIT ${params.add(limit)}`;
      // Rows go out as pg built them: copying each (to drop keyTimestamp) costs more than carrying one extra property.
      const { rows } = await run('clickstream.findPage', () => pool.query<ClickstreamEventRecord>(sql, params.values));
      return rows;
    },

    async count(filter) {
      const params = new SqlParams();
      const sql = `SELECT count(*) AS n FROM ${table}${where(filterConditions(filter, params))}`;
      const { rows } = await run('clickstream.count', () => pool.query(sql, params.values));
      return Number(rows[0].n);
    },

    async aggregate({ filter, groupBy, bucket, limit }) {
      const params = new SqlParams();
      const keys: string[] = [];
      if (bucket) keys.push(`date_trunc(${BUCKET_SQL[bucket]}, "timestamp", 'UTC') AS "bucketStart"`);
      for (const dimension of groupBy) keys.push(`${DIMENSION_SQL[dimension]} AS "${dimension}"`);
      const positions = keys.map((_, i) => String(i + 1));
      // Buckets in time order, then the busiest groups first; the remaining keys make the order total (stable output).
      const order = [...(bucket ? ['1 ASC'] : []), '"eventCount" DESC', ...positions.slice(bucket ? 1 : 0)];
      const sql = `SELECT ${[...keys, 'count(*) AS "eventCount"', 'count(DISTINCT user_id) AS "distinctUsers"'].join(', ')}
        FROM ${table}${where(filterConditions(filter, params))}
        ${positions.length > 0 ? `GROUP BY ${positions.join(', ')}` : ''}
        ORDER BY ${order.join(', ')} LIMIT ${params.add(limit)}`;
      const { rows } = await run('clickstream.aggregate', () => pool.query(sql, params.values));
      return rows.map((row) => ({ ...row, eventCount: Number(row.eventCount), distinctUsers: Number(row.distinctUsers) }));
    },
  };
}

function run<T>(operation: string, call: () => Promise<T>): Promise<T> {
  return timeBackendCall('postgres', operation, () => withPostgresErrors(call));
}

function where(conditions: string[]): string {
  return conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/** One `=` for a single value (keeps ordered index scans usable), `= ANY` for a list. */
function eqIn(column: string, spec: { eq?: unknown; in?: readonly unknown[] } | undefined, cast: string, params: SqlParams): string[] {
  const out: string[] = [];
  if (!spec) return out;
  if (spec.eq !== undefined) out.push(`${column} = ${params.add(spec.eq)}::${cast}`);
  if (spec.in !== undefined) {
    out.push(spec.in.length === 1 ? `${column} = ${params.add(spec.in[0])}::${cast}` : `${column} = ANY(${params.add(spec.in)}::${cast}[])`);
  }
  return out;
}

export function filterConditions(filter: ClickstreamFilter, params: SqlParams): string[] {
  const conditions = [
    ...eqIn('user_id', filter.userId, 'int', params),
    ...eqIn('device_type', filter.deviceType, 'text', params),
    ...eqIn('url_category', filter.urlCategory, 'text', params),
  ];
  if (filter.url?.eq !== undefined) conditions.push(`url = ${params.add(filter.url.eq)}::text`);
  if (filter.url?.prefix !== undefined) conditions.push(`url LIKE ${params.add(`${escapeLike(filter.url.prefix)}%`)}::text`);
  const ts = filter.timestamp;
  if (ts?.gt) conditions.push(`"timestamp" > ${params.add(ts.gt)}::timestamptz`);
  if (ts?.gte) conditions.push(`"timestamp" >= ${params.add(ts.gte)}::timestamptz`);
  if (ts?.lt) conditions.push(`"timestamp" < ${params.add(ts.lt)}::timestamptz`);
  if (ts?.lte) conditions.push(`"timestamp" <= ${params.add(ts.lte)}::timestamptz`);
  return conditions;
}
