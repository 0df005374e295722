// Jest's globalSetup runs outside the moduleNameMapper: resolve the workspace aliases (@huddle/*) to
// the TypeScript sources so migrations that import libs/scoring (1764000014000) load there too.
import path from 'node:path';
import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../../tsconfig.base.json';

register({ baseUrl: path.resolve(__dirname, '../../..'), paths: compilerOptions.paths });
