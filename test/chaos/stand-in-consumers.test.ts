import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startEmbeddedConnect } from '../../embedded/connect';
import { startEmbeddedKafka, type EmbeddedKafka } from '../../embedded/kafka';
import type { EmbeddedLogger } from '../../embedded/logger';
import { startEmbeddedPinot } from '../../embedded/pinot';
import { stockSchema, stockTable } from '../conformance/pinot/pinot-fixture';
import { createLeftovers } from '../helpers/leftovers';
import { waitFor } from '../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

const SINK_TOPIC = 'chaos-sink';
const PINOT_TOPIC = 'stock_transactions';
const BATCH = 150;

/** Keeps every warn/error line the stand-ins log, so the test can see their consumers crash and restart. */
function recordingLogger(lines: string[]): EmbeddedLogger {
  const keep = (level: string) => (obj: object | string, msg?: string) => void lines.push(`${level} ${typeof obj === 'string' ? obj : `${msg} ${JSON.stringify(obj)}`}`);
  const logger: EmbeddedLogger = { debug: () => undefined, info: () => undefined, warn: keep('warn'), error: keep('error'), child: () => logger };
  return logger;
}

/**
 * The stand-ins' own consumers — an embedded Connect sink task and an embedded Pinot real-time ingestor — lose their
 * broker for longer than kafkajs' retry budget (the consumer crashes for good in kafkajs' eyes), then find a broker
 * that forgot their group membership (a restart drops the coordinator's in-memory groups; committed offsets survive).
 * Each must restart its consumer with backoff, resume from its committed offsets and lose nothing; the sink task stays
 * RUNNING throughout, as a real worker's does while its consumer rejoins.
 */
describe('chaos: stand-ins restart their own consumers', () => {
  it('a Connect sink task and a Pinot ingestor recover from a lost broker and a forgotten group with 0 records lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipegraph-consumers-'));
    leftovers.add(() => rmSync(dir, { recursive: true, force: true }));
    const brokerDir = join(dir, 'kafka');
    let broker: EmbeddedKafka | undefined = await startEmbeddedKafka({ port: 0, dataDir: brokerDir });
    leftovers.add(() => broker?.stop());
    const { port, brokers } = broker;
    const restartBroker = () => startEmbeddedKafka({ port, dataDir: brokerDir });

    const lines: string[] = [];
    const logger = recordingLogger(lines);
    const connect = await startEmbeddedConnect({ port: 0, kafkaBrokers: brokers, logger, statusDelayMs: 0 });
    leftovers.add(() => connect.stop());
    const pinot = await startEmbeddedPinot({ port: 0, kafkaBrokers: brokers, logger });
    leftovers.add(() => pinot.stop());

    const kafka = new Kafka({ clientId: 'chaos-consumers', brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [SINK_TOPIC, PINOT_TOPIC].map((topic) => ({ topic, numPartitions: 2 })) });
    await admin.disconnect();
    const produced = { sink: [] as string[], pinot: [] as string[] };
    const produce = async (round: number) => {
      const producer = kafka.producer();
      await producer.connect();
      const values = Array.from({ length: BATCH }, (_, i) => `r${round}-${i}`);
      await producer.send({ topic: SINK_TOPIC, acks: -1, messages: values.map((value) => ({ key: value, value })) });
      const now = Date.now();
      const rows = values.map((id, i) => ({ id, user_id: i, symbol: 'AAPL', shares: 1, purchase: true, update_at: now }));
      await producer.send({ topic: PINOT_TOPIC, acks: -1, messages: rows.map((row) => ({ key: row.id, value: JSON.stringify(row) })) });
      await producer.disconnect();
      produced.sink.push(...values);
      produced.pinot.push(...values);
    };

    const file = join(dir, 'sink.txt');
    const put = await fetch(`${connect.url}/connectors/chaos-file-sink/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
        'tasks.max': '1',
        topics: SINK_TOPIC,
        file,
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      }),
    });
    expect(put.status).toBe(201);
    const post = (path: string, body: unknown) => fetch(`${pinot.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/schemas', stockSchema)).status).toBe(200);
    expect((await post('/tables', stockTable)).status).toBe(200);

    const sinkLines = () => {
      try {
        return readFileSync(file, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    };
    const pinotIds = async () => {
      const response = await post('/query/sql', { sql: 'SELECT id FROM stock_transactions LIMIT 100000' });
      const body = (await response.json()) as { resultTable?: { rows: string[][] } };
      return (body.resultTable?.rows ?? []).map((row) => row[0]!);
    };
    const missing = (seen: string[], wanted: string[]) => {
      const have = new Set(seen);
      return wanted.filter((value) => !have.has(value)).length;
    };
    const allDelivered = async (what: string, timeoutMs: number) =>
      waitFor(async () => missing(sinkLines(), produced.sink) === 0 && missing(await pinotIds(), produced.pinot) === 0, { what, timeoutMs, intervalMs: 100 });
    const taskState = async () => ((await (await fetch(`${connect.url}/connectors/chaos-file-sink/status`)).json()) as { tasks: Array<{ state: string }> }).tasks[0]?.state;

    await produce(1);
    await allDelivered('round 1 in the file and in Pinot', 30_000);

    // 1. The broker is gone past the consumers' retries: kafkajs gives up on both consumers (CRASH, no restart).
    await broker.stop();
    broker = undefined;
    // kafkajs' own crash line for the sink's group, and Pinot's: both consumers gave up.
    const sinkCrash = /Crash: .*"groupId":"connect-chaos-file-sink"/;
    const pinotCrash = /warn pinot ingestion consumer crashed; reconnecting/;
    const crashedAt = Date.now();
    await waitFor(() => lines.some((line) => sinkCrash.test(line)) && lines.some((line) => pinotCrash.test(line)), {
      what: 'both consumers to crash while the broker is gone',
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    const crashAfterMs = Date.now() - crashedAt;
    broker = await restartBroker();
    const back = Date.now();
    await produce(2);
    await allDelivered('round 2 after the broker came back', 30_000);
    const recoveredMs = Date.now() - back;

    // 2. A quick broker restart: the consumers come back to a coordinator that forgot their membership and
    //    generation (heartbeats and commits answer UNKNOWN_MEMBER_ID), and must rejoin without skipping anything.
    await broker.stop();
    broker = await restartBroker();
    const fencedAt = Date.now();
    await produce(3);
    await allDelivered('round 3 after the group was forgotten', 30_000);
    const rejoinedMs = Date.now() - fencedAt;

    const sink = sinkLines();
    const ids = await pinotIds();
    const lost = { sink: missing(sink, produced.sink), pinot: missing(ids, produced.pinot) };
    const duplicated = { sink: sink.length - new Set(sink).size, pinot: ids.length - new Set(ids).size };
    expect(lost).toEqual({ sink: 0, pinot: 0 });
    // Connect redelivers what was not committed (at-least-once); Pinot resumes from the offset it appended up to.
    expect(duplicated.pinot).toBe(0);
    expect(await taskState()).toBe('RUNNING');
    expect(lines.filter((line) => /task failed/.test(line))).toEqual([]);
    // Each restart waited its backoff (the policy itself is unit-tested in embedded-restarter.test.ts).
    const delays = lines.filter((line) => /warn sink consumer crashed or was fenced; rejoining/.test(line)).map((line) => Number(/"delayMs":(\d+)/.exec(line)?.[1]));
    expect(delays.length).toBeGreaterThan(0);
    expect(delays.every((delay) => delay > 0 && delay <= 5_000)).toBe(true);
    process.stdout.write(
      `chaos stand-in consumers: crash after ${crashAfterMs} ms without a broker; round 2 delivered ${recoveredMs} ms after it returned; ` +
        `round 3 ${rejoinedMs} ms after a group-forgetting restart; lost ${JSON.stringify(lost)}, duplicated ${JSON.stringify(duplicated)}, sink restarts ${delays.length}\n`,
    );
  }, 150_000);
});
