import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { bearerToken, createAuthenticator } from '../../../src/auth/authenticate';
import { roleAtLeast } from '../../../src/auth/roles';

const SECRET = 's'.repeat(40);
const apiKeys = [
  { name: 'dash', role: 'viewer' as const, key: 'viewer-key-0123456789' },
  { name: 'ops', role: 'operator' as const, key: 'operator-key-0123456789' },
];

async function jwt(claims: Record<string, unknown>, secret = SECRET, expiresIn = '5m'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}

describe('createAuthenticator', () => {
  const authenticate = createAuthenticator({ enabled: true, apiKeys, jwt: { secret: SECRET, roleClaim: 'role' } });

  it('maps an API key to its named caller and role', async () => {
    await expect(authenticate('operator-key-0123456789')).resolves.toEqual({ id: 'ops', role: 'operator', via: 'api-key' });
  });

  it('rejects a missing credential with UNAUTHENTICATED', async () => {
    await expect(authenticate(undefined)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('rejects a wrong API key with UNAUTHENTICATED', async () => {
    await expect(authenticate('operator-key-0123456780')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('accepts an HS256 JWT carrying a role claim', async () => {
    await expect(authenticate(await jwt({ role: 'admin' }))).resolves.toEqual({ id: 'alice', role: 'admin', via: 'jwt' });
  });

  it('rejects a JWT signed with another secret, an expired one, and one without a valid role', async () => {
    await expect(authenticate(await jwt({ role: 'admin' }, 'x'.repeat(40)))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(authenticate(await jwt({ role: 'admin' }, SECRET, '-1m'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(authenticate(await jwt({ role: 'root' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('treats everyone as an anonymous admin when auth is off', async () => {
    const open = createAuthenticator({ enabled: false, apiKeys: [] });
    await expect(open(undefined)).resolves.toEqual({ id: 'anonymous', role: 'admin', via: 'anonymous' });
  });
});

describe('createAuthenticator with a JWKS file', () => {
  it('verifies RS256 tokens against the keys in the file and rejects tokens from other keys', async () => {
    const trusted = await generateKeyPair('RS256');
    const stranger = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(trusted.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [jwk] }));
    const authenticate = createAuthenticator({ enabled: true, apiKeys: [], jwt: { jwksFile: file, roleClaim: 'pipegraph_role', issuer: 'idp' } });
    const sign = (key: Parameters<SignJWT['sign']>[0], issuer = 'idp') =>
      new SignJWT({ pipegraph_role: 'operator' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('bob').setIssuer(issuer).setExpirationTime('5m').sign(key);

    await expect(authenticate(await sign(trusted.privateKey))).resolves.toEqual({ id: 'bob', role: 'operator', via: 'jwt' });
    await expect(authenticate(await sign(stranger.privateKey))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(authenticate(await sign(trusted.privateKey, 'elsewhere'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('roles and bearer tokens', () => {
  it('orders roles viewer < operator < admin', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
  });

  it('extracts the token from "Bearer …" and accepts a bare token', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('abc')).toBe('abc');
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('  ')).toBeUndefined();
  });
});
