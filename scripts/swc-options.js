// The one set of SWC options for every place that transpiles TypeScript without tsc: jest, child processes spawned
// from sources in tests (test/helpers/swc-register.js) and `npm run build` (scripts/transpile.js). type-graphql needs
// decorator metadata, which SWC emits and esbuild does not. Type checking stays with `npm run typecheck`.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
