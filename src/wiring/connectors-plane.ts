import { ConnectClusters } from '../adapters/kafka-connect';
import { createAutoRestartRepository } from '../adapters/postgres/auto-restart-repository';
import type { Pool } from '../adapters/postgres/pool';
import type { Config } from '../config';
import { PRIMARY_CLUSTER } from '../config/connect';
import type { Endpoints, ReadinessResult } from '../container';
import type { Logger } from '../logging/logger';
import { demoConnectorConfigs, provisionDemoConnectors } from '../pipeline/demo/connectors';
import type { AuditService } from '../services/audit';
import { createConnectorsService, type ConnectorsService, type ConnectorsServiceOptions } from '../services/connectors/connectors-service';

export interface ConnectorsPlane {
  connectors: ConnectorsService;
  readiness: Record<string, () => Promise<ReadinessResult>>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the Connect clients (primary + CONNECT_CLUSTERS) and the connectors service, which audits through `audit`,
 * keeps auto-restart policies in Postgres (`pool`) and checks S3 sink buckets on the lake's store (`s3Store`).
 */
export function buildConnectorsPlane(config: Config, endpoints: Endpoints, audit: AuditService, pool: Pool, logger: Logger, s3Store?: ConnectorsServiceOptions['s3Store']): ConnectorsPlane {
  const log = logger.child({ adapter: 'kafka-connect' });
  const clusters = new ConnectClusters({
    clusters: [{ name: PRIMARY_CLUSTER, url: endpoints.connectUrl }, ...config.connect.clusters],
    defaultCluster: config.connect.defaultCluster,
    timeoutMs: config.connect.timeoutMs,
    conflictRetries: config.connect.conflictRetries,
    conflictBackoffMs: config.connect.conflictBackoffMs,
    logger: log,
  });
  const connectors = createConnectorsService({
    clusters,
    audit,
    logger: logger.child({ service: 'connectors' }),
    lifecycleWaitMs: config.connect.lifecycleWaitMs,
    statusPollMs: config.connect.statusPollMs,
    autoRestart: { store: createAutoRestartRepository(pool), backoffUnitMs: config.connect.autoRestartUnitMs },
    s3Store,
  });
  let provisioning: Promise<unknown> | undefined;
  const abort = new AbortController();
  return {
    connectors,
    readiness: connectors.readiness(),
    async start() {
      connectors.start();
      if (!config.connect.demo.enabled) return;
      // In the background: the server is already serving while Connect finishes starting.
      const demo = {
        databaseUrl: endpoints.databaseUrl,
        jdbcUrl: config.connect.demo.jdbcUrl,
        sinkSchema: config.postgres.sinkSchema,
        lake: endpoints.s3Endpoint
          ? {
              bucket: config.s3.demoBucket,
              region: config.s3.region,
              storeUrl: config.s3.connectEndpoint ?? endpoints.s3Endpoint,
              accessKeyId: config.s3.credentials.accessKeyId,
              secretAccessKey: config.s3.credentials.secretAccessKey,
            }
          : undefined,
      };
      provisioning = provisionDemoConnectors({ client: clusters.get(PRIMARY_CLUSTER), ...demo, logger: log, signal: abort.signal })
        // The demo connectors restart themselves after a failure, unless an operator set their policy otherwise.
        .then(() => connectors.enableAutoRestartUnlessSet(PRIMARY_CLUSTER, Object.keys(demoConnectorConfigs(demo))))
        .catch((error: Error) => log.warn({ err: error.message }, 'demo connectors: auto-restart not enabled'));
    },
    async stop() {
      connectors.stop();
      abort.abort();
      await provisioning;
    },
  };
}
