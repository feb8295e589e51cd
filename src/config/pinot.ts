import { z } from 'zod';
import { portFromEnv } from './parse';

// Owned by the analytics plane; extend here (timeouts, cache TTL, limits).
export const pinotEnv = {
  PINOT_BROKER_URL: z.string().url().optional(),
  PINOT_CONTROLLER_URL: z.string().url().optional(),
  EMBEDDED_PINOT_PORT: portFromEnv(9000),
};

type Env = z.infer<z.ZodObject<typeof pinotEnv>>;

export function pinotConfig(env: Env) {
  return { brokerUrl: env.PINOT_BROKER_URL, controllerUrl: env.PINOT_CONTROLLER_URL, embeddedPort: env.EMBEDDED_PINOT_PORT };
}
