// Jest's globalSetup runs outside the moduleNameMapper: resolve the workspace aliases (@huddle/*) to
// the TypeScript sources so migrations that import libs/scoring (1764000014000) load there too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { register } from 'tsconfig-paths';

const root = path.resolve(__dirname, '../../..');
const base = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
register({ baseUrl: root, paths: base.compilerOptions.paths });
