// kill -9 of PostgreSQL × 3 under 20 concurrent writers (issue #14). The API answers 503 JSON while it
// is down (never another 5xx), its supervisor restarts the server, and every acknowledged id is in the
// database afterwards. recoverySeconds: the slowest kill → first acknowledged write sent after it.
import {
  cleanup,
  countPresent,
  ownerUrl,
  ports,
  postmasterPid,
  signIn,
  sleep,
  startApi,
  startWriters,
  workspace,
} from '../lib/crash-harness.mjs';

export const name = 'crash-postgres';

export async function run(ctx = {}) {
  const kills = Number(ctx.pgKills ?? process.env.RELIABILITY_PG_KILLS ?? 3);
  const ws = workspace('huddle-crash-pg-');
  const where = ports(ctx, 10);
  let api;
  const recoveries = [];
  let state;
  let present;
  let readyFailed = 0;
  let liveOk = 0;
  try {
    api = await startApi(ws, where);
    const auth = await signIn(api.base);
    const writers = startWriters({ base: api.base }, auth, 20, 'KPG');
    try {
      for (let i = 0; i < kills; i++) {
        await sleep(2000);
        const pid = postmasterPid(ws.dataDir);
        const killedAt = Date.now();
        process.kill(pid, 'SIGKILL');
        const probe = (path) =>
          fetch(`${api.base}${path}`)
            .then((r) => r.status)
            .catch(() => fetch(`${api.base}${path}`).then((r) => r.status));
        const [ready, live] = await Promise.all([probe('/api/health/ready'), probe('/api/health/live')]).catch(
          (error) => {
            throw new Error(`health probe failed (${error.message}); API stderr:\n${api.stderr()}`);
          },
        );
        if (ready === 503) readyFailed++;
        if (live === 200) liveOk++;
        const recovered = await writers.recoveredAfter(killedAt);
        recoveries.push(recovered === null ? Infinity : (recovered - killedAt) / 1000);
        console.log(`    kill ${i + 1}/${kills}: writes again after ${recoveries.at(-1).toFixed(1)} s`);
      }
      await sleep(1000);
    } finally {
      state = await writers.stop();
    }
    present = await countPresent(ownerUrl(where.pgPort), state.acknowledged);
  } finally {
    await cleanup(ws, api);
  }
  return [
    {
      scenario: `kill -9 PostgreSQL × ${kills} (20 writers; ${state.unavailable} × 503 JSON while down, readiness failed ${readyFailed}/${kills}, liveness 200 ${liveOk}/${kills})`,
      tried: state.tried,
      fiveXx: state.fiveXx,
      rowsChanged: state.acknowledged.length,
      writesLost: state.acknowledged.length - present,
      recoverySeconds: Math.max(...recoveries),
      writes: true,
      recoveries,
      // Issue #14: the API answers 503 while PostgreSQL is down and is writing again within 10 s.
      failures: [
        ...recoveries.filter((r) => !(r < 10)).map((r) => `recovery took ${r} s (≥ 10 s)`),
        ...(readyFailed < kills ? [`readiness stayed up after ${kills - readyFailed} kill(s)`] : []),
      ],
    },
  ];
}
