export { createSinksService, type SinksService, type SinksServiceOptions } from './sinks-service';
export type { ClickstreamAggregate, ClickstreamAggregateArgs, ClickstreamEvent, ClickstreamEventsArgs, ClickstreamEventsWhere } from './clickstream-events';
export type { SinkRow, SinkRowsOrderBy, SinkTableRowsArgs } from './sink-table-rows';
export type { Edge, Page, PageInfo } from './page';
