import { startEmbeddedKafka } from '../../embedded/kafka';
import { createKafkaAdmin, createKafkaProducer, KafkaClient, TopicReader, type KafkaRecord } from '../../src/adapters/kafka';
import type { DeviceRow, UrlRow, UserRow } from '../../src/adapters/postgres/dimensions-repository';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { metricsRegistry } from '../../src/observability/metrics';
import { buildPipelinePlane } from '../../src/wiring/pipeline-plane';
import { Supervisor } from '../../src/wiring/supervisor';
import { createLeftovers } from '../helpers/leftovers';
import { waitFor } from '../helpers/wait-for';

const leftovers = createLeftovers();
afterAll(() => leftovers.drain());
const logger = createLogger({ level: 'silent' });
const GROUP = 'chaos-enricher';
const SESSION_MS = 2_000;
const EVENTS = 60;

async function restarts(code: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('pipegraph_worker_restarts_total')!.get();
  return metric.values.find((v) => v.labels.worker === 'enricher' && v.labels.code === code)?.value ?? 0;
}

/**
 * The enricher's member is fenced while it handles a batch — the batch outlasts the session timeout, as when the
 * process stalls — so its commit is refused (UNKNOWN_MEMBER_ID). It must rejoin under the supervisor and reprocess
 * from the last committed offset: nothing lost, and the only duplicates are the batch whose commit was refused.
 */
describe('chaos: the enricher group is fenced mid-batch', () => {
  it('recovers within 20 s with 0 events lost and duplicates only from the fenced batch', async () => {
    const broker = await startEmbeddedKafka({ port: 0 });
    leftovers.add(() => broker.stop());
    const client = new KafkaClient({ brokers: [broker.brokers], logger });
    leftovers.add(() => client.close());
    const admin = createKafkaAdmin(client);
    const producer = createKafkaProducer(client);
    const config = loadConfig({
      ENRICHER_ENABLED: 'true',
      ENRICHER_GROUP_ID: GROUP,
      KAFKA_SESSION_TIMEOUT_MS: String(SESSION_MS),
      WORKER_RESTART_BASE_MS: '100',
      WORKER_RESTART_MAX_MS: '1000',
    });
    const supervisor = new Supervisor({ baseMs: 100, capMs: 1_000, logger });
    leftovers.add(() => supervisor.stop());

    // The first lookup stalls until the coordinator has dropped the member, then answers.
    let stalled = 0;
    const memberGone = async () => (await admin.describeGroups([GROUP]))[0]?.members.length === 0;
    const dimensions = {
      async findUsers(ids: readonly number[]): Promise<UserRow[]> {
        if (stalled++ === 0) await waitFor(memberGone, { what: 'the coordinator fences the stalled member', timeoutMs: 20_000, intervalMs: 100 });
        return ids.map((userId) => ({ userId, userName: `user_${userId}`, email: '', country: 'NL', signupAt: new Date(0) }));
      },
      async findDevices(ids: readonly number[]): Promise<DeviceRow[]> {
        return ids.map((deviceId) => ({ deviceId, deviceType: 'phone', os: 'android' }));
      },
      async findUrls(urls: readonly string[]): Promise<UrlRow[]> {
        return urls.map((url) => ({ url, urlCategory: 'news' }));
      },
    };
    const plane = buildPipelinePlane(config, { client, admin, producer, dimensions }, supervisor, logger);
    leftovers.add(() => plane.stop());
    const before = (await restarts('UNKNOWN_MEMBER_ID')) + (await restarts('ILLEGAL_GENERATION'));

    const events = Array.from({ length: EVENTS }, (_, i) => ({
      key: String(i % 7),
      value: JSON.stringify({ timestamp: 1_700_000_000_000 + i, user_id: 1 + (i % 7), url: 'https://example.com/news/x', device_id: 1 }),
    }));
    await admin.ensureTopic({ name: config.live.enricher.sourceTopic, partitions: 3, replicationFactor: 1, configs: [] });
    await producer.send(config.live.enricher.sourceTopic, events);
    await plane.start();

    const probe = plane.readiness.enricher!;
    await waitFor(async () => !(await probe()).ok && stalled > 0, { what: 'enricher fenced and recovering', timeoutMs: 20_000, intervalMs: 50 });
    const fencedAt = Date.now();
    await waitFor(async () => (await probe()).ok, { what: 'enricher ready again', timeoutMs: 20_000, intervalMs: 50 });
    const recoveryMs = Date.now() - fencedAt;

    // Everything produced must come out enriched; count by the unique timestamp each event carries.
    const seen: KafkaRecord[] = [];
    const ends = await admin.topicOffsets(config.live.enricher.targetTopic);
    const reader = new TopicReader(client, {
      topic: config.live.enricher.targetTopic,
      groupId: `chaos-check-${Date.now()}`,
      startOffsets: new Map(ends.map((e) => [e.partition, 0])),
      onRecords: (batch) => void seen.push(...batch),
      logger,
    });
    await reader.start();
    leftovers.add(() => reader.stop());
    const unique = () => new Set(seen.map((r) => JSON.parse(r.value!.toString()).timestamp as number));
    await waitFor(() => unique().size >= EVENTS, { what: `all ${EVENTS} events enriched`, timeoutMs: 20_000 });
    await reader.stop();
    const fencedBatch = seen.length - unique().size;

    const lost = EVENTS - unique().size;
    expect({ lost, recoveryUnder20s: recoveryMs < 20_000 }).toEqual({ lost: 0, recoveryUnder20s: true });
    // The refused batch is the only thing handled twice: at most one partition's share of the events.
    const largestPartition = Math.max(...(await admin.topicOffsets(config.live.enricher.sourceTopic)).map((p) => Number(p.high)));
    expect(fencedBatch).toBeGreaterThan(0);
    expect(fencedBatch).toBeLessThanOrEqual(largestPartition);
    expect((await restarts('UNKNOWN_MEMBER_ID')) + (await restarts('ILLEGAL_GENERATION'))).toBeGreaterThan(before);
    process.stdout.write(`chaos enricher-fenced: recovery ${recoveryMs} ms, lost ${lost}, duplicated ${fencedBatch}\n`);
  }, 90_000);
});
