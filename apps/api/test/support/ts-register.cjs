// Runs the API's TypeScript sources in a child process without a build (instances, replica and PgBouncer
// tests start real API processes): each .ts file is transpiled on load with TypeScript's own
// transpileModule (the isolated-modules compilation ts-jest uses for the tests), and the workspace
// aliases (@huddle/*) resolve to the libraries' sources. Transpiled files are cached on disk by content
// hash, so the second and later processes of a test start quickly.
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../../../..');
const ALIASES = {
  '@huddle/scoring': path.join(root, 'libs/scoring/src/index.ts'),
  '@huddle/shared-types': path.join(root, 'libs/shared-types/src/index.ts'),
};
const CACHE_DIR = path.join(os.tmpdir(), 'huddle-ts-register-cache');
let ts;

function transpile(source, filename) {
  ts ??= require('typescript');
  return ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      isolatedModules: true,
      inlineSourceMap: true,
    },
  }).outputText;
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, ALIASES[request] ?? request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    output = transpile(source, filename);
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      const partial = `${cached}.${process.pid}`;
      fs.writeFileSync(partial, output);
      fs.renameSync(partial, cached);
    } catch {
      /* a cache is optional */
    }
  }
  module._compile(output, filename);
};
