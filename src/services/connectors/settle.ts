import type { ConnectorStatus, KafkaConnectClient, TaskConfig } from '../../adapters/kafka-connect';
import { AppError } from '../../errors/app-error';

export type Target = 'RUNNING' | 'PAUSED' | 'STOPPED' | 'SETTLED';

export const OUTCOME: Record<Target, (s: ConnectorStatus) => boolean> = {
  // FAILED is an outcome too: the caller sees it (with the trace) instead of waiting for the timeout.
  RUNNING: (s) => (s.connector.state === 'RUNNING' || s.connector.state === 'FAILED') && s.tasks.length > 0 && s.tasks.every((t) => t.state === 'RUNNING' || t.state === 'FAILED'),
  PAUSED: (s) => (s.connector.state === 'PAUSED' || s.connector.state === 'FAILED') && s.tasks.every((t) => t.state === 'PAUSED' || t.state === 'FAILED'),
  STOPPED: (s) => s.connector.state === 'STOPPED' && s.tasks.length === 0,
  SETTLED: (s) => ![s.connector.state, ...s.tasks.map((t) => t.state)].some((state) => state === 'RESTARTING' || state === 'UNASSIGNED'),
};

/** What a wait ended with: the last status seen (none when Connect never showed one) and whether the target held. */
export interface Settled {
  status: ConnectorStatus | undefined;
  settled: boolean;
}

/**
 * Polls the status until `target` holds (and `also`, when given) or `waitMs` runs out. A 404 on the status means "not
 * written yet": a distributed worker serves a connector's status only after it read it back from its status topic.
 */
export async function waitForTarget(
  client: KafkaConnectClient,
  name: string,
  target: Target,
  waitMs: number,
  also?: (status: ConnectorStatus) => Promise<boolean>,
): Promise<Settled> {
  const deadline = Date.now() + waitMs;
  let delay = 50;
  for (;;) {
    const status = await statusOrNothing(client, name);
    const settled = status !== undefined && OUTCOME[target](status) && (!also || (await also(status)));
    if (settled || Date.now() >= deadline) return { status, settled };
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - Date.now()))));
    delay = Math.min(delay * 2, 500);
  }
}

/** The status, or undefined while Connect has none (404) for a connector it may well know. */
export async function statusOrNothing(client: KafkaConnectClient, name: string): Promise<ConnectorStatus | undefined> {
  try {
    return await client.connectorStatus(name);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * After a config change Connect regenerates the task configs and restarts the tasks only after a rebalance, so the
 * status first shows the old tasks. The change has reached the tasks when the task configs carry it and the status
 * lists exactly those tasks. "Carry it" is judged only on the keys the connector copied verbatim into its task configs
 * before the change (most connectors copy their whole config); `before` are the task configs read before the change.
 */
export function taskConfigsCarry(client: KafkaConnectClient, name: string, before: { config: Record<string, string>; tasks: TaskConfig[] }, change: Record<string, string | null>) {
  const copied = Object.keys(change).filter((key) => before.tasks.length > 0 && before.tasks.every((t) => t.config[key] === before.config[key]));
  const maxTasks = Number(change['tasks.max'] ?? before.config['tasks.max'] ?? 1);
  return async (status: ConnectorStatus): Promise<boolean> => {
    const tasks = await client.taskConfigs(name);
    const ids = (list: number[]) => [...list].sort((a, b) => a - b).join();
    if (ids(tasks.map((t) => t.id.task)) !== ids(status.tasks.map((t) => t.id))) return false;
    if (Number.isInteger(maxTasks) && tasks.length > maxTasks) return false;
    return tasks.every((t) => copied.every((key) => (change[key] === null ? !(key in t.config) : t.config[key] === change[key])));
  };
}
