import type { ConnectorStatus, KafkaConnectClient, TaskConfig } from '../../../src/adapters/kafka-connect';
import { AppError } from '../../../src/errors/app-error';
import { taskConfigsCarry, waitForTarget } from '../../../src/services/connectors/settle';

const status = (connector: string, ...tasks: string[]): ConnectorStatus => ({
  name: 'c',
  connector: { state: connector as never, worker_id: 'w' },
  tasks: tasks.map((state, id) => ({ id, state: state as never, worker_id: 'w' })),
  type: 'sink',
});
const taskConfig = (task: number, config: Record<string, string>): TaskConfig => ({ id: { connector: 'c', task }, config });

/** A client whose answers come from queues: each call takes the next answer, the last one repeats. */
function fakeClient(statuses: Array<ConnectorStatus | 'missing'>, taskConfigs: TaskConfig[][] = [[]]) {
  let s = 0;
  let t = 0;
  return {
    connectorStatus: async () => {
      const next = statuses[Math.min(s++, statuses.length - 1)]!;
      if (next === 'missing') throw new AppError('NOT_FOUND', 'No status found for connector c');
      return next;
    },
    taskConfigs: async () => taskConfigs[Math.min(t++, taskConfigs.length - 1)]!,
  } as unknown as KafkaConnectClient;
}

describe('waiting for a connector to settle', () => {
  test('reads a 404 on the status as "not written yet" and keeps waiting until the status shows', async () => {
    const client = fakeClient(['missing', 'missing', status('RUNNING', 'RUNNING')]);
    await expect(waitForTarget(client, 'c', 'RUNNING', 5_000)).resolves.toEqual({ status: status('RUNNING', 'RUNNING'), settled: true });
  });

  test('answers settled: false with the last status (or none) when the wait runs out', async () => {
    expect(await waitForTarget(fakeClient(['missing']), 'c', 'RUNNING', 0)).toEqual({ status: undefined, settled: false });
    expect(await waitForTarget(fakeClient([status('UNASSIGNED')]), 'c', 'RUNNING', 0)).toEqual({ status: status('UNASSIGNED'), settled: false });
  });

  test('passes any other error on', async () => {
    const client = { connectorStatus: async () => Promise.reject(new AppError('UPSTREAM_UNAVAILABLE', 'down')) } as unknown as KafkaConnectClient;
    await expect(waitForTarget(client, 'c', 'RUNNING', 1_000)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  test('after tasks.max 1 → 2, settles only once the task configs carry it and the status lists both tasks', async () => {
    const before = { config: { 'tasks.max': '1', topics: 'a' }, tasks: [taskConfig(0, { 'tasks.max': '1', topics: 'a' })] };
    const fresh = [taskConfig(0, { 'tasks.max': '2', topics: 'a' }), taskConfig(1, { 'tasks.max': '2', topics: 'a' })];
    const client = fakeClient(
      [status('RUNNING', 'RUNNING'), status('RUNNING', 'RUNNING'), status('RUNNING', 'RUNNING', 'RUNNING')],
      [before.tasks, fresh, fresh],
    );
    const carried = taskConfigsCarry(client, 'c', before, { 'tasks.max': '2' });
    const { settled, status: reached } = await waitForTarget(client, 'c', 'SETTLED', 5_000, carried);
    expect(settled).toBe(true);
    expect(reached?.tasks).toHaveLength(2);
  });

  test('judges only keys the connector copied into its task configs, and a removed key must be gone from them', async () => {
    const before = { config: { 'tasks.max': '1', secret: 'x', 'batch.size': '10' }, tasks: [taskConfig(0, { 'tasks.max': '1', 'batch.size': '10' })] };
    const client = fakeClient([status('RUNNING', 'RUNNING')], [[taskConfig(0, { 'tasks.max': '1', 'batch.size': '10' })]]);
    // "secret" is not copied into task configs: its change cannot be seen there and does not hold the answer back.
    expect(await taskConfigsCarry(client, 'c', before, { secret: 'y' })(status('RUNNING', 'RUNNING'))).toBe(true);
    expect(await taskConfigsCarry(client, 'c', before, { 'batch.size': null })(status('RUNNING', 'RUNNING'))).toBe(false);
  });
});
