// Issue #13 item 5: throughput of a simple read mix with 1, 2 and 4 API processes sharing one port
// (WEB_CONCURRENCY: Node cluster workers) on one PostgreSQL. Each count is a fresh API; the mix rotates
// through two care managers' caseload pages, a consultant's agenda and /api/auth/me (the cheapest
// authenticated request), every request with its user's token.
import { login, startApi } from '../lib/environment.mjs';
import { measureHttp } from '../lib/measure.mjs';

const COUNTS = [1, 2, 4];
const MIX = [
  { email: 'cm2@clinic1.synthetic.test', path: '/api/caseload?pageSize=25' },
  { email: 'cm1@clinic2.synthetic.test', path: '/api/caseload?pageSize=25' },
  { email: 'psych1@clinic1.synthetic.test', path: '/api/review/agenda?limit=50' },
  { email: 'cm3@clinic1.synthetic.test', path: '/api/auth/me' },
];

/** Signs in, retrying while the cluster's workers are still starting (the first one answers readiness). */
async function loginWhenUp(base, email) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await login(base, email, 'huddle-demo');
    } catch (error) {
      if (attempt >= 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export async function instancesScenario(ctx, counts = COUNTS) {
  const rows = [];
  let single;
  for (const n of counts) {
    console.log(`instances: ${n} API process(es)…`);
    const api = await startApi(ctx.url, { WEB_CONCURRENCY: String(n) });
    try {
      const requests = [];
      for (const item of MIX) {
        const { authorization } = await loginWhenUp(api.base, item.email);
        requests.push({ method: 'GET', path: item.path, headers: { authorization } });
      }
      const stats = await measureHttp({
        url: api.base,
        requests,
        connections: ctx.connections,
        duration: ctx.duration,
      });
      single ??= stats.rps;
      console.log(`instances: ${n} → ${Math.round(stats.rps)} req/s, p95 ${stats.p95} ms, errors ${stats.errors}`);
      rows.push({
        name: `5. Read mix with ${n} API process${n > 1 ? 'es' : ''} (WEB_CONCURRENCY=${n})`,
        api: stats,
        target: 'reported per instance count',
        note:
          `${Math.round(stats.rps)} req/s (${(stats.rps / single).toFixed(2)}× one process), p95 ${stats.p95} ms, ` +
          `errors ${stats.errors}; caseload ×2, agenda, /api/auth/me in rotation. The machine's cores bound the gain.`,
      });
    } finally {
      await api.stop();
    }
  }
  return rows;
}
