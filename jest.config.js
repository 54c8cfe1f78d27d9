/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    // Type checking is done once by `npm run typecheck`; per-file transpilation keeps jest fast.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', isolatedModules: true, diagnostics: false }],
  },
  testTimeout: 60000,
  // One temporary directory per run, removed at the end (test/support/temp-dir.js).
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  setupFiles: ['<rootDir>/test/support/quiet-cost-report.js'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
