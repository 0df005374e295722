// Cache off (issue #13 item 2): the caseload and agenda with READ_CACHE_ENABLED=false, so every request
// computes its page from PostgreSQL — next to the same SQL replayed directly. Target p95 < 50 ms at 50
// connections.
import { startApi } from '../lib/environment.mjs';
import { caseloadScenario, agendaScenario } from './caseload-agenda.mjs';

export async function cacheOffScenario(ctx) {
  const api = await startApi(ctx.url, { READ_CACHE_ENABLED: 'false' });
  try {
    // Server CPU of this API process (not the cached one) and PostgreSQL.
    const offCtx = { ...ctx, base: api.base, cpuPids: () => [api.pid, ...(ctx.cpuPids?.() ?? []).slice(1)] };
    const rows = [await caseloadScenario(offCtx), await agendaScenario(offCtx)];
    return rows.map((row) => ({
      ...row,
      name: `${row.name} — cache off`,
      target: 'p95 < 50 ms (READ_CACHE_ENABLED=false)',
      met: row.api.p95 < 50 && row.api.errors === 0,
    }));
  } finally {
    await api.stop();
  }
}
