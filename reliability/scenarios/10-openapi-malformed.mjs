// Every route of the live OpenAPI document × ≥ 15 malformed variants + fast-check bodies (issue #14):
// no 5xx, a JSON 4xx naming the field, no table changed, and the API's event loop never stalled: p99 of
// its delay (perf_hooks.monitorEventLoopDelay, read from the API) < 100 ms over the whole scenario.
import { gen, probeLiveness, send } from '../lib/http.mjs';

export const name = 'openapi-malformed';

export async function run(ctx) {
  const doc = await (await fetch(`${ctx.baseUrl}/api/docs-json`)).json();
  const ops = gen.operations(doc).filter((op) => !op.skipped && !op.path.startsWith('/api/docs'));
  const tokens = {};
  for (const [role, email] of Object.entries(ctx.demoAccounts)) tokens[role] = await ctx.signIn(email);
  const query = async (sql) => (await ctx.db.query(sql)).rows;
  const before = await gen.tableChecksums(query);
  await ctx.eventLoopWindow(); // a new window starts here
  const probe = probeLiveness(ctx.baseUrl);
  const failures = [];
  let tried = 0;
  let fiveXx = 0;
  let fewest = Infinity;
  const slowest = [];
  for (const op of ops) {
    const malformed = gen.malformedCases(op, doc);
    fewest = Math.min(fewest, malformed.length);
    for (const c of [...malformed, ...gen.fuzzCases(op, { runs: 5, seed: 14 })]) {
      const role = op.roles[0];
      const t0 = performance.now();
      const response = await send(ctx.baseUrl, c, op, role ? tokens[role] : null);
      slowest.push({ ms: performance.now() - t0, what: `${c.op} — ${c.label}` });
      slowest.sort((x, y) => y.ms - x.ms).splice(5);
      tried++;
      if (response.status >= 500) fiveXx++;
      const problem = gen.judge(c, response);
      if (problem) failures.push(`${c.op} — ${c.label}: ${problem}`);
    }
  }
  const liveMaxMs = await probe.stop();
  const loop = await ctx.eventLoopWindow();
  const changed = gen.changedTables(before, await gen.tableChecksums(query));
  if (fewest < 15) failures.push(`a route got only ${fewest} malformed variants`);
  if (!(loop.p99Ms < 100)) {
    failures.push(
      `event-loop delay p99 ${loop.p99Ms} ms (max ${loop.maxMs} ms); slowest requests: ${slowest.map((s) => `${s.what} ${s.ms.toFixed(0)} ms`).join('; ')}`,
    );
  }
  for (const table of changed) failures.push(`table ${table} changed`);
  return {
    scenario: `${name} (${ops.length} routes)`,
    tried,
    fiveXx,
    rowsChanged: changed.length,
    writesLost: 0,
    recoverySeconds: null,
    eventLoopP99Ms: loop.p99Ms,
    eventLoopMaxMs: loop.maxMs,
    liveProbeMaxMs: liveMaxMs,
    failures,
  };
}
