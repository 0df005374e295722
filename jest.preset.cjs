// Shared jest settings for the node-side projects (libs, api).
const path = require('node:path');

/** @param {string} projectDir absolute path of the project using the preset */
module.exports = function nodePreset(projectDir) {
  return {
    rootDir: projectDir,
    testEnvironment: 'node',
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(projectDir, 'tsconfig.spec.json') }],
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper: {
      '^@huddle/scoring$': path.join(__dirname, 'libs/scoring/src/index.ts'),
      '^@huddle/shared-types$': path.join(__dirname, 'libs/shared-types/src/index.ts'),
    },
    coverageDirectory: path.join(__dirname, 'coverage', path.relative(__dirname, projectDir)),
  };
};
