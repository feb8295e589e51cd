import type { ClientConfig } from 'pg';

export interface JdbcTarget {
  client: ClientConfig;
  /** `currentSchema` from the URL: unqualified table names resolve there */
  schema?: string;
}

/**
 * Parses `jdbc:postgresql://host[:port][/database][?prop=value&…]` (pgJDBC's format) into pg client options.
 * Recognised properties: user, password, currentSchema, ssl/sslmode, connectTimeout (seconds), ApplicationName.
 * Returns an error message for anything else than a PostgreSQL URL.
 */
export function parseJdbcUrl(url: string): JdbcTarget | { error: string } {
  const match = /^jdbc:postgresql:(?:\/\/([^/?]*))?\/?([^?]*)(?:\?(.*))?$/.exec(url.trim());
  if (!match) {
    return { error: `Only PostgreSQL URLs of the form jdbc:postgresql://host:port/database are supported by this worker, got: ${url.split('?')[0]}` };
  }
  const [, hostPart = '', database = '', query = ''] = match;
  const firstHost = hostPart.split(',')[0] ?? '';
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(firstHost);
  const [host, port] = bracketed ? [bracketed[1], bracketed[2]] : (firstHost.split(':') as [string, string | undefined]);
  const params = new URLSearchParams(query.replace(/;/g, '&'));
  const client: ClientConfig = {
    host: host || 'localhost',
    port: port ? Number(port) : 5432,
    database: decodeURIComponent(database) || undefined,
    application_name: params.get('ApplicationName') ?? 'pipegraph-embedded-connect',
  };
  if (Number.isNaN(client.port)) return { error: `Invalid port in JDBC URL: ${port}` };
  if (params.get('user')) client.user = params.get('user')!;
  if (params.get('password')) client.password = params.get('password')!;
  const sslmode = params.get('sslmode');
  if (params.get('ssl') === 'true' || (sslmode && sslmode !== 'disable' && sslmode !== 'allow' && sslmode !== 'prefer')) {
    client.ssl = { rejectUnauthorized: sslmode === 'verify-full' || sslmode === 'verify-ca' };
  }
  if (params.get('connectTimeout')) client.connectionTimeoutMillis = Number(params.get('connectTimeout')) * 1000;
  const schema = params.get('currentSchema') ?? undefined;
  return schema ? { client, schema } : { client };
}
