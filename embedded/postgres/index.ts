import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { childOf, type EmbeddedLogger, silentLogger } from '../logger';
import { keepStatementSequencesTogether } from './statement-sequences';

export interface EmbeddedPostgresOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 5433; 0 picks a free port. */
  port?: number;
  /** Database files live here and survive restarts; undefined keeps everything in memory (tests). */
  dataDir?: string;
  /** Concurrent client connections; PGlite runs them one query at a time. @default 64 */
  maxConnections?: number;
  logger?: EmbeddedLogger;
}

export interface EmbeddedPostgres {
  /** A postgres:// URL that `pg` (and any Postgres client) connects to. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Real PostgreSQL (PGlite, compiled to WASM) behind the Postgres wire protocol, so pipegraph's `pg` adapter and the
 * embedded Connect worker use it exactly like a server. PGlite is a single session: queries from all connections are
 * serialized, and while one connection holds a transaction or is amid an extended-query sequence the others wait.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const { host = '127.0.0.1', port = 5433, dataDir, maxConnections = 64 } = options;
  const logger = childOf(options.logger ?? silentLogger, { embedded: 'postgres' });
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGLiteSocketServer({ db, host, port, maxConnections });
  keepStatementSequencesTogether(server);
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const [, boundPort] = server.getServerConn().split(':');
  const url = `postgres://postgres@${host}:${boundPort}/postgres`;
  logger.info({ url, dataDir: dataDir ?? 'memory' }, 'embedded postgres listening');
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
