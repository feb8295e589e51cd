/**
 * Secret redaction shared by logs, GraphQL responses, errors and the audit log. A config value is secret when its key
 * names a password, secret, token, credential or private key (also `sasl.jaas.config`, which embeds a password, and
 * `*api.key`); credentials inside URLs (`user:pass@host`, `?password=`) are cut out of any string.
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY = /(pass(word|wd)|secret|token|credential|basic[._-]?auth[._-]?user[._-]?info|private[._-]?key|api[._-]?key|sasl\.jaas\.config|keystore\.key\b)/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+):[^@/\s]*@/gi;
const URL_PASSWORD_PARAM = /([?&;](?:password|passwd|pwd|secret|token|api[-_]?key|access[-_]?token)=)[^&;\s"]*/gi;

/** Cuts credentials out of URLs inside a string (JDBC URLs with ?password=, postgres://user:pass@…). */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, `$1:${REDACTED}@`).replace(URL_PASSWORD_PARAM, `$1${REDACTED}`);
}

function redactValue(key: string | undefined, value: unknown): unknown {
  if (key !== undefined && isSecretKey(key) && value !== null && value !== undefined && value !== '') return REDACTED;
  if (typeof value === 'string') return redactUrlCredentials(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(undefined, item));
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactValue(k, v)]));
  }
  return value;
}

/** A copy of a connector config (or any JSON-like value) with every secret replaced by the marker, at any depth. */
export function redactSecrets<T>(value: T): T {
  return redactValue(undefined, value) as T;
}

/** Values under secret keys, at any depth, so echoes of them can be cut out of free text (error messages). */
export function secretValuesOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) secretValuesOf(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (isSecretKey(key) && typeof v === 'string' && v.length > 0) out.push(v);
      else secretValuesOf(v, out);
    }
  }
  return out;
}

/** Free text with the given secret values and any URL credentials replaced by the marker. */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  return redactUrlCredentials(out);
}
