import { badInput } from '../../errors/app-error';

export interface PageInfo {
  hasNextPage: boolean;
  /** True when `after` was given: the row the cursor came from precedes this page (Relay allows this approximation). */
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** One page of a Relay connection; `totalCount` is present only when the caller asked for it. */
export interface Page<T> {
  edges: Array<Edge<T>>;
  pageInfo: PageInfo;
  totalCount?: number;
}

export interface PageSizeLimits {
  /** Used when `first` is omitted. @default 50 */
  defaultPageSize: number;
  /** Larger `first` answers BAD_USER_INPUT naming `first` (SINK_MAX_PAGE_SIZE). @default 1000 */
  maxPageSize: number;
}

/** Validates `first`: omitted → the default; negative, fractional or above the maximum → BAD_USER_INPUT on `first`. */
export function resolvePageSize(first: number | null | undefined, limits: PageSizeLimits): number {
  if (first === undefined || first === null) return Math.min(limits.defaultPageSize, limits.maxPageSize);
  if (!Number.isInteger(first) || first < 0) throw badInput('first', `first must be a whole number ≥ 0, got ${first}`);
  if (first > limits.maxPageSize) {
    throw badInput('first', `first must be at most ${limits.maxPageSize}, got ${first}`, { max: limits.maxPageSize });
  }
  return first;
}

/**
 * Builds the page from up to `limit + 1` fetched records: the extra one only tells whether another page exists.
 */
export function toPage<R, T>(records: R[], limit: number, cursorOf: (record: R) => string, nodeOf: (record: R) => T, hadAfter: boolean): Page<T> {
  const edges = records.slice(0, limit).map((record) => ({ cursor: cursorOf(record), node: nodeOf(record) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: records.length > limit,
      hasPreviousPage: hadAfter,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
