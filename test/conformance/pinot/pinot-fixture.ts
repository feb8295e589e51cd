/**
 * Shared setup for the embedded-Pinot suites: an embedded Kafka with the seeds' topic, an embedded Pinot consuming it,
 * the seeds' schema and table config posted unchanged, and small helpers to produce records and run queries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { startEmbeddedKafka } from '../../../embedded/kafka';
import { startEmbeddedPinot } from '../../../embedded/pinot';
import type { createLeftovers } from '../../helpers/leftovers';

export const stockSchema = JSON.parse(readFileSync(join(__dirname, 'fixtures/stock_transactions.schema.json'), 'utf8')) as Record<string, unknown>;
export const stockTable = JSON.parse(readFileSync(join(__dirname, 'fixtures/stock_transactions.table.json'), 'utf8')) as Record<string, unknown>;

export interface PinotResponse {
  resultTable?: { dataSchema: { columnNames: string[]; columnDataTypes: string[] }; rows: unknown[][] };
  exceptions: Array<{ errorCode: number; message: string }>;
  [stat: string]: unknown;
}

export interface PinotStack {
  url: string;
  brokers: string;
  producer: Producer;
  kafka: Kafka;
  produce(topic: string, records: object[]): Promise<void>;
  query(sql: string, queryOptions?: string): Promise<PinotResponse>;
  rawQuery(sql: string, queryOptions?: string): Promise<string>;
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
  get(path: string): Promise<{ status: number; body: any }>;
}

export async function startPinotStack(leftovers: ReturnType<typeof createLeftovers>, topics: string[], options: { retentionCheckIntervalMs?: number } = {}): Promise<PinotStack> {
  const embeddedKafka = await startEmbeddedKafka({ port: 0 });
  leftovers.add(() => embeddedKafka.stop());
  const kafka = new Kafka({ clientId: 'pinot-conformance', brokers: [embeddedKafka.brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 2 })) });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  leftovers.add(() => producer.disconnect());
  const pinot = await startEmbeddedPinot({ port: 0, kafkaBrokers: embeddedKafka.brokers, retentionCheckIntervalMs: options.retentionCheckIntervalMs, logger: process.env.PINOT_TEST_LOG ? debugLogger : undefined });
  leftovers.add(() => pinot.stop());

  const request = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${pinot.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* text bodies such as /health */
    }
    return { status: response.status, body: parsed as any };
  };
  const rawQuery = async (sql: string, queryOptions?: string) => {
    const response = await fetch(`${pinot.url}/query/sql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql, queryOptions }) });
    return response.text();
  };
  return {
    url: pinot.url,
    brokers: embeddedKafka.brokers,
    producer,
    kafka,
    async produce(topic, records) {
      await producer.send({ topic, messages: records.map((record) => ({ value: JSON.stringify(record) })) });
    },
    rawQuery,
    query: async (sql, queryOptions) => JSON.parse(await rawQuery(sql, queryOptions)) as PinotResponse,
    post: (path, body) => request('POST', path, body),
    get: (path) => request('GET', path),
  };
}

const log = (level: string) => (obj: object | string, msg?: string) => process.stderr.write(`${level} ${msg ?? ''} ${JSON.stringify(obj)}\n`);
const debugLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
