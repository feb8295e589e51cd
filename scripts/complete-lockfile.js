#!/usr/bin/env node
// Restores package-lock.json entries for other platforms' optional native binaries (e.g. @swc/core-darwin-arm64).
// npm leaves such an entry out when its registry cannot resolve that exact version (a partial mirror), and `npm ci`
// then refuses the whole lockfile. Each restored entry carries version, os, cpu, libc and `optional`, so npm skips it
// on other platforms exactly as with a complete lockfile. Run after `npm install` changes the lockfile:
//   node scripts/complete-lockfile.js
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const lockPath = join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const PLATFORM = /-(darwin|linux|win32|android|freebsd|openharmony|wasm32)(?:-([a-z0-9]+))?(?:-(gnu|musl|msvc|gnueabihf|musleabihf|eabi|wasi))?$/;

function platformFields(name) {
  const [, os, cpu, abi] = PLATFORM.exec(name);
  if (os === 'wasm32') return { cpu: ['wasm32'] };
  const fields = { os: [os] };
  if (cpu) fields.cpu = [cpu];
  if (abi === 'musl' || abi === 'musleabihf') fields.libc = ['musl'];
  else if (os === 'linux' && abi) fields.libc = ['glibc'];
  return fields;
}

let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (lock.packages[key] || !PLATFORM.test(dep) || !/^\d/.test(version)) continue;
    lock.packages[key] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platformFields(dep) };
    added++;
  }
  void location;
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(lockPath, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
process.stdout.write(`restored ${added} platform entries\n`);
