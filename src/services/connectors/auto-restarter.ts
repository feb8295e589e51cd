import type { ConnectorStatus } from '../../adapters/kafka-connect';
import type { AutoRestartRow } from '../../adapters/postgres/auto-restart-repository';
import type { Caller } from '../../auth/roles';
import { badInput, isAppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { connectorAutoRestarts } from '../../observability/metrics';
import type { AuditService } from '../audit';
import { auditTarget } from './audit-target';
import type { AutoRestartClusters, AutoRestartStore } from './auto-restart-port';
import { autoRestartView, decideAutoRestart, healthOf, type AutoRestartView, type ConnectorHealth } from './auto-restart-policy';
import { checkConnectorName } from './config-input';

export interface AutoRestarterOptions {
  store: AutoRestartStore;
  clusters: AutoRestartClusters;
  audit: Pick<AuditService, 'wrap' | 'record'>;
  logger: Logger;
  /** One backoff unit (CONNECT_AUTO_RESTART_UNIT_MS): 60_000 gives Strimzi's minutes. */
  backoffUnitMs: number;
  /** @default Date.now */
  now?: () => number;
}

/** Who the audit log names for restarts the poller makes. */
export const AUTO_RESTART_CALLER = { id: 'auto-restart', role: 'system' } as const;

/** Largest maxRestarts accepted: beyond it "no limit" (null) says the same thing. */
const MAX_RESTARTS_LIMIT = 10_000;

interface ConnectorStateLike {
  cluster: string;
  name: string;
  state: string;
  tasks: ReadonlyArray<{ state: string }>;
}

/**
 * Applies the auto-restart policies (auto-restart-policy.ts) to each poll of connector statuses, and serves the
 * policies to the API. A restart is claimed in the store before Connect is asked, so with several pipegraph instances
 * polling the same cluster only one of them restarts a given failure. Each restart is audited (caller `auto-restart`).
 */
export function createAutoRestarter({ store, clusters, audit, logger, backoffUnitMs, now = Date.now }: AutoRestarterOptions) {
  /** cluster/name → start of the current unbroken run of HEALTHY polls */
  const healthySince = new Map<string, number>();
  /** policies `wanted` read for the poll about to happen, so `check` does not read them again */
  const prefetched = new Map<string, AutoRestartRow[]>();
  const key = (cluster: string, name: string) => `${cluster}\u0000${name}`;

  async function restart(cluster: string, name: string, status: ConnectorStatus, restartNumber: number, maxRestarts: number | null): Promise<void> {
    const failedTasks = status.tasks.filter((t) => t.state === 'FAILED').map((t) => t.id);
    const started = now();
    let errorCode: string | undefined;
    try {
      // One call on Connect 3.0+ (KIP-745); the adapter falls back to the connector and per-task restarts before that.
      await clusters.get(cluster).restartConnector(name, { includeTasks: true, onlyFailed: true });
      logger.info({ cluster, connector: name, restart: restartNumber, maxRestarts, failedTasks }, 'connector auto-restarted');
    } catch (error) {
      errorCode = isAppError(error) ? error.code : 'INTERNAL_SERVER_ERROR';
      logger.warn({ cluster, connector: name, restart: restartNumber, err: (error as Error).message }, 'connector auto-restart failed');
    }
    connectorAutoRestarts.inc({ cluster, outcome: errorCode ?? 'ok' });
    await audit
      .record({
        callerId: AUTO_RESTART_CALLER.id,
        callerRole: AUTO_RESTART_CALLER.role,
        operation: 'autoRestartConnector',
        target: auditTarget(cluster, name),
        input: { cluster, restart: restartNumber, maxRestarts, connectorState: status.connector.state, failedTasks },
        outcome: errorCode ? 'error' : 'ok',
        errorCode,
        durationMs: now() - started,
      })
      .catch((error: Error) => logger.warn({ cluster, connector: name, err: error.message }, 'audit write failed'));
  }

  return {
    /** Whether a poll of `cluster` has anything to do for auto-restart: some policy there is enabled. */
    async wanted(cluster: string): Promise<boolean> {
      try {
        const policies = await store.list(cluster);
        const any = policies.some((p) => p.enabled);
        if (any) prefetched.set(cluster, policies);
        else prefetched.delete(cluster);
        return any;
      } catch (error) {
        logger.debug({ cluster, err: (error as Error).message }, 'auto-restart policies unreadable; poll skipped');
        return false;
      }
    },

    /** Called by the status poller after each successful poll of `cluster`. Never throws for one connector's trouble. */
    async check(cluster: string, statuses: ReadonlyMap<string, ConnectorStatus>): Promise<void> {
      const at = now();
      const health = new Map<string, ConnectorHealth>();
      for (const [name, status] of statuses) {
        const k = key(cluster, name);
        health.set(name, healthOf(status.connector.state, status.tasks.map((t) => t.state)));
        if (health.get(name) !== 'HEALTHY') healthySince.delete(k);
        else if (!healthySince.has(k)) healthySince.set(k, at);
      }
      // Deleted connectors: forget their runs.
      for (const k of healthySince.keys()) if (k.startsWith(key(cluster, '')) && !statuses.has(k.slice(key(cluster, '').length))) healthySince.delete(k);

      const policies = prefetched.get(cluster) ?? (await store.list(cluster));
      prefetched.delete(cluster);
      for (const policy of policies) {
        const status = statuses.get(policy.connector);
        if (!status) continue;
        const decision = decideAutoRestart(policy, health.get(policy.connector)!, healthySince.get(key(cluster, policy.connector)), at, backoffUnitMs);
        try {
          if (decision === 'RESTART' && (await store.claimRestart(cluster, policy.connector, policy.count, new Date(at)))) {
            await restart(cluster, policy.connector, status, policy.count + 1, policy.maxRestarts);
          } else if (decision === 'RESET') {
            await store.resetCount(cluster, policy.connector, policy.count);
            logger.info({ cluster, connector: policy.connector, count: policy.count }, 'connector stable again: auto-restart count reset');
          }
        } catch (error) {
          logger.warn({ cluster, connector: policy.connector, err: (error as Error).message }, 'auto-restart check failed');
        }
      }
    },

    /**
     * setConnectorAutoRestart: validates (BAD_USER_INPUT naming the field), checks the connector exists (NOT_FOUND),
     * then stores the policy; audited. Turning a disabled policy on starts a fresh count.
     */
    async set(caller: Caller, { cluster, name, enabled, maxRestarts }: { cluster?: string | null; name: string; enabled: boolean; maxRestarts?: number | null }): Promise<void> {
      const client = clusters.get(cluster);
      const limit = maxRestarts ?? null;
      await audit.wrap(caller, 'setConnectorAutoRestart', auditTarget(client.name, name), { cluster: client.name, enabled, maxRestarts: limit }, async () => {
        checkConnectorName(name);
        if (typeof enabled !== 'boolean') throw badInput('enabled', 'enabled must be true or false');
        if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > MAX_RESTARTS_LIMIT)) {
          throw badInput('maxRestarts', `maxRestarts must be a whole number from 1 to ${MAX_RESTARTS_LIMIT}, or null for no limit`);
        }
        await client.connector(name);
        await store.upsert({ cluster: client.name, connector: name, enabled, maxRestarts: limit });
      });
    },

    /** Forgets a deleted connector's policy, so a new connector of the same name starts without one. */
    forget: (cluster: string, name: string) => store.remove(cluster, name),

    /** Turns auto-restart on for connectors that have no policy yet (the demo connectors); existing ones stay. */
    async enableUnlessSet(cluster: string, names: readonly string[]): Promise<void> {
      for (const name of names) await store.insertIfAbsent(cluster, name);
    },

    /** `Connector.autoRestart` for many connectors, one store query per cluster; null where no policy was ever set. */
    async viewsOf(connectors: readonly ConnectorStateLike[]): Promise<Array<AutoRestartView | null>> {
      const byCluster = new Map<string, string[]>();
      for (const c of connectors) byCluster.set(c.cluster, [...(byCluster.get(c.cluster) ?? []), c.name]);
      const rows = new Map<string, AutoRestartRow>();
      for (const [cluster, names] of byCluster) for (const row of await store.find(cluster, names)) rows.set(key(cluster, row.connector), row);
      const at = now();
      return connectors.map((c) => {
        const row = rows.get(key(c.cluster, c.name));
        return row ? autoRestartView(row, healthOf(c.state, c.tasks.map((t) => t.state)), at, backoffUnitMs) : null;
      });
    },
  };
}

export type AutoRestarter = ReturnType<typeof createAutoRestarter>;
