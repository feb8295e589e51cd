import { migrate } from '../adapters/postgres/migrator';
import { createPool } from '../adapters/postgres/pool';
import { loadConfigOrExit } from '../config';
import { createLogger } from '../logging/logger';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (required here: the embedded database migrates itself). */
async function run(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.postgres.url) {
    process.stderr.write('DATABASE_URL is not set: the embedded database is migrated by `npm start` itself\n');
    process.exit(2);
  }
  const logger = createLogger({ level: config.http.logLevel });
  const pool = createPool({ url: config.postgres.url, max: 1 }, logger);
  try {
    const applied = await migrate(pool);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
  } finally {
    await pool.end();
  }
}

run().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
