import pino from 'pino';
import { startEmbeddedConnect } from './index';

const USAGE = 'usage: npm run connect -- --kafka HOST:PORT [--host 127.0.0.1] [--port 8083] [--group-id connect-cluster]';

function parseArgs(argv: string[]): { host: string; port: number; kafka: string; groupId: string } {
  const args = { host: '127.0.0.1', port: 8083, kafka: process.env.KAFKA_BROKERS ?? '', groupId: 'connect-cluster' };
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
      case '--kafka':
        args.kafka = value();
        break;
      case '--group-id':
        args.groupId = value();
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
  if (!args.kafka) throw new Error('--kafka HOST:PORT is required (or set KAFKA_BROKERS)');
  return args;
}

/** Standalone worker: `npm run connect -- --port 8083 --kafka 127.0.0.1:9092`. Stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'embedded-connect' } });
  const worker = await startEmbeddedConnect({ host: args.host, port: args.port, kafkaBrokers: args.kafka, groupId: args.groupId, logger });
  console.log(`embedded Connect worker listening on ${worker.url} (Kafka ${args.kafka})`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error) => {
  console.error(`embedded Connect failed to start: ${(error as Error).message}`);
  process.exit(1);
});
