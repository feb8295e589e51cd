import { z } from 'zod';
import { boolFromEnv, intFromEnv } from './parse';

export const limitsEnv = {
  MAX_QUERY_DEPTH: intFromEnv(16, 1, 100),
  MAX_QUERY_COST: intFromEnv(10_000, 1, 10_000_000),
  QUERY_COST_PER_BACKEND_CALL: intFromEnv(20, 0, 1_000_000),
  MAX_QUERY_ALIASES: intFromEnv(100, 1, 100_000),
  MAX_FRAGMENT_SPREADS: intFromEnv(100, 1, 100_000),
  MAX_QUERY_FIELDS: intFromEnv(500, 1, 1_000_000),
  MAX_QUERY_TOKENS: intFromEnv(10_000, 100, 10_000_000),
  MAX_INPUT_DEPTH: intFromEnv(32, 1, 1_000),
  MAX_INPUT_LIST_LENGTH: intFromEnv(10_000, 1, 10_000_000),
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
    /** What every operation is checked against before it runs (src/server/operation-limits.ts). */
    operation: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxCost: env.MAX_QUERY_COST,
      costPerBackendCall: env.QUERY_COST_PER_BACKEND_CALL,
      maxAliases: env.MAX_QUERY_ALIASES,
      maxFragmentSpreads: env.MAX_FRAGMENT_SPREADS,
      maxFields: env.MAX_QUERY_FIELDS,
      maxTokens: env.MAX_QUERY_TOKENS,
      maxInputDepth: env.MAX_INPUT_DEPTH,
      maxInputListLength: env.MAX_INPUT_LIST_LENGTH,
    },
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
