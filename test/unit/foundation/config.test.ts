import { ConfigError, loadConfig } from '../../../src/config';

const KEY = 'k'.repeat(24);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 4000, dataDir: './.data', logLevel: 'info' });
    expect(config.postgres.url).toBeUndefined();
    expect(config.kafka.brokers).toBeUndefined();
    expect(config.auth.enabled).toBe(false);
    expect(config.limits.introspection).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).http.port).toBe(4000);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ PORT: 'eighty', KAFKA_BROKERS: 'nohostport', MAX_QUERY_DEPTH: '0', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/KAFKA_BROKERS/);
    expect(problems.join('\n')).toMatch(/MAX_QUERY_DEPTH/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
  });

  it('refuses to bind a non-loopback address without auth', () => {
    expect(problemsOf({ HOST: '0.0.0.0' })[0]).toMatch(/requires API_KEYS/);
    expect(loadConfig({ HOST: '0.0.0.0', API_KEYS: `ops:operator:${KEY}` }).auth.enabled).toBe(true);
  });

  it('parses API_KEYS as name:role:key and rejects unknown roles and short keys', () => {
    const config = loadConfig({ API_KEYS: `ci:admin:${KEY},dash:viewer:${KEY}x` });
    expect(config.auth.apiKeys.map((k) => [k.name, k.role])).toEqual([
      ['ci', 'admin'],
      ['dash', 'viewer'],
    ]);
    expect(problemsOf({ API_KEYS: `ci:root:${KEY}` })[0]).toMatch(/role "root"/);
    expect(problemsOf({ API_KEYS: 'ci:admin:short' })[0]).toMatch(/shorter than 16/);
  });

  it('turns introspection off by default when not bound to loopback', () => {
    expect(loadConfig({ HOST: '0.0.0.0', API_KEYS: `a:admin:${KEY}` }).limits.introspection).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', API_KEYS: `a:admin:${KEY}`, INTROSPECTION: 'true' }).limits.introspection).toBe(true);
  });

  it('rejects a malformed DATABASE_URL', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })[0]).toMatch(/DATABASE_URL/);
  });
});
