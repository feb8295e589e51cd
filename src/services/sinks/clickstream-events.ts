import type {
  ClickstreamDimension,
  ClickstreamEventRecord,
  ClickstreamFilter,
  ClickstreamGroupRecord,
  ClickstreamRepository,
  SortDirection,
  TimeBucket,
} from '../../adapters/postgres/clickstream-repository';
import { badInput } from '../../errors/app-error';
import { cursorScope, decodeCursor, encodePlainCursor } from './cursor';
import { type Page, type PageSizeLimits, resolvePageSize, toPage } from './page';

/** Most values one `_in` list may carry; longer lists answer BAD_USER_INPUT (use a range or another filter). */
export const MAX_IN_VALUES = 1_000;

type Maybe<T> = T | null | undefined;

/** The typed filter as GraphQL delivers it (explicit nulls mean "not given"); all conditions are AND-ed. */
export interface ClickstreamEventsWhere {
  userId?: Maybe<{ _eq?: Maybe<number>; _in?: Maybe<number[]> }>;
  deviceType?: Maybe<{ _eq?: Maybe<string>; _in?: Maybe<string[]> }>;
  urlCategory?: Maybe<{ _eq?: Maybe<string>; _in?: Maybe<string[]> }>;
  url?: Maybe<{ _eq?: Maybe<string>; _prefix?: Maybe<string> }>;
  timestamp?: Maybe<{ _gt?: Maybe<Date>; _gte?: Maybe<Date>; _lt?: Maybe<Date>; _lte?: Maybe<Date> }>;
}

export interface ClickstreamEventsArgs {
  where?: Maybe<ClickstreamEventsWhere>;
  /** @default 'DESC' (newest first); user_id breaks ties in the same direction. */
  direction?: Maybe<SortDirection>;
  first?: Maybe<number>;
  after?: Maybe<string>;
  /** Run the COUNT(*) only when the caller selected totalCount. */
  withTotalCount?: boolean;
}

/** An event as the API returns it (the record's keyTimestamp may ride along; GraphQL ignores it). */
export type ClickstreamEvent = Omit<ClickstreamEventRecord, 'keyTimestamp'>;

export interface ClickstreamAggregateArgs {
  where?: Maybe<ClickstreamEventsWhere>;
  groupBy?: Maybe<ClickstreamDimension[]>;
  bucket?: Maybe<TimeBucket>;
  /** Most groups returned. @default 100, at most the max page size. */
  first?: Maybe<number>;
}

export interface ClickstreamAggregate {
  groups: ClickstreamGroupRecord[];
  /** More groups matched than `first`; narrow the filter or raise `first`. */
  truncated: boolean;
}

export function createClickstreamEventsQueries(repository: ClickstreamRepository, limits: PageSizeLimits) {
  return {
    async clickstreamEvents({ where, direction, first, after, withTotalCount = false }: ClickstreamEventsArgs): Promise<Page<ClickstreamEvent>> {
      const order: SortDirection = direction ?? 'DESC';
      const limit = resolvePageSize(first, limits);
      const filter = toClickstreamFilter(where);
      const scope = SCOPES[order];
      const afterKey = after ? decodeEventCursor(after, scope) : undefined;
      const [records, totalCount] = await Promise.all([
        // One row beyond the page tells whether another page exists (with first: 0, whether any row matches).
        repository.findPage({ filter, direction: order, after: afterKey, limit: limit + 1 }),
        withTotalCount ? repository.count(filter) : Promise.resolve(undefined),
      ]);
      const page = toPage(
        records,
        limit,
        // keyTimestamp is PostgreSQL's timestamp text: digits, spaces, '-', ':', '.', '+' only (nothing to escape).
        (record) => encodePlainCursor(scope, record.keyTimestamp, record.userId),
        (record): ClickstreamEvent => record,
        afterKey !== undefined,
      );
      return totalCount === undefined ? page : { ...page, totalCount };
    },

    async clickstreamEventsAggregate({ where, groupBy, bucket, first }: ClickstreamAggregateArgs): Promise<ClickstreamAggregate> {
      const limit = resolvePageSize(first ?? Math.min(100, limits.maxPageSize), limits);
      const dimensions = [...new Set(groupBy ?? [])];
      const groups = await repository.aggregate({ filter: toClickstreamFilter(where), groupBy: dimensions, bucket: bucket ?? undefined, limit: limit + 1 });
      return { groups: groups.slice(0, limit), truncated: groups.length > limit };
    },
  };
}

const SCOPES: Record<SortDirection, string> = { ASC: cursorScope('clickstreamEvents', 'ASC'), DESC: cursorScope('clickstreamEvents', 'DESC') };

// PostgreSQL's text form of a timestamptz (DateStyle ISO), as the repository selects it for keys.
const PG_TIMESTAMP = /^\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

function decodeEventCursor(after: string, scope: string) {
  const [timestamp, userId, ...rest] = decodeCursor(after, scope);
  const validUserId = Number.isInteger(userId) && Math.abs(userId as number) <= 2_147_483_647;
  if (typeof timestamp !== 'string' || !PG_TIMESTAMP.test(timestamp) || !validUserId || rest.length > 0) {
    throw badInput('after', 'after is not a valid cursor');
  }
  return { timestamp, userId: userId as number };
}

/** Validates the typed filter; nulls are dropped, list sizes bounded. */
export function toClickstreamFilter(where: Maybe<ClickstreamEventsWhere>): ClickstreamFilter {
  const filter: ClickstreamFilter = {};
  if (!where) return filter;
  const eqIn = <T>(field: string, spec: Maybe<{ _eq?: Maybe<T>; _in?: Maybe<T[]> }>) => {
    if (!spec) return undefined;
    if (spec._in && spec._in.length > MAX_IN_VALUES) {
      throw badInput(`where.${field}._in`, `where.${field}._in may list at most ${MAX_IN_VALUES} values, got ${spec._in.length}`);
    }
    const out: { eq?: T; in?: T[] } = {};
    if (spec._eq !== undefined && spec._eq !== null) out.eq = spec._eq;
    if (spec._in !== undefined && spec._in !== null) out.in = spec._in;
    return out.eq !== undefined || out.in !== undefined ? out : undefined;
  };
  const userId = eqIn('userId', where.userId);
  if (userId) filter.userId = userId;
  const deviceType = eqIn('deviceType', where.deviceType);
  if (deviceType) filter.deviceType = deviceType;
  const urlCategory = eqIn('urlCategory', where.urlCategory);
  if (urlCategory) filter.urlCategory = urlCategory;
  if (where.url) {
    const url: { eq?: string; prefix?: string } = {};
    if (where.url._eq !== undefined && where.url._eq !== null) url.eq = where.url._eq;
    if (where.url._prefix !== undefined && where.url._prefix !== null) url.prefix = where.url._prefix;
    if (url.eq !== undefined || url.prefix !== undefined) filter.url = url;
  }
  if (where.timestamp) {
    const range: NonNullable<ClickstreamFilter['timestamp']> = {};
    for (const op of ['_gt', '_gte', '_lt', '_lte'] as const) {
      const value = where.timestamp[op];
      if (value === undefined || value === null) continue;
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw badInput(`where.timestamp.${op}`, `where.timestamp.${op} must be a date-time`);
      range[op.slice(1) as 'gt' | 'gte' | 'lt' | 'lte'] = value;
    }
    if (Object.keys(range).length > 0) filter.timestamp = range;
  }
  return filter;
}
