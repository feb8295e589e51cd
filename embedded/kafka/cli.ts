import path from 'node:path';
import pino from 'pino';
import { startEmbeddedKafka } from './index';

const USAGE = 'usage: npm run kafka -- [--host 127.0.0.1] [--port 9092] [--data-dir DIR] [--auto-create-topics] [--partitions N]';

function parseArgs(argv: string[]): { host: string; port: number; dataDir: string; autoCreateTopics: boolean; defaultPartitions: number } {
  const args = {
    host: '127.0.0.1',
    port: 9092,
    dataDir: path.join(process.env.DATA_DIR || './.data', 'kafka'),
    autoCreateTopics: false,
    defaultPartitions: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--host':
        args.host = value();
        break;
      case '--port':
        args.port = Number(value());
        if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be an integer in [0, 65535]');
        break;
      case '--data-dir':
        args.dataDir = value();
        break;
      case '--auto-create-topics':
        args.autoCreateTopics = true;
        break;
      case '--partitions':
        args.defaultPartitions = Number(value());
        if (!Number.isInteger(args.defaultPartitions) || args.defaultPartitions < 1) throw new Error('--partitions must be a positive integer');
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${flag}`);
    }
  }
  return args;
}

/** Standalone broker: `npm run kafka -- --host 127.0.0.1 --port 9092 --data-dir DIR`. Stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const logger = pino({ level: process.env.LOG_LEVEL || 'info', base: null });
  const broker = await startEmbeddedKafka({ ...args, logger });
  logger.info({ brokers: broker.brokers, port: broker.port, dataDir: path.resolve(args.dataDir) }, 'embedded kafka ready');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'embedded kafka shutting down');
    broker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'embedded kafka stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('embedded kafka failed to start:', error);
  process.exit(1);
});
