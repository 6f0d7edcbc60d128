const { swcOptions } = require('./scripts/swc-options');

/** Unit specs live beside the code, e2e specs under test/; both run here. */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps/api', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions, swcrc: false }] },
  testTimeout: 60000,
  maxWorkers: 2,
};
