import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { StandInSettings } from '../shared/stand-in-settings';

interface StandInEntry {
  /** Its CLI (embedded/<cli>.ts), run with runStandalone, which logs `<name> ready` with where it listens. */
  cli: string;
  readyMessage: string;
  args(settings: StandInSettings): string[];
  /** The address clients use, from the ready line. */
  address(ready: Record<string, unknown>): string;
  /** The port it bound, from the ready line (for restarts on the same port). */
  port(ready: Record<string, unknown>): number;
}

const portOfUrl = (ready: Record<string, unknown>) => Number(new URL(String(ready.url)).port);
const listen = ({ host, port }: StandInSettings) => ['--host', host, '--port', String(port)];

/**
 * Every stand-in `npm start` can run as a child process. Adding one (S3, a schema registry) is one entry here plus
 * its CLI built on embedded/standalone.ts.
 */
export const STAND_INS = {
  postgres: {
    cli: 'postgres/cli',
    readyMessage: 'embedded postgres ready',
    args: (s) => [...listen(s), ...(s.dataDir ? ['--data-dir', s.dataDir] : ['--in-memory'])],
    address: (ready) => String(ready.url),
    port: portOfUrl,
  },
  kafka: {
    cli: 'kafka/cli',
    readyMessage: 'embedded kafka ready',
    args: (s) => [...listen(s), ...(s.dataDir ? ['--data-dir', s.dataDir] : [])],
    address: (ready) => String(ready.brokers),
    port: (ready) => Number(ready.port),
  },
  connect: {
    cli: 'connect/cli',
    readyMessage: 'embedded connect ready',
    args: (s) => [...listen(s), '--kafka', required(s.kafkaBrokers, 'connect')],
    address: (ready) => String(ready.url),
    port: portOfUrl,
  },
  s3: {
    cli: 's3/cli',
    readyMessage: 'embedded s3 ready',
    args: (s) => [...listen(s), ...(s.dataDir ? ['--data-dir', s.dataDir] : [])],
    address: (ready) => String(ready.url),
    port: portOfUrl,
  },
  schemaRegistry: {
    cli: 'schema-registry/cli',
    readyMessage: 'embedded schema registry ready',
    // Its state lives in the _schemas topic on Kafka, as the real registry's does: no data dir.
    args: (s) => [...listen(s), '--kafka', required(s.kafkaBrokers, 'schema registry')],
    address: (ready) => String(ready.url),
    port: portOfUrl,
  },
  pinot: {
    cli: 'pinot/cli',
    readyMessage: 'embedded pinot ready',
    args: (s) => [...listen(s), '--kafka', required(s.kafkaBrokers, 'pinot'), ...(s.dataDir ? ['--data-dir', s.dataDir] : [])],
    address: (ready) => String(ready.url),
    port: portOfUrl,
  },
} satisfies Record<string, StandInEntry>;

export type StandInName = keyof typeof STAND_INS;

function required(value: string | undefined, system: string): string {
  if (!value) throw new Error(`embedded ${system} needs Kafka brokers`);
  return value;
}

export interface StandInOptions extends StandInSettings {
  /** LOG_LEVEL of the child; its log lines after the ready line go to `onLog`. @default 'warn' */
  logLevel?: string;
  onLog?(line: string): void;
  /** How long the child may take to print its ready line (PGlite's first initdb alone takes ~30 s on a loaded 2-core machine). @default 120_000 */
  startTimeoutMs?: number;
  /** Node flags for the child. @default this process's own (so a run from TypeScript sources keeps its loader) */
  nodeArgs?: string[];
}

export interface StandInProcess {
  name: StandInName;
  pid: number;
  /** The address clients use: a postgres:// URL, host:port brokers, or an http URL. */
  address: string;
  port: number;
  /** Resolves when the process ends, however it ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (a clean stop), then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs one stand-in as a child process and resolves once it printed its ready line; rejects (and kills the child) if
 * it exits or stays silent first. The child has an IPC channel so it exits when this process goes away.
 */
export function spawnStandIn(name: StandInName, options: StandInOptions): Promise<StandInProcess> {
  const entry: StandInEntry = STAND_INS[name];
  // Run from the same tree this module was loaded from: dist/embedded/*.js after the build, embedded/*.ts in tests.
  const extension = __filename.endsWith('.ts') ? '.ts' : '.js';
  const child = spawn(process.execPath, [...(options.nodeArgs ?? process.execArgv), join(__dirname, `${entry.cli}${extension}`), ...entry.args(options), ...(options.extraArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group: a Ctrl-C meant for npm start reaches only the parent, which stops the children in order.
    detached: true,
    env: { ...process.env, ...options.env, LOG_LEVEL: options.logLevel ?? 'warn' },
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  return new Promise<StandInProcess>((resolve, reject) => {
    let stderr = '';
    let ready = false;
    child.stderr!.on('data', (chunk) => (ready ? options.onLog?.(String(chunk).trimEnd()) : (stderr = (stderr + String(chunk)).slice(-4_000))));
    const fail = (reason: string) => {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(new Error(`embedded ${name} ${reason}${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    void exited.then(({ code, signal }) => !ready && fail(`exited (${signal ?? `code ${code}`}) before it was ready`));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (ready) return options.onLog?.(line);
      const entryLine = parseLogLine(line);
      if (entryLine?.msg !== entry.readyMessage) return;
      ready = true;
      clearTimeout(timer);
      resolve({
        name,
        pid: child.pid!,
        address: entry.address(entryLine),
        port: entry.port(entryLine),
        exited,
        stop: (graceMs = 10_000) => stopChild(child, exited, graceMs),
      });
    });
  });
}

function parseLogLine(line: string): (Record<string, unknown> & { msg?: unknown }) | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
