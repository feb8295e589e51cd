import { z } from 'zod';
import { boolFromEnv, intFromEnv } from './parse';

export const limitsEnv = {
  MAX_QUERY_DEPTH: intFromEnv(12, 1, 100),
  MAX_QUERY_COST: intFromEnv(10_000, 1, 10_000_000),
  MAX_BODY_BYTES: intFromEnv(1_048_576, 1_024, 100 * 1_048_576),
  WS_MAX_MESSAGE_BYTES: intFromEnv(262_144, 1_024, 100 * 1_048_576),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: intFromEnv(100, 1, 100_000),
  MAX_CONNECTIONS_PER_KEY: intFromEnv(50, 1, 100_000),
  RATE_LIMIT_PER_SECOND: intFromEnv(100, 1, 1_000_000),
  RATE_LIMIT_BURST: intFromEnv(200, 1, 1_000_000),
  INTROSPECTION: boolFromEnv(true).optional(),
};

type Env = z.infer<z.ZodObject<typeof limitsEnv>>;

export function limitsConfig(env: Env, loopback: boolean) {
  return {
    maxQueryDepth: env.MAX_QUERY_DEPTH,
    maxQueryCost: env.MAX_QUERY_COST,
    maxBodyBytes: env.MAX_BODY_BYTES,
    wsMaxMessageBytes: env.WS_MAX_MESSAGE_BYTES,
    maxSubscriptionsPerConnection: env.MAX_SUBSCRIPTIONS_PER_CONNECTION,
    maxConnectionsPerKey: env.MAX_CONNECTIONS_PER_KEY,
    ratePerSecond: env.RATE_LIMIT_PER_SECOND,
    rateBurst: env.RATE_LIMIT_BURST,
    /** Default: on when bound to loopback, off otherwise. */
    introspection: env.INTROSPECTION ?? loopback,
  };
}
