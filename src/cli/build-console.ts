import { gzipSync } from 'node:zlib';
import { buildConsoleBundle, consoleBundleDir, writeConsoleBundle } from '../console/bundle';

/** `npm run build` step: bundles the /console app into dist/console and prints its size (raw and gzip). */
async function main(): Promise<void> {
  const bundle = await buildConsoleBundle();
  writeConsoleBundle(bundle);
  const raw = bundle.files.reduce((sum, file) => sum + file.body.length, 0);
  const gzip = bundle.files.reduce((sum, file) => sum + gzipSync(file.body, { level: 9 }).length, 0);
  console.log(`console bundle: ${bundle.files.map((file) => file.fileName).join(', ')} in ${consoleBundleDir()} (${kb(raw)} raw, ${kb(gzip)} gzip)`);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
