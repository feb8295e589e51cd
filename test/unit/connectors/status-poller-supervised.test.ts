import type { ConnectClusters, ConnectorStatus } from '../../../src/adapters/kafka-connect';
import { createLogger } from '../../../src/logging/logger';
import { ConnectorStatusPoller } from '../../../src/services/connectors/status-poller';
import { Supervisor } from '../../../src/wiring/supervisor';
import { waitFor } from '../../helpers/wait-for';

const logger = createLogger({ level: 'silent' });

const running = (name: string, state: string): ConnectorStatus => ({
  name,
  connector: { state: state as ConnectorStatus['connector']['state'], worker_id: 'w' },
  tasks: [],
  type: 'sink',
});

describe('ConnectorStatusPoller under the supervisor', () => {
  it('restarts its loop after a poll fails unexpectedly, and transitions flow again', async () => {
    // A status Connect should never send (no connector object) breaks the poll outside its error handling.
    let current: Record<string, unknown> = { a: { status: running('a', 'RUNNING') } };
    const clusters = { get: () => ({ name: 'default', listConnectorsExpanded: async () => current }) } as unknown as ConnectClusters;
    const supervisor = new Supervisor({ baseMs: 30, capMs: 100, logger });
    const poller = new ConnectorStatusPoller({ clusters, intervalMs: 20, logger, workers: supervisor });
    try {
      const events = poller.subscribe('default', null);
      const worker = () => supervisor.statuses().find((s) => s.name === 'connector-status-poller:default');
      await waitFor(() => worker()?.state === 'up' && poller.pollCount >= 2, { what: 'baseline polled' });
      current = { a: { status: { name: 'a', tasks: [] } } };
      await waitFor(() => (worker()?.restarts ?? 0) >= 1, { what: 'the loop restarted after the failed poll' });
      expect(worker()?.lastErrorCode).toBe('TypeError');
      current = { a: { status: running('a', 'PAUSED') } };
      const next = await events.next();
      expect(next.value).toMatchObject({ name: 'a', state: 'PAUSED', previousState: 'RUNNING' });
      await events.return!();
    } finally {
      poller.stop();
      await supervisor.stop();
    }
  });
});
