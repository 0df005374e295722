// Last: the API's log of the whole run holds no seeded name, MRN or birth date, and no query string.
import { readFileSync } from 'node:fs';

export const name = 'logs-phi';

export async function run(ctx) {
  const log = readFileSync(ctx.logFile, 'utf8');
  const people = (await ctx.db.query(`SELECT given_name, family_name, mrn, birth_date::text AS birth FROM patient`))
    .rows;
  const secrets = new Set(
    people.flatMap((p) => [p.given_name, p.family_name, p.mrn, p.birth]).filter((s) => s && s.length >= 3),
  );
  const failures = [];
  for (const secret of secrets) {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^A-Za-z0-9])${escaped}($|[^A-Za-z0-9])`).test(log))
      failures.push(`log holds "${secret.slice(0, 2)}…"`);
  }
  if (/"url":"[^"]*\?/.test(log)) failures.push('log holds a query string');
  return {
    scenario: `${name} (${log.split('\n').length} log lines × ${secrets.size} names/MRNs/birth dates)`,
    tried: secrets.size,
    fiveXx: 0,
    rowsChanged: 0,
    writesLost: 0,
    recoverySeconds: null,
    failures,
  };
}
