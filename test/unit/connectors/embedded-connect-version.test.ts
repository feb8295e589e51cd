import { loadConfig } from '../../../src/config';
import { connectEnv } from '../../../src/config/connect';
import { StatusView } from '../../../embedded/connect/runtime/status-view';
import { atLeast, CONNECT_VERSIONS, parseConnectVersion } from '../../../embedded/connect/version';
import { waitFor } from '../../helpers/wait-for';

describe('embedded Connect version modes', () => {
  test('EMBEDDED_CONNECT_VERSION accepts exactly the versions the embedded worker imitates', () => {
    expect(connectEnv.EMBEDDED_CONNECT_VERSION.removeDefault().options).toEqual([...CONNECT_VERSIONS]);
    expect(loadConfig({}).connect.embedded).toEqual({ version: '3.9', statusDelayMs: 300 });
    expect(() => loadConfig({ EMBEDDED_CONNECT_VERSION: '2.3' })).toThrow(/EMBEDDED_CONNECT_VERSION/);
    expect(() => loadConfig({ EMBEDDED_CONNECT_STATUS_DELAY_MS: '-5' })).toThrow(/EMBEDDED_CONNECT_STATUS_DELAY_MS/);
  });

  test('reads "3.2" and "3.2.0" alike and refuses others naming the choices', () => {
    expect(parseConnectVersion('3.2.0')).toBe('3.2');
    expect(parseConnectVersion(' 2.4 ')).toBe('2.4');
    expect(parseConnectVersion('3.0')).toBe('3.0');
    expect(parseConnectVersion('3.0.0')).toBe('3.0');
    expect(() => parseConnectVersion('3')).toThrow('unknown Connect version "3"');
    expect(() => parseConnectVersion('3.8')).toThrow('unknown Connect version "3.8"; one of 2.4, 3.0, 3.2, 3.5, 3.7, 3.9');
  });

  test('compares a version mode with the release that introduced a feature', () => {
    expect(atLeast('2.4', '2.5')).toBe(false);
    expect(atLeast('3.0', '2.5')).toBe(true);
    expect(atLeast('3.5', '3.5')).toBe(true);
    expect(atLeast('3.5', '3.6')).toBe(false);
  });
});

describe('the embedded worker\'s status view', () => {
  test('shows a status only after the delay, in the order written, and a null removes it', async () => {
    const view = new StatusView(50);
    const status = (state: string) => ({ state, worker_id: 'w', trace: null });
    view.publishConnector(Promise.resolve(), 'a', status('UNASSIGNED'));
    view.publishTask(Promise.resolve(), 'a', 1, status('RUNNING'));
    view.publishTask(Promise.resolve(), 'a', 0, status('RUNNING'));
    view.publishConnector(Promise.resolve(), 'a', status('RUNNING'));
    expect(view.connector('a')).toBeUndefined();
    await waitFor(() => view.connector('a')?.state === 'RUNNING', { what: 'RUNNING visible' });
    expect(view.tasksOf('a').map((t) => t.id)).toEqual([0, 1]);
    view.publishTask(Promise.resolve(), 'a', 1, null);
    await view.settled();
    expect(view.tasksOf('a').map((t) => t.id)).toEqual([0]);
    view.stop();
  });

  test('loads what the status topic holds at once, connector and task keys apart, names with dashes included', () => {
    const view = new StatusView(10_000);
    view.load([
      ['status-connector-my-sink', { state: 'STOPPED', worker_id: 'w', trace: null }],
      ['status-task-my-sink-3', { state: 'FAILED', worker_id: 'w', trace: 'boom' }],
      ['status-topic-orders:connector-my-sink', { topic: {} }],
    ]);
    expect(view.connector('my-sink')?.state).toBe('STOPPED');
    expect(view.tasksOf('my-sink')).toEqual([{ id: 3, state: 'FAILED', worker_id: 'w', trace: 'boom' }]);
    view.stop();
  });
});
