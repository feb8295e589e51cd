import type { Message } from 'kafkajs';
import { DEMO_DEVICE_COUNT, DEMO_URLS, DEMO_USER_COUNT, demoDevice, demoUser, seededRandom } from '../../src/pipeline/demo/demo-data';

/** The enricher's output fields (src/pipeline/enricher/enrich.ts) as a Connect struct schema, so both sinks get typed columns. */
const ENRICHED_SCHEMA = {
  type: 'struct',
  optional: false,
  name: 'pipegraph.EnrichedClick',
  fields: [
    { field: 'timestamp', type: 'int64', optional: false, name: 'org.apache.kafka.connect.data.Timestamp', version: 1 },
    { field: 'user_id', type: 'int64', optional: false },
    { field: 'device_id', type: 'int64', optional: false },
    { field: 'url', type: 'string', optional: false },
    { field: 'user_name', type: 'string', optional: false },
    { field: 'device_type', type: 'string', optional: false },
    { field: 'url_category', type: 'string', optional: false },
  ],
};

/**
 * `count` enriched clickstream events as JsonConverter envelopes (schemas.enable=true), one per message, keyed by user.
 * Message i goes to partition i % partitions, so every partition holds exactly count / partitions records.
 */
export function* enrichedClickBatches(count: number, partitions: number, batchSize: number): Generator<Array<Message & { partition: number }>> {
  const random = seededRandom(14);
  const start = Date.UTC(2026, 11, 1);
  let batch: Array<Message & { partition: number }> = [];
  for (let i = 0; i < count; i++) {
    const userId = 1 + Math.floor(random() * DEMO_USER_COUNT);
    const device = demoDevice(1 + Math.floor(random() * DEMO_DEVICE_COUNT));
    const url = DEMO_URLS[Math.floor(random() * DEMO_URLS.length)]!;
    const timestamp = start + i * 13;
    const payload = {
      timestamp,
      user_id: userId,
      device_id: device.deviceId,
      url: url.url,
      user_name: demoUser(userId).userName,
      device_type: device.deviceType,
      url_category: url.urlCategory,
    };
    batch.push({ partition: i % partitions, key: String(userId), value: JSON.stringify({ schema: ENRICHED_SCHEMA, payload }), timestamp: String(timestamp) });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
