export { createLiveService, type LiveService, type LiveServiceOptions, type LiveStart, MIN_LAG_INTERVAL_MS, MAX_LAG_INTERVAL_MS } from './live-service';
export { LiveHub, type LiveHubOptions } from './live-hub';
export { LiveSubscription, type LiveSink, type LiveSubscriptionOptions } from './live-subscription';
export { FeedEvent, LiveDelivery } from './feed-event';
export { decodeEnriched, type EnrichedClickEvent, type EnrichedClickWhere } from './enriched-event';
export { renderMessage, type MessageFormat, type RenderedMessage, type TopicMessageWhere } from './topic-message';
export type { LagSnapshot } from './lag-poller';
export type { DecodedPayload, PayloadDecoderPort, PayloadFormat } from './payload-port';
export type { ReaderFactory, ReaderSpec, ReaderHandle } from './reader-port';
