// Lets a child process run TypeScript sources directly (no build step): .ts files are transpiled with @swc/core on
// require, using the same settings as jest (scripts/swc-options.js). Used by tests that spawn the broker or the whole server.
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const options = require('../../scripts/swc-options');

Module._extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
