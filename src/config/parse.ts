import { z } from 'zod';

/** Whole number from an env string within [min, max]; the default applies when unset or empty. */
export const intFromEnv = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const portFromEnv = (fallback: number) => intFromEnv(fallback, 0, 65_535);

/** 'true'/'false'/'1'/'0'/'yes'/'no'; anything else is a config error, not silently false. */
export const boolFromEnv = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .default(fallback ? 'true' : 'false');

/** Comma-separated list, trimmed, empties dropped. */
export const listFromEnv = () =>
  z
    .string()
    .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item.length > 0));

export const urlFromEnv = () => z.string().url();

/** Environment with empty strings removed, so `FOO=` means "unset" everywhere. */
export function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}
