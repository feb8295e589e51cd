import { z } from 'zod';
import { intFromEnv, portFromEnv } from './parse';

export const httpEnv = {
  HOST: z.string().default('127.0.0.1'),
  PORT: portFromEnv(4000),
  DATA_DIR: z.string().default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: intFromEnv(10_000, 100, 600_000),
};

type Env = z.infer<z.ZodObject<typeof httpEnv>>;

export function httpConfig(env: Env) {
  return {
    host: env.HOST,
    port: env.PORT,
    dataDir: env.DATA_DIR,
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
