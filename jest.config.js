/** Jest runs TypeScript through SWC (fast, emits decorator metadata); `npm run typecheck` does the type checking. */
const swc = require('./scripts/swc-options');

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup/reflect.ts'],
  // Integration suites start servers and brokers; two workers match this 2-core machine.
  maxWorkers: 2,
  testTimeout: 30_000,
};
