import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../src/project-root';
import { FREE_PORTS_ENV } from '../../helpers/free-ports';
import { waitFor } from '../../helpers/wait-for';

const root = projectRoot();

/** Runs src/main.ts in a child process, as `npm start` does after building. */
function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['-r', join(root, 'test/helpers/swc-register.js'), join(root, 'src/main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  return { child, output: () => output };
}

const exitCode = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('startup', () => {
  it('prints every configuration problem at once and exits with code 2', async () => {
    const { child, output } = startMain({ PORT: 'x', MAX_QUERY_DEPTH: '-1', KAFKA_BROKERS: 'nope' });
    expect(await exitCode(child)).toBe(2);
    expect(output()).toMatch(/PORT/);
    expect(output()).toMatch(/MAX_QUERY_DEPTH/);
    expect(output()).toMatch(/KAFKA_BROKERS/);
  });

  it('refuses to bind a public address without auth', async () => {
    const { child, output } = startMain({ HOST: '0.0.0.0' });
    expect(await exitCode(child)).toBe(2);
    expect(output()).toMatch(/requires API_KEYS/);
  });

  describe('with nothing configured', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipegraph-main-'));
    let main: ReturnType<typeof startMain> | undefined;
    afterAll(async () => {
      if (main && main.child.exitCode === null) {
        main.child.kill('SIGKILL');
        await exitCode(main.child);
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('starts the embedded stack, says what it uses, serves seeded data and stops cleanly on SIGTERM', async () => {
      main = startMain({ DATA_DIR: dataDir, ...FREE_PORTS_ENV });
      const playground = await waitFor(() => /playground: (http:\/\/\S+)/.exec(main!.output())?.[1], {
        timeoutMs: 90_000,
        intervalMs: 100,
        what: 'the playground line',
      });
      const out = main.output();
      for (const backend of ['postgres', 'kafka', 'connect', 'pinot', 's3']) expect(out).toMatch(new RegExp(`${backend}:\\s+embedded at \\S+`));
      expect(out).toMatch(/authentication is OFF/);

      const query = async (text: string) =>
        ((await (await fetch(playground, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) })).json()) as any);
      expect((await query('{ viewer { role } }')).data).toEqual({ viewer: { role: 'admin' } });
      // The seeded sample is there at once; the live demo pipeline (datagen → enricher → JDBC sink) adds rows within seconds.
      const count = async () => (await query('{ clickstreamEvents(first: 1) { totalCount } }')).data?.clickstreamEvents.totalCount as number;
      const seeded = await count();
      expect(seeded).toBeGreaterThanOrEqual(5_000);
      await waitFor(async () => (await count()) > seeded, { timeoutMs: 30_000, intervalMs: 250, what: 'rows from the live demo pipeline' });
      const page = await fetch(playground, { headers: { accept: 'text/html' } });
      expect(await page.text()).toMatch(/<title>[^<]*pipegraph/i);

      const exited = exitCode(main.child);
      main.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }, 120_000);
  });
});
