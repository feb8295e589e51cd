import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startEmbeddedConnect } from '../../embedded/connect';
import { startEmbeddedKafka } from '../../embedded/kafka';
import { startEmbeddedPostgres } from '../../embedded/postgres';
import { startEmbeddedS3 } from '../../embedded/s3';

export const S3_CREDENTIALS = { accessKeyId: 'bench-key', secretAccessKey: 'bench-secret' };
export const S3_BUCKET = 'bench';

export interface BenchStack {
  kafka: Kafka;
  brokers: string;
  connectUrl: string;
  s3Url: string;
  postgresUrl: string;
  /** Stops everything started so far, newest first; never throws. */
  stop(): Promise<void>;
}

/**
 * Kafka (in memory), Postgres (PGlite, in memory), the S3 store (temp dir) and one Connect worker, all on port 0 in
 * this process. If a start fails, what already started is stopped before the error propagates.
 */
export async function startBenchStack(): Promise<BenchStack> {
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await Promise.resolve().then(step).catch((error) => process.stderr.write(`cleanup: ${(error as Error).message}\n`));
    stops.length = 0;
  };
  try {
    const broker = await startEmbeddedKafka({ port: 0 });
    stops.push(() => broker.stop());
    const s3Dir = mkdtempSync(join(tmpdir(), 'bench-s3-sink-'));
    stops.push(() => rmSync(s3Dir, { recursive: true, force: true }));
    const s3 = await startEmbeddedS3({ port: 0, dataDir: s3Dir, credentials: S3_CREDENTIALS, buckets: [S3_BUCKET] });
    stops.push(() => s3.stop());
    const postgres = await startEmbeddedPostgres({ port: 0 });
    stops.push(() => postgres.stop());
    // Status shows at once: the runner polls status only to fail fast on a FAILED task.
    const connect = await startEmbeddedConnect({ port: 0, kafkaBrokers: broker.brokers, statusDelayMs: 0 });
    stops.push(() => connect.stop());
    const kafka = new Kafka({ clientId: 'bench-s3-sink', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    return { kafka, brokers: broker.brokers, connectUrl: connect.url, s3Url: s3.url, postgresUrl: postgres.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
