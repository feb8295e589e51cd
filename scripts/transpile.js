#!/usr/bin/env node
// `npm run build`'s compile step: transpiles src, resolvers, embedded, shared and bench into dist/ with SWC, file by file, in
// about a second, where tsc takes 20 s or more on a 2-core machine (it type-checks the whole program first). The
// output has the same layout as tsc's (dist/<dir>/<file>.js + .js.map); type checking is `npm run typecheck`, run by
// `npm test`. Files whose output is newer than their source are skipped, so a warm dist/ rebuilds only what changed.
const { mkdirSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { basename, dirname, join, relative } = require('node:path');
const { transformFile } = require('@swc/core');
const options = require('./swc-options');

const root = join(__dirname, '..');
const ROOTS = ['src', 'resolvers', 'embedded', 'shared', 'bench'];
// The console app is bundled for the browser by src/cli/build-console.ts, not compiled for Node.
const SKIP = new Set([join(root, 'src', 'console', 'app')]);

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(path) && entry.name !== 'node_modules') yield* sources(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

async function compile(source) {
  const out = join(root, 'dist', relative(root, source)).replace(/\.ts$/, '.js');
  if (mtime(out) >= mtime(source)) return false;
  const { code, map } = await transformFile(source, { ...options, sourceMaps: true, filename: source, outputPath: out });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${code}\n//# sourceMappingURL=${basename(out)}.map\n`);
  writeFileSync(`${out}.map`, map);
  return true;
}

async function main() {
  const started = Date.now();
  const files = ROOTS.flatMap((dir) => [...sources(join(root, dir))]);
  const compiled = (await Promise.all(files.map(compile))).filter(Boolean).length;
  console.log(`transpiled ${compiled} of ${files.length} files into dist/ in ${Date.now() - started} ms`);
}

module.exports = { ROOTS };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
