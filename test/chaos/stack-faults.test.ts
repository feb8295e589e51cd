import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { createKafkaAdmin, createKafkaProducer, KafkaClient, TopicReader, type KafkaRecord } from '../../src/adapters/kafka';
import type { PartitionOffsets } from '../../src/adapters/kafka/types';
import { PayloadDecoder, SchemaRegistryClient } from '../../src/adapters/schema-registry';
import { createLogger } from '../../src/logging/logger';
import { createLeftovers } from '../helpers/leftovers';
import { waitFor } from '../helpers/wait-for';
import { type StackProcess, startStackProcess, type StandIn } from './stack-process';

/**
 * Faults against the real `npm start` topology: pipegraph's process with each stand-in a supervised child process.
 * The cases run in order against one stack (each leaves it recovered for the next), and the last checks that the demo
 * pipeline flows end to end after all of them. Every wait is a condition with a deadline; each case prints what it
 * measured (the figures in docs/operations.md).
 */
const leftovers = createLeftovers();
afterAll(() => leftovers.drain());
const logger = createLogger({ level: 'silent' });
const SESSION_MS = 3_000;
const measured: Record<string, Record<string, number>> = {};
afterAll(() => process.stdout.write(`chaos stack-faults: ${JSON.stringify(measured)}\n`));

let stack: StackProcess;

beforeAll(async () => {
  stack = await startStackProcess({
    KAFKA_SESSION_TIMEOUT_MS: String(SESSION_MS),
    WORKER_RESTART_BASE_MS: '200',
    WORKER_RESTART_MAX_MS: '2000',
    PINOT_QUERY_TIMEOUT_MS: '2000',
    PINOT_CONTROLLER_TIMEOUT_MS: '2000',
    ANALYTICS_CACHE_TTL_MS: '0',
    LIVE_OUTAGE_GRACE_MS: '60000',
  });
  leftovers.add(() => stack.stop());
  await waitFor(async () => (await readiness()).status === 200, { what: 'ready', timeoutMs: 60_000, intervalMs: 250 });
}, 240_000);

async function readiness(): Promise<{ status: number; body: any }> {
  const response = await fetch(`${stack.baseUrl}/readyz`);
  return { status: response.status, body: await response.json() };
}

async function graphql(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
  const response = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: any[] };
}

/** Runs `query` on a fresh connection to the (embedded) database; undefined while it is down. */
async function withDatabase<T>(query: (client: pg.Client) => Promise<T>): Promise<T | undefined> {
  const client = new pg.Client({ connectionString: stack.postgresUrl, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await query(client);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Rows in clickstream_events, read straight from the database; undefined while it is down. */
const sinkRows = () => withDatabase(async (client) => (await client.query('SELECT count(*)::int AS n FROM clickstream_events')).rows[0].n as number);

const PINOT_COUNT = '{ aggregate(table: "clickstream_enriched", measures: [{ fn: COUNT, alias: "n" }]) { rows } }';

async function pinotRows(): Promise<number | undefined> {
  const { data } = await graphql(PINOT_COUNT);
  return data ? Number(data.aggregate.rows[0]?.[0] ?? 0) : undefined;
}

const ENRICHED_TOPIC = 'enriched-clickstream';

interface EnrichedEvent {
  user_id: number;
  timestamp: number;
}

/**
 * The records of `topic` between two sets of end offsets, read back through the product's own reader and decoded as
 * every view of a topic decodes them (the demo topics are Confluent Avro under npm start).
 */
async function readRange(kafka: KafkaClient, topic: string, from: PartitionOffsets[], to: PartitionOffsets[]): Promise<EnrichedEvent[]> {
  const records: KafkaRecord[] = [];
  const start = new Map(from.map((p) => [p.partition, Number(p.high)]));
  const total = to.reduce((n, p) => n + Number(p.high) - (start.get(p.partition) ?? 0), 0);
  const reader = new TopicReader(kafka, { topic, groupId: `chaos-range-${Date.now()}`, startOffsets: start, onRecords: (batch) => void records.push(...batch), logger });
  await reader.start();
  try {
    await waitFor(() => records.length >= total, { what: `${total} records of ${topic} read back`, timeoutMs: 20_000 });
  } finally {
    await reader.stop();
  }
  const end = new Map(to.map((p) => [p.partition, Number(p.high)]));
  const inRange = records.filter((r) => Number(r.offset) < (end.get(r.partition) ?? 0));
  const decoder = new PayloadDecoder(new SchemaRegistryClient({ url: stack.schemaRegistryUrl, timeoutMs: 5_000, logger }));
  await decoder.prefetch(inRange.map((r) => r.value));
  return inRange.map((r) => decoder.decode(r.value).value as EnrichedEvent);
}

/** `user_id:epoch ms` of every clickstream_events row from `sinceMs` on; undefined while the database is down. */
const sinkKeys = (sinceMs: number) =>
  withDatabase(async (client) => {
    const { rows } = await client.query<{ user_id: number; ms: string }>(
      `SELECT user_id, (extract(epoch FROM "timestamp") * 1000)::bigint::text AS ms FROM clickstream_events WHERE "timestamp" >= to_timestamp($1 / 1000.0)`,
      [sinceMs],
    );
    return new Set(rows.map((row) => `${row.user_id}:${row.ms}`));
  });

/** Sends SIGKILL to a stand-in and resolves with its replacement's pid once the supervisor restarted it. */
async function killStandIn(name: StandIn): Promise<{ killedAt: number; pid: number }> {
  const pid = stack.standInPid(name)!;
  expect(pid).toBeGreaterThan(0);
  process.kill(pid, 'SIGKILL');
  const killedAt = Date.now();
  const next = await waitFor(() => {
    const current = stack.standInPid(name);
    return current !== undefined && current !== pid && current;
  }, { what: `embedded ${name} restarted`, timeoutMs: 30_000, intervalMs: 100 });
  return { killedAt, pid: next };
}

async function rowsFlow(what: string, timeoutMs: number): Promise<void> {
  const sink = await waitFor(sinkRows, { what: 'the database answering', timeoutMs: 30_000, intervalMs: 250 });
  try {
    await waitFor(async () => ((await sinkRows()) ?? 0) > sink, { what: `new rows in clickstream_events ${what}`, timeoutMs, intervalMs: 250 });
  } catch (error) {
    // Say which part of the pipeline is stuck: /readyz and the server's last log lines.
    const ready = await readiness().catch(() => undefined);
    throw new Error(`${(error as Error).message}\nreadyz: ${JSON.stringify(ready?.body)}\n${stack.output().slice(-3_000)}`);
  }
}

/** A graphql-ws error: GraphQL errors, a close event or an Error. */
function describeEnd(error: unknown): string {
  const e = error as { code?: number; reason?: string; message?: string };
  if (Array.isArray(error)) return JSON.stringify(error);
  return e.code !== undefined ? `close ${e.code} ${e.reason ?? ''}` : (e.message ?? String(error));
}

describe('chaos: faults against npm start', () => {
  it('broker SIGKILL while a producer sends with acks=-1 and live subscribers are attached: 0 acknowledged lost; subscribers see 0 lost, 0 duplicated', async () => {
    const kafka = new KafkaClient({ brokers: [stack.kafkaBrokers], logger });
    leftovers.add(() => kafka.close());
    const admin = createKafkaAdmin(kafka);
    const producer = createKafkaProducer(kafka);
    const topic = 'chaos-acks';
    await admin.createTopic({ name: topic, partitions: 3, replicationFactor: 1, configs: [] });

    // Two live subscribers over graphql-ws: A stays attached throughout, B drops at the kill and resumes by cursor.
    const ws: Client = createClient({ url: stack.graphqlUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    leftovers.add(() => ws.dispose());
    const QUERY = `subscription($from: LiveStartInput) { topicMessages(topic: "${topic}", format: STRING, from: $from) { partition offset cursor } }`;
    interface Subscriber { seen: string[]; cursor?: string; dispose?: () => void; ended?: unknown; active: boolean }
    const subscribe = (s: Subscriber) => {
      s.active = true;
      s.dispose = ws.subscribe(
        { query: QUERY, variables: { from: s.cursor ? { cursor: s.cursor } : { position: 'EARLIEST' } } },
        {
          next: ({ data, errors }) => {
            if (errors) return void ((s.ended = errors), (s.active = false));
            const m = (data as any).topicMessages;
            s.seen.push(`${m.partition}:${m.offset}`);
            s.cursor = m.cursor;
          },
          error: (error) => ((s.ended = error), (s.active = false)),
          complete: () => (s.active = false),
        },
      );
    };
    const a: Subscriber = { seen: [], active: false };
    const b: Subscriber = { seen: [], active: false };
    subscribe(a);
    subscribe(b);

    const acked = new Set<string>();
    let sent = 0;
    let killed: { killedAt: number; pid: number } | undefined;
    let recoveredAt: number | undefined;
    const TOTAL = 1_500;
    while (acked.size < TOTAL) {
      const batch = Array.from({ length: 25 }, (_, i) => ({ value: `v${sent + i}`, partition: (sent + i) % 3 }));
      try {
        await producer.send(topic, batch);
        for (const m of batch) acked.add(m.value);
        sent += batch.length;
        if (killed && recoveredAt === undefined) recoveredAt = Date.now();
      } catch {
        // Not acknowledged: send the same records again (they may now be in the log twice; that is not a loss).
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!killed && acked.size >= 300) {
        b.dispose!();
        killed = await killStandIn('kafka');
        subscribe(b);
      }
      if (b.ended || !b.active) subscribe(b);
      if (a.ended) throw new Error(`subscriber A ended: ${describeEnd(a.ended)}`);
    }

    // The log now holds every acknowledged record.
    const log: KafkaRecord[] = [];
    const ends = await admin.topicOffsets(topic);
    const reader = new TopicReader(kafka, { topic, groupId: `chaos-check-${Date.now()}`, startOffsets: new Map(ends.map((e) => [e.partition, 0])), onRecords: (r) => void log.push(...r), logger });
    await reader.start();
    const logSize = ends.reduce((n, e) => n + Number(e.high), 0);
    await waitFor(() => log.length >= logSize, { what: 'the whole topic read back', timeoutMs: 20_000 });
    await reader.stop();
    const inLog = new Set(log.map((r) => r.value!.toString()));
    const ackedLost = [...acked].filter((v) => !inLog.has(v)).length;

    // Each subscriber must see every record of the log exactly once.
    const expected = new Set(log.map((r) => `${r.partition}:${r.offset}`));
    await waitFor(() => a.seen.length >= expected.size && b.seen.length >= expected.size, { what: 'subscribers caught up', timeoutMs: 30_000 });
    const count = (s: Subscriber) => ({ lost: [...expected].filter((k) => !s.seen.includes(k)).length, duplicated: s.seen.length - new Set(s.seen).size });
    expect({ ackedLost, a: count(a), b: count(b) }).toEqual({ ackedLost: 0, a: { lost: 0, duplicated: 0 }, b: { lost: 0, duplicated: 0 } });
    measured.brokerKill = { recoveryMs: recoveredAt! - killed!.killedAt, acked: acked.size, inLog: log.length, ackedLost };
    expect(recoveredAt! - killed!.killedAt).toBeLessThan(30_000);
    a.dispose!();
    b.dispose!();
  }, 120_000);

  it('the GraphQL server process stopped longer than the session timeout: every worker recovers and rows flow again', async () => {
    await waitFor(async () => (await readiness()).status === 200, { what: 'ready before the stop', timeoutMs: 30_000, intervalMs: 250 });
    stack.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    await waitFor(() => Date.now() - stoppedAt > SESSION_MS + 2_000, { what: 'past the session timeout', intervalMs: 100 });
    stack.child.kill('SIGCONT');
    await waitFor(async () => (await readiness()).status === 200, { what: 'ready after SIGCONT', timeoutMs: 30_000, intervalMs: 250 });
    const readyMs = Date.now() - stoppedAt - SESSION_MS - 2_000;
    await rowsFlow('after SIGCONT', 30_000);
    measured.serverStopped = { readyAfterContMs: readyMs, rowsAfterContMs: Date.now() - stoppedAt - SESSION_MS - 2_000 };
  }, 120_000);

  it('the Connect worker killed: restarted on the same port, the demo sink runs again', async () => {
    const { killedAt } = await killStandIn('connect');
    const sinkRunning = async () => {
      const response = await fetch(`${stack.connectUrl}/connectors/demo-clickstream-jdbc-sink/status`).catch(() => undefined);
      if (!response?.ok) return false;
      const status = (await response.json()) as { connector: { state: string }; tasks: Array<{ state: string }> };
      return status.connector.state === 'RUNNING' && status.tasks.length > 0 && status.tasks.every((t) => t.state === 'RUNNING');
    };
    await waitFor(sinkRunning, { what: 'the demo JDBC sink RUNNING again', timeoutMs: 30_000, intervalMs: 250 });
    await waitFor(async () => (await readiness()).status === 200, { what: 'ready', timeoutMs: 30_000, intervalMs: 250 });
    measured.connectKill = { recoveryMs: Date.now() - killedAt };
    await rowsFlow('after the Connect restart', 30_000);
  }, 120_000);

  it('Pinot down for 10 s: queries answer UPSTREAM_UNAVAILABLE (retriable), then answer again', async () => {
    await waitFor(pinotRows, { what: 'Pinot answering', timeoutMs: 30_000, intervalMs: 250 });
    const pid = stack.standInPid('pinot')!;
    process.kill(pid, 'SIGSTOP');
    const downAt = Date.now();
    try {
      const { errors } = await graphql(PINOT_COUNT);
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retriable: true });
      expect((await readiness()).status).toBe(503);
      await waitFor(() => Date.now() - downAt >= 10_000, { what: '10 s of Pinot outage', intervalMs: 100 });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const upAt = Date.now();
    await waitFor(pinotRows, { what: 'Pinot answering again', timeoutMs: 30_000, intervalMs: 250 });
    measured.pinotDown = { answersAgainMs: Date.now() - upAt };
  }, 120_000);

  it('Postgres killed: restarted with its data, queries answer again, rows flow, and every event enriched meanwhile lands (0 lost)', async () => {
    const before = await waitFor(sinkRows, { what: 'the database answering', timeoutMs: 30_000 });
    const kafka = new KafkaClient({ brokers: [stack.kafkaBrokers], logger });
    leftovers.add(() => kafka.close());
    const admin = createKafkaAdmin(kafka);
    const fromOffsets = await admin.topicOffsets(ENRICHED_TOPIC);
    const { killedAt } = await killStandIn('postgres');
    const QUERY = '{ clickstreamEvents(first: 1) { totalCount } }';
    await waitFor(async () => ((await graphql(QUERY)).data?.clickstreamEvents.totalCount ?? 0) >= before, {
      what: 'clickstreamEvents answering again with the rows it had',
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    measured.postgresKill = { answersAgainMs: Date.now() - killedAt };
    await rowsFlow('after the Postgres restart', 45_000);
    measured.postgresKill.rowsFlowMs = Date.now() - killedAt;

    // Every event the enricher had acknowledged on enriched-clickstream from the kill until rows flowed again must end
    // up in clickstream_events: the sink retried its writes through the outage. Repeats collapse in the upsert.
    const toOffsets = await admin.topicOffsets(ENRICHED_TOPIC);
    const acknowledged = await readRange(kafka, ENRICHED_TOPIC, fromOffsets, toOffsets);
    const keys = new Set(acknowledged.map((event) => `${event.user_id}:${event.timestamp}`));
    const missing = async () => {
      const stored = await sinkKeys(Math.min(...acknowledged.map((event) => event.timestamp)));
      return stored === undefined ? keys.size : [...keys].filter((key) => !stored.has(key)).length;
    };
    let lost = keys.size;
    await waitFor(async () => (lost = await missing()) === 0, { what: 'every event acknowledged during the outage in clickstream_events', timeoutMs: 30_000, intervalMs: 250 }).catch(
      () => undefined,
    );
    measured.postgresKill.acknowledged = acknowledged.length;
    measured.postgresKill.lost = lost;
    measured.postgresKill.duplicated = acknowledged.length - keys.size;
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(lost).toBe(0);
  }, 150_000);

  it('after all of it, the demo pipeline flows end to end: new rows in clickstream_events and in Pinot within 10 s', async () => {
    await waitFor(async () => (await readiness()).status === 200, { what: 'ready', timeoutMs: 30_000, intervalMs: 250 });
    const sink = (await sinkRows())!;
    const pinot = (await pinotRows())!;
    const start = Date.now();
    await waitFor(async () => ((await sinkRows()) ?? 0) > sink && ((await pinotRows()) ?? 0) > pinot, {
      what: 'new rows in clickstream_events and Pinot',
      timeoutMs: 10_000,
      intervalMs: 250,
    });
    measured.endToEnd = { newRowsMs: Date.now() - start };
  }, 60_000);
});
