// openid-client (and its dependencies) and content-disposition (of @fastify/static) ship ES modules only; transpile them to CommonJS for Jest.
const ESM_PACKAGES = ['openid-client', 'oauth4webapi', 'jose', 'content-disposition'];
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
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // One real PostgreSQL cluster for the whole run (or DATABASE_URL), migrated once.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
};
