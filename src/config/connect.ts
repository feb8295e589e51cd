import { z } from 'zod';
import { portFromEnv } from './parse';

// Owned by the connectors plane; extend here (named clusters, timeouts).
export const connectEnv = {
  CONNECT_URL: z.string().url().optional(),
  EMBEDDED_CONNECT_PORT: portFromEnv(8083),
};

type Env = z.infer<z.ZodObject<typeof connectEnv>>;

export function connectConfig(env: Env) {
  return { url: env.CONNECT_URL, embeddedPort: env.EMBEDDED_CONNECT_PORT };
}
