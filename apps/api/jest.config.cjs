module.exports = {
  displayName: 'api',
  ...require('../../jest.preset.cjs')(__dirname),
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // One real PostgreSQL cluster for the whole run (or DATABASE_URL), migrated once.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
};
