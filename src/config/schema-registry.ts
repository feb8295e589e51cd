import { z } from 'zod';
import { intFromEnv, portFromEnv } from './parse';

/** The schemas plane: where the Confluent Schema Registry is and how patiently pipegraph asks it. */
export const schemaRegistryEnv = {
  /** Registry base URL; `user:pass@` in it is basic auth (never logged). Unset: `npm start` runs the embedded registry. */
  SCHEMA_REGISTRY_URL: z.string().url().optional(),
  /** `user:pass` for the registry's basic auth (Confluent's basic.auth.user.info); wins over credentials in the URL. Never logged. */
  SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: z.string().regex(/^[^:]+:.*$/, 'expected user:password').optional(),
  /** Port of the embedded Schema Registry's REST API. */
  EMBEDDED_SCHEMA_REGISTRY_PORT: portFromEnv(8081),
  /** One REST call to the registry gives up after this (then UPSTREAM_UNAVAILABLE, retriable). */
  SCHEMA_REGISTRY_TIMEOUT_MS: intFromEnv(5_000, 100, 600_000),
};

type Env = z.infer<z.ZodObject<typeof schemaRegistryEnv>>;

export function schemaRegistryConfig(env: Env) {
  return {
    url: env.SCHEMA_REGISTRY_URL,
    basicAuth: env.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO,
    embeddedPort: env.EMBEDDED_SCHEMA_REGISTRY_PORT,
    timeoutMs: env.SCHEMA_REGISTRY_TIMEOUT_MS,
  };
}

export type SchemaRegistryConfig = ReturnType<typeof schemaRegistryConfig>;
