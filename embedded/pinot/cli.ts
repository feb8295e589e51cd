/**
 * `npm run pinot -- --port 9000 --kafka HOST:PORT [--host 127.0.0.1] [--data-dir DIR]`: the embedded Pinot on its
 * own, for pointing pipegraph (PINOT_BROKER_URL / PINOT_CONTROLLER_URL) or curl at it.
 */
import { startEmbeddedPinot } from './index';

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function consoleLogger() {
  const write = (level: string) => (obj: object | string, msg?: string) =>
    process.stderr.write(`${new Date().toISOString()} ${level} ${typeof obj === 'string' ? obj : `${msg ?? ''} ${JSON.stringify(obj)}`}\n`);
  return { debug: () => undefined, info: write('info'), warn: write('warn'), error: write('error') };
}

async function main(): Promise<void> {
  const port = Number(argument('port') ?? 9000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0..65535, got ${argument('port')}`);
  const pinot = await startEmbeddedPinot({ host: argument('host'), port, kafkaBrokers: argument('kafka'), dataDir: argument('data-dir'), logger: consoleLogger() });
  process.stdout.write(`embedded pinot: controller and broker at ${pinot.url}\n`);
  const shutdown = () => void pinot.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  process.stderr.write(`embedded pinot failed to start: ${error.message}\n`);
  process.exit(1);
});
