import pino from 'pino';
import type { ConnectClusters, ConnectorStatus, ExpandedConnector } from '../../../src/adapters/kafka-connect';
import { BoundedStream } from '../../../src/services/connectors/bounded-stream';
import { ConnectorStatusPoller } from '../../../src/services/connectors/status-poller';
import { waitFor } from '../../helpers/wait-for';

const status = (name: string, state: string, tasks: string[] = []): ConnectorStatus => ({
  name,
  connector: { state: state as ConnectorStatus['connector']['state'], worker_id: 'w' },
  tasks: tasks.map((s, id) => ({ id, state: s as ConnectorStatus['connector']['state'], worker_id: 'w' })),
  type: 'sink',
});

function fakeClusters() {
  let current: Record<string, ExpandedConnector> = {};
  let calls = 0;
  const clusters = {
    get: () => ({
      name: 'default',
      listConnectorsExpanded: async () => {
        calls++;
        return current;
      },
    }),
  } as unknown as ConnectClusters;
  return {
    clusters,
    set(statuses: ConnectorStatus[]) {
      current = Object.fromEntries(statuses.map((s) => [s.name, { status: s }]));
    },
    calls: () => calls,
  };
}

const logger = pino({ level: 'silent' });

test('pushes connector and task transitions, creations and deletions to interested subscribers only', async () => {
  const fake = fakeClusters();
  fake.set([status('a', 'RUNNING', ['RUNNING']), status('b', 'RUNNING')]);
  const poller = new ConnectorStatusPoller({ clusters: fake.clusters, intervalMs: 20, logger });
  const onlyA = poller.subscribe('default', ['a']);
  const all = poller.subscribe('default', []);
  await waitFor(() => fake.calls() >= 2, { what: 'baseline' });

  fake.set([status('a', 'RUNNING', ['FAILED']), status('b', 'RUNNING'), status('c', 'PAUSED')]);
  expect((await onlyA.next()).value).toMatchObject({ name: 'a', state: 'RUNNING', previousState: 'RUNNING', tasks: [{ id: 0, state: 'FAILED' }] });
  const seen = [(await all.next()).value, (await all.next()).value];
  expect(seen.map((e) => `${e.name}:${e.previousState}->${e.state}`).sort()).toEqual(['a:RUNNING->RUNNING', 'c:null->PAUSED']);

  fake.set([status('a', 'RUNNING', ['FAILED']), status('c', 'PAUSED')]);
  expect((await all.next()).value).toMatchObject({ name: 'b', state: null, previousState: 'RUNNING', deleted: true });
  await onlyA.return!();
  await all.return!();
  poller.stop();
});

test('one poll per interval serves any number of subscribers, and polling stops after the last one leaves', async () => {
  const fake = fakeClusters();
  const poller = new ConnectorStatusPoller({ clusters: fake.clusters, intervalMs: 25, logger, lingerMs: 10 });
  const subscribers = Array.from({ length: 20 }, () => poller.subscribe('default', null));
  const started = Date.now();
  await waitFor(() => fake.calls() >= 6, { what: 'six polls' });
  const expected = Math.ceil((Date.now() - started) / 25) + 1;
  expect(fake.calls()).toBeLessThanOrEqual(expected);
  for (const s of subscribers) await s.return!();
  const after = fake.calls();
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(fake.calls()).toBeLessThanOrEqual(after + 1);
  poller.stop();
});

test('a subscriber that falls behind its buffer ends with SLOW_CONSUMER instead of growing', async () => {
  let closed = false;
  const stream = new BoundedStream<number>(3, () => (closed = true));
  for (let i = 0; i < 10; i++) stream.push(i);
  const failure = await stream.next().then(
    () => undefined,
    (error: { code?: string }) => error,
  );
  expect(failure?.code).toBe('SLOW_CONSUMER');
  expect(closed).toBe(true);
  expect(await stream.next()).toEqual({ value: undefined, done: true });
});

test('once started it polls without subscribers and hands every poll to onPoll, even after onPoll failed, until stopped', async () => {
  const fake = fakeClusters();
  fake.set([status('a', 'RUNNING', ['FAILED'])]);
  const seen: string[] = [];
  const poller = new ConnectorStatusPoller({
    clusters: fake.clusters,
    intervalMs: 10,
    logger,
    onPoll: async (cluster, statuses) => {
      seen.push(`${cluster}:${[...statuses.values()].map((s) => s.tasks[0]?.state).join()}`);
      if (seen.length === 1) throw new Error('database unavailable');
    },
  });
  poller.start(['default']);
  await waitFor(() => seen.length >= 3, { what: 'three polls handed on' });
  expect(seen.slice(0, 3)).toEqual(['default:FAILED', 'default:FAILED', 'default:FAILED']);
  poller.stop();
  const after = fake.calls();
  // Absence of polls can only be checked over time: ten intervals, of which at most the one in flight may poll.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(fake.calls()).toBeLessThanOrEqual(after + 1);
});

test('a start after stop, while a poll is still in flight, leaves exactly one polling loop', async () => {
  const fake = fakeClusters();
  let release: (() => void) | undefined;
  let polls = 0;
  const poller = new ConnectorStatusPoller({
    clusters: fake.clusters,
    intervalMs: 10,
    logger,
    onPoll: async () => {
      polls++;
      // The first poll hangs in its handler until the restart below happened.
      if (polls === 1) await new Promise<void>((resolve) => (release = resolve));
    },
  });
  poller.start(['default']);
  await waitFor(() => release, { what: 'first poll in flight' });
  poller.stop();
  poller.start(['default']);
  release!();
  await waitFor(() => polls >= 5, { what: 'polls after the restart' });
  const from = fake.calls();
  const started = Date.now();
  await waitFor(() => fake.calls() >= from + 10, { what: 'ten more polls' });
  // One loop polls about once per 10 ms interval; two loops would poll twice as often.
  expect(fake.calls() - from).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 10) + 2);
  poller.stop();
});

test('after start it calls Connect only while pollWanted says so, and always for subscribers', async () => {
  const fake = fakeClusters();
  let wanted = false;
  let asked = 0;
  const poller = new ConnectorStatusPoller({
    clusters: fake.clusters,
    intervalMs: 10,
    logger,
    pollWanted: async () => (asked++, wanted),
  });
  poller.start(['default']);
  await waitFor(() => asked >= 5, { what: 'five intervals' });
  expect(fake.calls()).toBe(0);
  const subscriber = poller.subscribe('default', null);
  await waitFor(() => fake.calls() >= 2, { what: 'polls for a subscriber' });
  await subscriber.return!();
  wanted = true;
  const from = fake.calls();
  await waitFor(() => fake.calls() >= from + 3, { what: 'polls once wanted' });
  poller.stop();
});
