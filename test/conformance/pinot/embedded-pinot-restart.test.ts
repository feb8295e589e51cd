import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startEmbeddedKafka } from '../../../embedded/kafka';
import { startEmbeddedPinot, type EmbeddedPinot } from '../../../embedded/pinot';
import { createLeftovers } from '../../helpers/leftovers';
import { waitFor } from '../../helpers/wait-for';
import { stockSchema, stockTable } from './pinot-fixture';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());

async function count(pinot: EmbeddedPinot): Promise<unknown> {
  const response = await fetch(`${pinot.url}/query/sql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT COUNT(*) FROM stock_transactions' }) });
  return ((await response.json()) as any).resultTable?.rows[0]?.[0];
}

describe('embedded Pinot with a data directory', () => {
  it('keeps schemas, tables and rows across a restart and resumes ingestion without duplicates', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pinot-restart-'));
    leftovers.add(() => rmSync(dataDir, { recursive: true, force: true }));
    const broker = await startEmbeddedKafka({ port: 0 });
    leftovers.add(() => broker.stop());
    const kafka = new Kafka({ clientId: 'pinot-restart', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'stock_transactions', numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    leftovers.add(() => producer.disconnect());
    const trade = (n: number) => ({ value: JSON.stringify({ id: `t${n}`, user_id: n, symbol: 'AAPL', shares: n, purchase: true, update_at: Date.now() }) });

    const first = await startEmbeddedPinot({ port: 0, kafkaBrokers: broker.brokers, dataDir });
    leftovers.add(() => first.stop());
    const post = (pinot: EmbeddedPinot, path: string, body: unknown) =>
      fetch(`${pinot.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(first, '/schemas', stockSchema)).status).toBe(200);
    expect((await post(first, '/tables', stockTable)).status).toBe(200);
    await producer.send({ topic: 'stock_transactions', messages: [trade(1), trade(2), trade(3)] });
    await waitFor(async () => (await count(first)) === 3, { what: 'first three rows' });
    await first.stop();

    await producer.send({ topic: 'stock_transactions', messages: [trade(4)] });
    const second = await startEmbeddedPinot({ port: 0, kafkaBrokers: broker.brokers, dataDir });
    leftovers.add(() => second.stop());
    expect(await (await fetch(`${second.url}/tables`)).json()).toEqual({ tables: ['stock_transactions'] });
    expect(await count(second)).toBeGreaterThanOrEqual(3);
    await waitFor(async () => (await count(second)) === 4, { what: 'the row produced while Pinot was down' });
    const sum = await fetch(`${second.url}/query/sql?sql=${encodeURIComponent('SELECT SUM(shares) FROM stock_transactions')}`);
    expect(((await sum.json()) as any).resultTable.rows).toEqual([[10]]);
  });
});
