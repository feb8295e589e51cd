import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsoleBundle, consoleBundleDir, writeConsoleBundle } from '../console/bundle';
import { projectRoot } from '../project-root';

/** `npm run build` step: bundles the /console app into dist/console and prints its size (raw and gzip). */
async function main(): Promise<void> {
  if (upToDate()) {
    console.log(`console bundle: up to date in ${consoleBundleDir()}`);
    return;
  }
  const bundle = await buildConsoleBundle();
  writeConsoleBundle(bundle);
  const raw = bundle.files.reduce((sum, file) => sum + file.body.length, 0);
  const gzip = bundle.files.reduce((sum, file) => sum + gzipSync(file.body, { level: 9 }).length, 0);
  console.log(`console bundle: ${bundle.files.map((file) => file.fileName).join(', ')} in ${consoleBundleDir()} (${kb(raw)} raw, ${kb(gzip)} gzip)`);
}

/** The bundle is newer than every file under src/console and than the lockfile (its dependencies): `npm start` skips it. */
function upToDate(): boolean {
  const root = projectRoot();
  const built = mtime(join(consoleBundleDir(root), 'manifest.json'));
  return built > 0 && built >= Math.max(mtime(join(root, 'package-lock.json')), newest(join(root, 'src', 'console')));
}

function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const path = join(dir, entry.name);
    return Math.max(max, entry.isDirectory() ? newest(path) : mtime(path));
  }, mtime(dir));
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
