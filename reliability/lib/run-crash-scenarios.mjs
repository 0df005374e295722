#!/usr/bin/env node
// Runs the crash and backup scenarios on their own (until the runner, reliability/run.mjs, includes
// them): node reliability/lib/run-crash-scenarios.mjs [crash-api crash-postgres backup-restore]
// Needs the built API (npx nx build api). Prints the figures table.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const names = process.argv.slice(2).length ? process.argv.slice(2) : ['crash-api', 'crash-postgres', 'backup-restore'];
const rows = [];
for (const name of names) {
  const scenario = await import(path.join(here, '../scenarios', `${name}.mjs`));
  const started = Date.now();
  rows.push(...(await scenario.run({})));
  console.error(`${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
console.log('| Scenario | Tried | 5xx | Rows changed | Writes lost | Recovery s |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.scenario} | ${r.tried} | ${r.fiveXx} | ${r.rowsChanged} | ${r.writesLost} | ${Number(r.recoverySeconds).toFixed(2)} |`,
  );
}
// Crash rows must recover within 10 s; a restore's seconds are reported only.
const failed = rows.some(
  (r) => r.fiveXx > 0 || r.writesLost > 0 || (r.scenario.startsWith('kill') && !(r.recoverySeconds < 10)),
);
process.exit(failed ? 1 : 0);
