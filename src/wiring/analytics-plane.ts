/**
 * Builds the analytics plane for the container: the Pinot adapter, the analytics service, a readiness probe on the
 * controller's /health, and (with the embedded Pinot, or PINOT_DEMO_TABLES=true) the demo tables at start.
 */
import { createPinotClient } from '../adapters/pinot';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import { provisionDemoPinotTables } from '../pipeline/demo/pinot-tables';
import { createAnalyticsService } from '../services/analytics/analytics-service';

export interface AnalyticsEndpoints {
  pinotBrokerUrl: string;
  pinotControllerUrl: string;
  kafkaBrokers: string[];
}

export function buildAnalyticsPlane(config: Config, endpoints: AnalyticsEndpoints, logger: Logger) {
  const log = logger.child({ adapter: 'pinot' });
  const pinot = createPinotClient({
    brokerUrl: endpoints.pinotBrokerUrl,
    controllerUrl: endpoints.pinotControllerUrl,
    authorization: config.pinot.authorization,
    queryTimeoutMs: config.pinot.queryTimeoutMs,
    controllerTimeoutMs: config.pinot.controllerTimeoutMs,
    logger: log,
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
    analytics,
    readiness: { pinot: () => pinot.health() },
    async start(): Promise<void> {
      if (!config.pinot.demoTables) return;
      // Demo data is a convenience: a failure is logged, never fatal to the API.
      await provisionDemoPinotTables(pinot, { enrichedTopic: config.live.enricher.targetTopic, kafkaBrokers: endpoints.kafkaBrokers }, log).catch((error: Error) =>
        log.warn({ err: error.message }, 'could not provision the demo Pinot tables'),
      );
    },
    async stop(): Promise<void> {
      analytics.stop();
    },
  };
}
