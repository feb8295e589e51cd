import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';
import { FREE_PORTS_ENV } from '../helpers/free-ports';
import { waitFor } from '../helpers/wait-for';

const root = projectRoot();

export type StandIn = 'postgres' | 'kafka' | 'connect' | 'pinot';

export interface StackProcess {
  child: ChildProcess;
  graphqlUrl: string;
  baseUrl: string;
  postgresUrl: string;
  kafkaBrokers: string;
  connectUrl: string;
  pinotUrl: string;
  schemaRegistryUrl: string;
  output(): string;
  /** The pid of a stand-in's current process (it changes when the supervisor restarts it). */
  standInPid(name: StandIn): number | undefined;
  /** SIGTERM, then SIGKILL after the grace period; removes the data dir. */
  stop(): Promise<void>;
}

/** What `npm start` prints per backend: "kafka:    embedded at 127.0.0.1:40559". */
function startupAddress(output: string, backend: string): string | undefined {
  return new RegExp(`${backend}:\\s+embedded at (\\S+)`).exec(output)?.[1];
}

/**
 * Runs src/main.ts exactly as `npm start` does (each stand-in a supervised child process of it), from the TypeScript
 * sources, on free ports and a fresh data dir. Resolves once it prints its playground line.
 */
export async function startStackProcess(env: Record<string, string>, startTimeoutMs = 150_000): Promise<StackProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipegraph-chaos-'));
  let output = '';
  const child = spawn(process.execPath, ['-r', join(root, 'test/helpers/swc-register.js'), join(root, 'src/main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      ...FREE_PORTS_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the tail only: a long run logs plenty at warn while backends are down on purpose.
  const keep = (chunk: Buffer) => (output = (output + String(chunk)).slice(-200_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const head = { text: '' };
  child.stdout!.on('data', (chunk) => head.text.length < 10_000 && (head.text += String(chunk)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const graphqlUrl = await waitFor(() => child.exitCode === null && /playground: (http:\/\/\S+)/.exec(head.text)?.[1], {
      timeoutMs: startTimeoutMs,
      intervalMs: 100,
      what: 'the playground line',
    });
    const address = (backend: string) => startupAddress(head.text, backend)!;
    return {
      child,
      graphqlUrl,
      baseUrl: graphqlUrl.replace(/\/graphql$/, ''),
      postgresUrl: address('postgres'),
      kafkaBrokers: address('kafka'),
      connectUrl: address('connect'),
      pinotUrl: address('pinot'),
      schemaRegistryUrl: address('schemas'),
      output: () => output,
      standInPid(name) {
        const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)], { encoding: 'utf8' }).split('\n');
        const line = lines.find((l) => l.includes(`embedded/${name}/cli.ts`));
        return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-4_000)}`);
  }
}
