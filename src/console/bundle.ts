import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../project-root';

/** One file of the console bundle; the name carries a content hash, so it can be cached forever. */
export interface ConsoleFile {
  fileName: string;
  body: Buffer;
}

export interface ConsoleBundle {
  files: ConsoleFile[];
  /** File names of the entry script and stylesheet the page loads. */
  script: string;
  style: string;
}

/** Where `npm run build` writes the bundle; the server reads it from here. */
export function consoleBundleDir(root: string = projectRoot()): string {
  return join(root, 'dist', 'console');
}

const MANIFEST = 'manifest.json';

/**
 * Bundles src/console/app with esbuild (a pinned dev dependency) from node_modules only: React, elkjs, uPlot and the
 * graphql-ws client, minified, in memory. Takes about a second; esbuild is loaded only when this runs, so production
 * (which reads the prebuilt files) does not need it.
 */
export async function buildConsoleBundle(root: string = projectRoot()): Promise<ConsoleBundle> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { console: join(root, 'src', 'console', 'app', 'main.tsx') },
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    entryNames: '[name]-[hash]',
    outdir: 'out',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const files = result.outputFiles.map((file) => ({ fileName: basename(file.path), body: Buffer.from(file.contents) }));
  const script = files.find((file) => file.fileName.endsWith('.js'))?.fileName;
  const style = files.find((file) => file.fileName.endsWith('.css'))?.fileName;
  if (!script || !style) throw new Error('the console build produced no script or stylesheet');
  return { files, script, style };
}

/** Writes the bundle and a manifest into `dir`, replacing an older build. */
export function writeConsoleBundle(bundle: ConsoleBundle, dir: string = consoleBundleDir()): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of bundle.files) writeFileSync(join(dir, file.fileName), file.body);
  writeFileSync(join(dir, MANIFEST), JSON.stringify({ script: bundle.script, style: bundle.style, files: bundle.files.map((file) => file.fileName) }));
}

/** The bundle `npm run build` wrote, or undefined when there is none (running from sources). */
export function readConsoleBundle(dir: string = consoleBundleDir()): ConsoleBundle | undefined {
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { script: string; style: string; files: string[] };
  return { script: manifest.script, style: manifest.style, files: manifest.files.map((fileName) => ({ fileName, body: readFileSync(join(dir, fileName)) })) };
}
