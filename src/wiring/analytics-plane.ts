import { createPinotClient, type PinotClient } from '../adapters/pinot';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import { type AnalyticsService, createAnalyticsService } from '../services/analytics/analytics-service';
import type { Endpoints, Plane } from './plane';

export interface AnalyticsPlane extends Plane<{ analytics: AnalyticsService }> {
  /** The Pinot adapter, for the demo plane's tables. */
  pinot: PinotClient;
}

/** Pinot: the adapter, the analytics service and a readiness probe on the controller's /health. */
export function buildAnalyticsPlane(config: Config, endpoints: Pick<Endpoints, 'pinotBrokerUrl' | 'pinotControllerUrl'>, logger: Logger): AnalyticsPlane {
  const pinot = createPinotClient({
    brokerUrl: endpoints.pinotBrokerUrl,
    controllerUrl: endpoints.pinotControllerUrl,
    authorization: config.pinot.authorization,
    queryTimeoutMs: config.pinot.queryTimeoutMs,
    controllerTimeoutMs: config.pinot.controllerTimeoutMs,
    logger: logger.child({ adapter: 'pinot' }),
  });
  const { analytics: limits } = config.pinot;
  const analytics = createAnalyticsService({
    pinot,
    logger: logger.child({ service: 'analytics' }),
    limits: { defaultLimit: Math.min(limits.defaultLimit, limits.maxLimit), maxLimit: limits.maxLimit },
    cacheTtlMs: limits.cacheTtlMs,
    cacheMaxEntries: limits.cacheMaxEntries,
    schemaCacheMs: limits.schemaCacheMs,
    liveIntervalMs: limits.liveIntervalMs,
  });
  return {
    services: { analytics },
    readiness: { pinot: () => pinot.health() },
    pinot,
    async start() {},
    async stop() {
      analytics.stop();
    },
  };
}
