// Every route × anonymous and every role (demo clinic Riverside), plus another clinic's ids (Northgate):
// 401 without a token, 403 for a role without the permission, 404 for another clinic's record.
import { gen, send } from '../lib/http.mjs';

export const name = 'authorization-matrix';

const FOREIGN = {
  patient: 'SELECT p.id FROM patient p JOIN clinic c ON c.id = p.clinic_id WHERE c.name = $1 LIMIT 1',
  episode: 'SELECT e.id FROM episode e JOIN clinic c ON c.id = e.clinic_id WHERE c.name = $1 LIMIT 1',
  contact: 'SELECT x.id FROM contact x JOIN clinic c ON c.id = x.clinic_id WHERE c.name = $1 LIMIT 1',
  assessment: 'SELECT x.id FROM assessment x JOIN clinic c ON c.id = x.clinic_id WHERE c.name = $1 LIMIT 1',
  staff_user: 'SELECT x.id FROM staff_user x JOIN clinic c ON c.id = x.clinic_id WHERE c.name = $1 LIMIT 1',
};

export async function run(ctx) {
  const doc = await (await fetch(`${ctx.baseUrl}/api/docs-json`)).json();
  const ops = gen.operations(doc).filter((op) => !op.path.startsWith('/api/docs'));
  const foreignIds = {};
  for (const [table, sql] of Object.entries(FOREIGN)) {
    const found = (await ctx.db.query(sql, ['Northgate Community Health'])).rows[0];
    if (found) foreignIds[table] = found.id;
  }
  const tokens = {};
  for (const [role, email] of Object.entries(ctx.demoAccounts)) tokens[role] = await ctx.signIn(email);
  const query = async (sql) => (await ctx.db.query(sql)).rows;
  const before = await gen.tableChecksums(query);
  await ctx.eventLoopWindow();
  const failures = [];
  let tried = 0;
  let fiveXx = 0;
  for (const op of ops) {
    for (const c of gen.matrixCases(op, foreignIds)) {
      const response = await send(ctx.baseUrl, c, op, c.role ? tokens[c.role] : null);
      tried++;
      if (response.status >= 500) fiveXx++;
      const problem = gen.judge(c, response);
      if (problem) failures.push(`${c.op} — ${c.label}: ${problem}`);
    }
  }
  // Requests with a nonexistent id and an empty body must not have written anything either.
  const loop = await ctx.eventLoopWindow();
  const changed = gen.changedTables(before, await gen.tableChecksums(query));
  for (const table of changed) failures.push(`table ${table} changed`);
  if (!(loop.p99Ms < 100)) failures.push(`event-loop delay p99 ${loop.p99Ms} ms (max ${loop.maxMs} ms)`);
  return {
    scenario: `${name} (${ops.length} routes × 6 callers)`,
    tried,
    fiveXx,
    rowsChanged: changed.length,
    writesLost: 0,
    recoverySeconds: null,
    eventLoopP99Ms: loop.p99Ms,
    failures,
  };
}
