import { createLogger } from '../../../src/logging/logger';
import { LagPollers } from '../../../src/services/live/lag-poller';
import type { GroupDetail } from '../../../src/services/topics/topics-service';
import { Supervisor } from '../../../src/wiring/supervisor';
import { waitFor } from '../../helpers/wait-for';

const logger = createLogger({ level: 'silent' });

function detail(lag: number): GroupDetail {
  return {
    groupId: 'g',
    state: 'Stable',
    protocolType: 'consumer',
    protocol: 'range',
    members: [],
    offsets: [{ topic: 't', partition: 0, committedOffset: '0', endOffset: String(lag), lag: String(lag) }],
    totalLag: String(lag),
  };
}

describe('LagPollers under the supervisor', () => {
  it('runs one supervised loop per (group, interval) while anyone listens, and stops it with the last subscriber', async () => {
    const supervisor = new Supervisor({ baseMs: 50, capMs: 200, logger });
    let lag = 1;
    const pollers = new LagPollers({ loadGroup: async () => detail(lag), outageGraceMs: 10_000, workers: supervisor, logger });
    try {
      const first = await pollers.subscribe('g', 20);
      const second = await pollers.subscribe('g', 20);
      await waitFor(() => supervisor.statuses().some((s) => s.name === 'lag-poller:20:g' && s.state === 'up'), { what: 'supervised poller' });
      expect(supervisor.statuses().filter((s) => s.kind === 'lag-poller')).toHaveLength(1);
      expect((await first.next()).value.totalLag).toBe('1');
      lag = 5;
      expect((await first.next()).value.totalLag).toBe('5');
      await first.return!();
      expect(supervisor.statuses()).toHaveLength(1);
      await second.return!();
      await waitFor(() => supervisor.statuses().length === 0, { what: 'poller stopped with its last subscriber' });
    } finally {
      pollers.stop();
      await supervisor.stop();
    }
  });
});
