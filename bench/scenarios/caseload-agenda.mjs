// 1. Caseload of one care manager and 2. a consultant's weekly agenda: API under load next to the
// same SQL replayed directly.
import { apiModule, login, withClient } from '../lib/environment.mjs';
import { appContext, captureQueries, replayer } from '../lib/capture.mjs';
import { measureHttp, measureLoop } from '../lib/measure.mjs';

async function staffByEmail(url, email) {
  return withClient(
    url,
    async (c) =>
      (await c.query('SELECT id, clinic_id, role, display_name FROM staff_user WHERE email = $1', [email])).rows[0],
  );
}

async function measureEndpoint(ctx, { name, email, path, call, target }) {
  const staff = await staffByEmail(ctx.url, email);
  if (!staff) throw new Error(`bench user ${email} not found`);
  const actor = {
    id: staff.id,
    clinicId: staff.clinic_id,
    role: staff.role,
    displayName: staff.display_name,
    sessionId: 'bench',
    ip: null,
  };
  const app = await appContext(ctx.url);
  let queries;
  try {
    await call(app, actor); // warm-up
    queries = await captureQueries(() => call(app, actor));
  } finally {
    await app.close();
  }
  const { authorization } = await login(ctx.base, email, 'huddle-demo');
  console.log(`${name}: API…`);
  const apiStats = await measureHttp({
    url: `${ctx.base}${path}`,
    headers: { authorization },
    connections: ctx.connections,
    duration: ctx.duration,
    cpuPids: ctx.cpuPids,
  });
  console.log(`${name}: direct SQL (${queries.length} statements)…`);
  const sql = replayer(ctx.url, queries, ctx.connections);
  let sqlStats;
  try {
    sqlStats = await measureLoop(sql.run, { connections: ctx.connections, duration: ctx.duration });
  } finally {
    await sql.close();
  }
  const ratio = apiStats.p95 / Math.max(sqlStats.p95, 0.001);
  return {
    name,
    api: apiStats,
    sql: sqlStats,
    ratio,
    target,
    met: apiStats.p95 < 50 && apiStats.errors === 0 && ratio <= 2,
    note:
      `${queries.length} data statements per request; API errors ${apiStats.errors}` +
      (apiStats.cpuMsPerRequest === null
        ? '.'
        : `; server CPU (API + PostgreSQL) ${apiStats.cpuMsPerRequest.toFixed(1)} ms per request.`),
  };
}

export async function caseloadScenario(ctx) {
  const { CaseloadService } = apiModule('app/caseload/caseload.service.js');
  const email = 'cm2@clinic1.synthetic.test';
  return measureEndpoint(ctx, {
    name: '1. Caseload page (25 rows, priority sort) — one care manager',
    email,
    path: '/api/caseload?pageSize=25',
    call: async (app, actor) => (await app.get(CaseloadService).listPrepared(actor, { pageSize: 25 })).value,
    target: 'p95 < 50 ms, ≤ 2× SQL',
  });
}

export async function agendaScenario(ctx) {
  const { ReviewAgendaService } = apiModule('app/review/review-agenda.service.js');
  return measureEndpoint(ctx, {
    // What the review page asks for: the first page of the agenda (AGENDA_PAGE_SIZE in the dashboard's
    // agenda-lines.ts), every line ranked, 50 sent (issue #13; the whole agenda was ~450–600 lines).
    name: '2. Weekly review agenda — one consultant (~600 patients, first page of 50)',
    email: 'psych1@clinic1.synthetic.test',
    path: '/api/review/agenda?limit=50',
    call: (app, actor) => app.get(ReviewAgendaService).agenda(actor, { limit: 50 }),
    target: 'p95 < 50 ms, ≤ 2× SQL',
  });
}
