import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { ApiKeyEntry } from '../config/auth';
import { AppError } from '../errors/app-error';
import { type Caller, isRole } from './roles';

export interface AuthOptions {
  enabled: boolean;
  apiKeys: ApiKeyEntry[];
  jwt?: { secret?: string; jwksFile?: string; issuer?: string; audience?: string; roleClaim: string };
}

export type Authenticator = (token: string | undefined) => Promise<Caller>;

const ANONYMOUS_ADMIN: Caller = { id: 'anonymous', role: 'admin', via: 'anonymous' };

/**
 * Maps a bearer token (HTTP Authorization header or graphql-ws connection_init payload) to a caller.
 * Throws UNAUTHENTICATED for a missing or wrong credential. With auth off (loopback, nothing configured) everyone is
 * an anonymous admin — main prints a loud warning about it.
 */
export function createAuthenticator(options: AuthOptions): Authenticator {
  if (!options.enabled) return async () => ANONYMOUS_ADMIN;

  // Keys are compared as fixed-length digests in constant time, so timing reveals neither key nor length.
  const keyDigests = options.apiKeys.map((entry) => ({ entry, digest: sha256(entry.key) }));
  const jwtKey = options.jwt ? jwtKeyFrom(options.jwt) : undefined;

  return async (token) => {
    if (!token) throw new AppError('UNAUTHENTICATED', 'missing credentials: send "Authorization: Bearer <API key or JWT>"');
    const digest = sha256(token);
    const match = keyDigests.find((candidate) => timingSafeEqual(candidate.digest, digest));
    if (match) return { id: match.entry.name, role: match.entry.role, via: 'api-key' };
    if (jwtKey && options.jwt && token.split('.').length === 3) return verifyJwt(token, jwtKey, options.jwt);
    throw new AppError('UNAUTHENTICATED', 'invalid credentials');
  };
}

async function verifyJwt(
  token: string,
  key: Uint8Array | JWTVerifyGetKey,
  jwt: NonNullable<AuthOptions['jwt']>,
): Promise<Caller> {
  try {
    const verifyOptions = { issuer: jwt.issuer, audience: jwt.audience };
    const { payload } =
      key instanceof Uint8Array
        ? await jwtVerify(token, key, { ...verifyOptions, algorithms: ['HS256'] })
        : await jwtVerify(token, key, verifyOptions);
    const role = payload[jwt.roleClaim];
    if (!isRole(role)) throw new AppError('FORBIDDEN', `token has no valid "${jwt.roleClaim}" claim (viewer, operator or admin)`);
    return { id: payload.sub ?? 'jwt', role, via: 'jwt' };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('UNAUTHENTICATED', 'invalid or expired token');
  }
}

function jwtKeyFrom(jwt: NonNullable<AuthOptions['jwt']>): Uint8Array | JWTVerifyGetKey {
  if (jwt.jwksFile) return createLocalJWKSet(JSON.parse(readFileSync(jwt.jwksFile, 'utf8')));
  return new TextEncoder().encode(jwt.secret);
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** "Bearer abc" → "abc"; a bare value is accepted too (graphql-ws payloads often carry just the key). */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match ? match[1]!.trim() : header.trim();
}
