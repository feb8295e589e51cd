import DataLoader from 'dataloader';
import type { DeviceRow, UrlRow, UserRow } from '../../src/adapters/postgres/dimensions-repository';
import type { Services } from '../../src/services';
import type { AutoRestartView, ConnectorView } from '../../src/services/connectors';

/** Per-request batching loaders, one field per lookup; planes add theirs here and in createLoaders. */
export interface Loaders {
  /** users by user_id: every `ClickstreamEvent.user` of one response in one query. */
  users: DataLoader<number, UserRow | null>;
  /** devices by device_id. */
  devices: DataLoader<number, DeviceRow | null>;
  /** urls (with their category) by url. */
  urls: DataLoader<string, UrlRow | null>;
  /** `Connector.autoRestart` of every connector in one response, one Postgres query per cluster. */
  connectorAutoRestarts: DataLoader<ConnectorView, AutoRestartView | null, string>;
}

// A page holds at most SINK_MAX_PAGE_SIZE events; bounding the batch keeps one `= ANY($1)` list reasonable anyway.
const MAX_BATCH = 1_000;

/**
 * Built per request (HTTP) or per operation (graphql-ws), so caching never outlives a response and never crosses
 * callers. Loaders are cheap to construct; the services are only touched when a field actually loads.
 */
export function createLoaders(services: Services): Loaders {
  return {
    users: new DataLoader((ids) => services.sinks.usersByIds(ids), { maxBatchSize: MAX_BATCH }),
    devices: new DataLoader((ids) => services.sinks.devicesByIds(ids), { maxBatchSize: MAX_BATCH }),
    urls: new DataLoader((urls) => services.sinks.urlsByUrl(urls), { maxBatchSize: MAX_BATCH }),
    connectorAutoRestarts: new DataLoader((connectors) => services.connectors.connectorAutoRestarts(connectors), {
      cacheKeyFn: (c) => `${c.cluster}/${c.name}`,
      maxBatchSize: MAX_BATCH,
    }),
  };
}
