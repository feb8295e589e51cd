import type { ComplexityEstimator } from 'graphql-query-complexity';

/**
 * Query cost of a connection or group list: its children times the page size, with the server's default when `first`
 * is omitted (the generic estimator only sees an explicit `first`, so an omitted one would look almost free).
 */
export function pageComplexity(defaultPageSize: number): ComplexityEstimator {
  return ({ args, childComplexity }) => {
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : defaultPageSize;
    return 1 + childComplexity * first;
  };
}
