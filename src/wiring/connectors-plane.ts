import { ConnectClusters } from '../adapters/kafka-connect';
import { createAutoRestartRepository } from '../adapters/postgres/auto-restart-repository';
import type { Pool } from '../adapters/postgres/pool';
import type { Config } from '../config';
import { PRIMARY_CLUSTER } from '../config/connect';
import type { Logger } from '../logging/logger';
import type { AuditService } from '../services/audit';
import { createConnectorsService, type ConnectorsService, type ConnectorsServiceOptions } from '../services/connectors/connectors-service';
import type { Endpoints, Plane } from './plane';
import type { Supervisor } from './supervisor';

export interface ConnectorsPlane extends Plane<{ connectors: ConnectorsService }> {
  /** The Connect clients (primary + CONNECT_CLUSTERS), for the demo plane's connectors. */
  clusters: ConnectClusters;
}

/**
 * Builds the Connect clients and the connectors service, which audits through `audit`, keeps auto-restart policies in
 * Postgres (`pool`), polls statuses under `supervisor` and checks S3 sink buckets on the lake's store (`s3Store`).
 */
export function buildConnectorsPlane(
  config: Config,
  endpoints: Pick<Endpoints, 'connectUrl'>,
  deps: { audit: AuditService; pool: Pool; s3Store?: ConnectorsServiceOptions['s3Store'] },
  supervisor: Supervisor,
  logger: Logger,
): ConnectorsPlane {
  const clusters = new ConnectClusters({
    clusters: [{ name: PRIMARY_CLUSTER, url: endpoints.connectUrl }, ...config.connect.clusters],
    defaultCluster: config.connect.defaultCluster,
    timeoutMs: config.connect.timeoutMs,
    conflictRetries: config.connect.conflictRetries,
    conflictBackoffMs: config.connect.conflictBackoffMs,
    logger: logger.child({ adapter: 'kafka-connect' }),
  });
  const connectors = createConnectorsService({
    clusters,
    audit: deps.audit,
    logger: logger.child({ service: 'connectors' }),
    lifecycleWaitMs: config.connect.lifecycleWaitMs,
    statusPollMs: config.connect.statusPollMs,
    workers: supervisor,
    autoRestart: { store: createAutoRestartRepository(deps.pool), backoffUnitMs: config.connect.autoRestartUnitMs },
    s3Store: deps.s3Store,
  });
  return {
    services: { connectors },
    readiness: connectors.readiness(),
    clusters,
    async start() {
      // Polls every cluster with an auto-restart policy, subscribers or not.
      connectors.start();
    },
    async stop() {
      connectors.stop();
    },
  };
}
