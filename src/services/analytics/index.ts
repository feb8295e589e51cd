export { createAnalyticsService, type AnalyticsService, type AnalyticsServiceOptions, type AnalyticsTable, type Typed } from './analytics-service';
export type * from './query-model';
export { MEASURE_FUNCTIONS, BUCKET_UNITS } from './query-model';
export type { TrafficDimension, ClickstreamFilter } from './seed-datasets';
export { STOCK_TABLE, CLICKSTREAM_TABLE } from './seed-datasets';
