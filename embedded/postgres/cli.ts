import path from 'node:path';
import { portFlag, runStandalone } from '../standalone';
import { startEmbeddedPostgres } from './index';

/** Standalone PGlite server: `node dist/embedded/postgres/cli.js --port 5433 --data-dir DIR` (npm start runs it so). */
runStandalone({
  name: 'embedded postgres',
  usage: 'usage: node dist/embedded/postgres/cli.js [--host 127.0.0.1] [--port 5433] [--data-dir DIR] [--in-memory]',
  options: { host: { type: 'string' }, port: { type: 'string' }, 'data-dir': { type: 'string' }, 'in-memory': { type: 'boolean' } },
  settings(values) {
    return {
      host: (values.host as string | undefined) ?? '127.0.0.1',
      port: portFlag(values.port, 5433),
      dataDir: values['in-memory'] ? undefined : path.resolve((values['data-dir'] as string | undefined) ?? path.join(process.env.DATA_DIR || './.data', 'postgres')),
    };
  },
  async start(settings, logger) {
    const postgres = await startEmbeddedPostgres({ ...settings, logger });
    return { ready: { url: postgres.url, dataDir: settings.dataDir ?? null }, stop: () => postgres.stop() };
  },
});
