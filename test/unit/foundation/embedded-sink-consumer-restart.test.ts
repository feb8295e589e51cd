import type { Admin, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type { SinkRecord } from '../../../embedded/connect/data/record';
import type { ConnectorPlugin, SinkTask } from '../../../embedded/connect/plugins/plugin';
import { SinkTaskRunner } from '../../../embedded/connect/runtime/sink-task-runner';
import type { TaskStatus } from '../../../embedded/connect/runtime/task-runner';
import { silentLogger } from '../../../embedded/logger';
import { waitFor } from '../../helpers/wait-for';

/** A kafkajs consumer stand-in the test drives: it hands batches to eachBatch and fails what it is told to. */
class FakeConsumer {
  readonly events = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' };
  readonly listeners = new Map<string, (event: { payload: any }) => void>();
  eachBatch?: (payload: EachBatchPayload) => Promise<void>;
  commits: string[] = [];
  commitError?: Error;
  disconnected = false;
  on(event: string, listener: (event: { payload: any }) => void) {
    this.listeners.set(event, listener);
  }
  async connect() {}
  async subscribe() {}
  async run({ eachBatch }: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) {
    this.eachBatch = eachBatch;
  }
  async commitOffsets(offsets: Array<{ offset: string }>) {
    if (this.commitError) throw this.commitError;
    this.commits.push(...offsets.map((o) => o.offset));
  }
  async disconnect() {
    this.disconnected = true;
  }
  pause() {}
  resume() {}
  /** Delivers records at offsets 0..n-1 of partition 0. */
  deliver(values: string[]) {
    return this.eachBatch!({
      batch: { topic: 't', partition: 0, messages: values.map((value, offset) => ({ offset: String(offset), key: null, value: Buffer.from(value), timestamp: '0', headers: {} })) },
      resolveOffset: () => undefined,
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload);
  }
  crash(error: Error) {
    this.listeners.get(this.events.CRASH)!({ payload: { error, restart: false } });
  }
}

function sinkRunner(putError?: () => Error | undefined) {
  const consumers: FakeConsumer[] = [];
  const written: string[] = [];
  const states: TaskStatus['state'][] = [];
  const task: SinkTask = {
    async start() {},
    async put(records: SinkRecord[]) {
      const error = putError?.();
      if (error) throw error;
      written.push(...records.map((r) => String(r.value)));
    },
    async stop() {},
  };
  const kafka = {
    consumer: () => {
      consumers.push(new FakeConsumer());
      return consumers[consumers.length - 1];
    },
  } as unknown as Kafka;
  const runner = new SinkTaskRunner({
    connector: 'c',
    taskId: 0,
    plugin: { createSinkTask: () => task } as unknown as ConnectorPlugin,
    config: { topics: 't', 'key.converter': 'org.apache.kafka.connect.storage.StringConverter', 'value.converter': 'org.apache.kafka.connect.storage.StringConverter' },
    workerConfig: {},
    kafka,
    admin: { listTopics: async () => ['t'] } as unknown as Admin,
    producer: {} as Producer,
    logger: silentLogger,
    onStatus: (_id, status) => void states.push(status.state),
    onTopic: () => undefined,
  });
  return { runner, consumers, written, states };
}

describe('embedded Connect sink task: its consumer fails, the task does not', () => {
  it('restarts the consumer when a commit fails for a reason other than fencing, and redelivers the uncommitted records', async () => {
    const { runner, consumers, written, states } = sinkRunner();
    await runner.start(false);
    const broker = Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSNumberOfRetriesExceeded' });
    consumers[0]!.commitError = broker;
    await consumers[0]!.deliver(['a', 'b']);
    await waitFor(() => consumers.length === 2 && consumers[1]!.eachBatch, { what: 'a second consumer after the backoff', timeoutMs: 5_000 });
    await consumers[1]!.deliver(['a', 'b']);
    await runner.stop();
    expect({ written, commits: consumers[1]!.commits, firstDisconnected: consumers[0]!.disconnected }).toEqual({ written: ['a', 'b', 'a', 'b'], commits: ['2'], firstDisconnected: true });
    expect(states).not.toContain('FAILED');
  });

  it('restarts the consumer after a crash kafkajs will not restart itself (restart=false), staying RUNNING', async () => {
    const { runner, consumers, states } = sinkRunner();
    await runner.start(false);
    consumers[0]!.crash(Object.assign(new Error('The group member needs to have a valid member id'), { name: 'KafkaJSProtocolError', retriable: false }));
    await waitFor(() => consumers.length === 2 && consumers[1]!.eachBatch, { what: 'a second consumer after the backoff', timeoutMs: 5_000 });
    expect(runner.status().state).toBe('RUNNING');
    await runner.stop();
    expect(states).not.toContain('FAILED');
  });

  it('still fails the task when put() fails for good', async () => {
    const { runner, consumers } = sinkRunner(() => new Error('relation "x" does not exist'));
    await runner.start(false);
    await consumers[0]!.deliver(['a']);
    expect(runner.status()).toMatchObject({ state: 'FAILED', trace: expect.stringContaining('relation "x" does not exist') });
    expect(consumers).toHaveLength(1);
    await runner.stop();
  });
});
