import { z } from 'zod';
import { intFromEnv, listFromEnv, portFromEnv } from './parse';

export const kafkaEnv = {
  KAFKA_BROKERS: listFromEnv()
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1))
    .optional(),
  KAFKA_CLIENT_ID: z.string().default('pipegraph'),
  EMBEDDED_KAFKA_PORT: portFromEnv(9092),
  /** Consumer session timeout of pipegraph's consumers (enricher, live readers): a member silent this long is fenced. */
  KAFKA_SESSION_TIMEOUT_MS: intFromEnv(30_000, 1_000, 3_600_000),
};

type Env = z.infer<z.ZodObject<typeof kafkaEnv>>;

export function kafkaConfig(env: Env) {
  return {
    /** Unset: the embedded broker is started and this is filled in by main. */
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID,
    embeddedPort: env.EMBEDDED_KAFKA_PORT,
    sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
  };
}
