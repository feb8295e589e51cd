import { z } from 'zod';
import { ROLES, type Role } from '../auth/roles';

export interface ApiKeyEntry {
  name: string;
  role: Role;
  key: string;
}

/** API_KEYS="name:role:key,name2:role2:key2" — names appear in logs and the audit log; keys never do. */
const apiKeys = z
  .string()
  .transform((value, ctx): ApiKeyEntry[] => {
    const entries: ApiKeyEntry[] = [];
    for (const raw of value.split(',').map((item) => item.trim()).filter(Boolean)) {
      const [name, role, ...rest] = raw.split(':');
      const key = rest.join(':');
      if (!name || !role || !key) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `entry "${name ?? ''}:…" must be name:role:key` });
        continue;
      }
      if (!(ROLES as readonly string[]).includes(role)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `entry "${name}" has role "${role}"; expected one of ${ROLES.join(', ')}` });
        continue;
      }
      if (key.length < 16) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `entry "${name}" has a key shorter than 16 characters` });
        continue;
      }
      entries.push({ name, role: role as Role, key });
    }
    return entries;
  });

export const authEnv = {
  API_KEYS: apiKeys.optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters for HS256').optional(),
  JWT_JWKS_FILE: z.string().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  JWT_ROLE_CLAIM: z.string().default('role'),
};

type Env = z.infer<z.ZodObject<typeof authEnv>>;

export function authConfig(env: Env) {
  const jwt =
    env.JWT_SECRET || env.JWT_JWKS_FILE
      ? {
          secret: env.JWT_SECRET,
          jwksFile: env.JWT_JWKS_FILE,
          issuer: env.JWT_ISSUER,
          audience: env.JWT_AUDIENCE,
          roleClaim: env.JWT_ROLE_CLAIM,
        }
      : undefined;
  const apiKeyEntries = env.API_KEYS ?? [];
  return {
    apiKeys: apiKeyEntries,
    jwt,
    /** Auth is off only when nothing is configured; config/index refuses that on a non-loopback address. */
    enabled: apiKeyEntries.length > 0 || jwt !== undefined,
  };
}
