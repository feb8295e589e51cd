import { z } from 'zod';
import { authConfig, authEnv } from './auth';
import { connectConfig, connectEnv } from './connect';
import { httpConfig, httpEnv, isLoopback } from './http';
import { kafkaConfig, kafkaEnv } from './kafka';
import { limitsConfig, limitsEnv } from './limits';
import { liveConfig, liveEnv } from './live';
import { withoutEmpty } from './parse';
import { pinotConfig, pinotEnv } from './pinot';
import { postgresConfig, postgresEnv } from './postgres';
import { s3Config, s3Env } from './s3';
import { supervisorConfig, supervisorEnv } from './supervisor';
import { schemaRegistryConfig, schemaRegistryEnv } from './schema-registry';

// One schema over every variable, so a single parse reports every problem at once.
const envSchema = z.object({
  ...httpEnv,
  ...postgresEnv,
  ...kafkaEnv,
  ...connectEnv,
  ...pinotEnv,
  ...schemaRegistryEnv,
  ...authEnv,
  ...limitsEnv,
  ...liveEnv,
  ...s3Env,
  ...supervisorEnv,
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Every variable pipegraph reads; a test checks docker-compose.yml and .env.example against this list. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(withoutEmpty(rawEnv));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  }
  const env = parsed.data;
  const http = httpConfig(env);
  const loopback = isLoopback(http.host);
  const config = {
    http,
    postgres: postgresConfig(env),
    kafka: kafkaConfig(env),
    connect: connectConfig(env),
    pinot: pinotConfig(env),
    schemaRegistry: schemaRegistryConfig(env),
    auth: authConfig(env),
    limits: limitsConfig(env, loopback),
    live: liveConfig(env, env.KAFKA_BROKERS === undefined),
    s3: s3Config(env),
    supervisor: supervisorConfig(env),
    loopback,
  };

  const problems: string[] = [];
  if (!config.auth.enabled && !loopback) {
    problems.push(`HOST: binding ${http.host} (not loopback) requires API_KEYS or JWT_SECRET/JWT_JWKS_FILE; refusing to start without auth`);
  }
  if (config.supervisor.restartBaseMs > config.supervisor.restartMaxMs) {
    problems.push('WORKER_RESTART_BASE_MS: must not exceed WORKER_RESTART_MAX_MS');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export type Config = ReturnType<typeof loadConfig>;

/** For process entry points: the config, or every problem printed to stderr and exit code 2. */
export function loadConfigOrExit(rawEnv: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(rawEnv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
