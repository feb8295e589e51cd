import { badInput } from '../../errors/app-error';

export interface NamePage<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** Default and maximum page sizes of topic and group listings. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1_000;

/**
 * Relay page over a name-sorted list. The cursor is the last name seen (opaque base64url), so a page stays stable
 * when topics are created or deleted before it.
 */
export function pageByName<T>(items: readonly T[], nameOf: (item: T) => string, first?: number | null, after?: string | null): NamePage<T> {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw badInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  let start = 0;
  if (after) {
    const last = decodeNameCursor(after);
    start = items.findIndex((item) => nameOf(item) > last);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + size);
  const edges = slice.map((node) => ({ cursor: encodeNameCursor(nameOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: start + size < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: items.length,
  };
}

function encodeNameCursor(name: string): string {
  return Buffer.from(JSON.stringify(['n', name])).toString('base64url');
}

function decodeNameCursor(cursor: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded[0] === 'n' && typeof decoded[1] === 'string') return decoded[1];
  } catch {
    /* fall through */
  }
  throw badInput('after', 'after is not a valid cursor');
}
