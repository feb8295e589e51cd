import type { ReadinessResult } from '../../wiring/plane';
import type { KafkaAdminPort } from './types';

/** GET /readyz probe: one Metadata round trip; the detail says why Kafka is not ready. */
export function kafkaReadiness(admin: KafkaAdminPort, extra?: () => string | undefined): () => Promise<ReadinessResult> {
  return async () => {
    try {
      const cluster = await admin.describeCluster();
      if (cluster.brokers === 0) return { ok: false, detail: 'Kafka answered but lists no brokers' };
      const problem = extra?.();
      return problem ? { ok: false, detail: problem } : { ok: true, detail: `${cluster.brokers} broker(s)` };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  };
}
