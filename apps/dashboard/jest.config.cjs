const path = require('node:path');

module.exports = {
  displayName: 'dashboard',
  rootDir: __dirname,
  preset: 'jest-preset-angular',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  testEnvironment: 'jsdom',
  transform: {
    '^.+\\.(ts|mjs|js|html)$': [
      'jest-preset-angular',
      { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' },
    ],
  },
  transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$)'],
  moduleNameMapper: {
    '^@huddle/scoring$': path.join(__dirname, '../../libs/scoring/src/index.ts'),
    '^@huddle/shared-types$': path.join(__dirname, '../../libs/shared-types/src/index.ts'),
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
