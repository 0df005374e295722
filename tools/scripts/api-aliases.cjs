// Resolves the workspace path aliases (@huddle/*) for the API compiled by tsc into dist/apps/api.
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../../tsconfig.base.json');

const outRoot = path.resolve(__dirname, '../../dist/apps/api');
const paths = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, targets]) => [
    alias,
    targets.map((t) => t.replace(/^\.\//, '').replace(/\.ts$/, '.js')),
  ]),
);
tsconfigPaths.register({ baseUrl: outRoot, paths });
