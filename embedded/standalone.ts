import { parseArgs, type ParseArgsConfig } from 'node:util';
import pino from 'pino';
import type { EmbeddedLogger } from './logger';

export interface StandaloneOptions<V> {
  /** Shown in messages: "embedded kafka". */
  name: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Turns parsed flags into validated settings; throw to reject them (exit 2 with the usage line). */
  settings(values: Record<string, string | boolean | undefined>): V;
  /** Starts the stand-in; resolves with where it listens (logged as "<name> ready", which scripts wait for) and how to stop it. */
  start(settings: V, logger: EmbeddedLogger): Promise<{ ready: Record<string, unknown>; stop(): Promise<void> }>;
}

/** How long a clean stop may take before the process exits anyway. */
const STOP_TIMEOUT_MS = 10_000;

/** A port flag's value: 0 (ephemeral) to 65535, else an error naming the flag. */
export function portFlag(value: string | boolean | undefined, fallback: number, flag = '--port'): number {
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${flag} must be an integer in [0, 65535]`);
  return port;
}

/**
 * Runs an embedded stand-in as its own process (`npm run kafka|connect|pinot -- …`): flags parsed strictly (unknown
 * flags and missing values exit 2 with the usage line), pino logs at LOG_LEVEL, clean stop on SIGINT/SIGTERM and,
 * when a parent runs it with an IPC channel (embedded/processes.ts), when that parent goes away.
 */
export function runStandalone<V>(options: StandaloneOptions<V>): void {
  let settings: V;
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { ...options.options, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      process.stdout.write(`${options.usage}\n`);
      process.exit(0);
    }
    settings = options.settings(values as Record<string, string | boolean | undefined>);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${options.usage}\n`);
    process.exit(2);
  }
  const base = { service: options.name.replace(/\s+/g, '-') };
  const logger = pino({ level: process.env.LOG_LEVEL || 'info', base });
  options
    .start(settings, logger)
    .then(({ ready, stop }) => {
      // Printed at any LOG_LEVEL: scripts and npm start's supervisor wait for this line.
      pino({ level: 'info', base }).info(ready, `${options.name} ready`);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, `${options.name} shutting down`);
        // A stop that hangs (a stuck client, a parent that is gone) must not leave the process holding its port.
        setTimeout(() => process.exit(1), STOP_TIMEOUT_MS).unref();
        stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, `${options.name} stop failed`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      // Run by a parent over IPC (npm start): never outlive it, even when it was killed without a chance to stop us.
      if (process.send) process.on('disconnect', () => shutdown('parent gone'));
    })
    .catch((error: unknown) => {
      process.stderr.write(`${options.name} failed to start: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}
