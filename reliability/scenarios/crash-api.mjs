// kill -9 of the API × 10 under 20 concurrent writers (issue #14). Each time the API restarts on the
// same data folder (the orphaned PostgreSQL it left is found and stopped); afterwards every
// acknowledged id must be in the database. recoverySeconds: the slowest kill → first acknowledged write.
import {
  cleanup,
  countPresent,
  ownerUrl,
  ports,
  signIn,
  sleep,
  startApi,
  startWriters,
  workspace,
} from '../lib/crash-harness.mjs';

export const name = 'crash-api';

export async function run(ctx = {}) {
  const kills = Number(ctx.apiKills ?? process.env.RELIABILITY_API_KILLS ?? 10);
  const ws = workspace('huddle-crash-api-');
  const where = ports(ctx, 0);
  let api;
  const recoveries = [];
  let state;
  let present;
  try {
    api = await startApi(ws, where);
    const auth = await signIn(api.base);
    const target = { base: api.base };
    const writers = startWriters(target, auth, 20, 'KAPI');
    try {
      for (let i = 0; i < kills; i++) {
        await sleep(1500);
        const killedAt = Date.now();
        await api.kill9();
        api = await startApi(ws, where);
        target.base = api.base;
        const recovered = await writers.recoveredAfter(killedAt);
        recoveries.push(recovered === null ? Infinity : (recovered - killedAt) / 1000);
        console.log(
          `    kill ${i + 1}/${kills}: API ready after ${api.readySeconds.toFixed(1)} s, writes again after ${recoveries.at(-1).toFixed(1)} s`,
        );
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
      scenario: `kill -9 API × ${kills} (20 writers)`,
      tried: state.tried,
      fiveXx: state.fiveXx,
      rowsChanged: state.acknowledged.length,
      writesLost: state.acknowledged.length - present,
      recoverySeconds: Math.max(...recoveries),
      writes: true,
      recoveries,
      failures: recoveries.some((r) => !Number.isFinite(r)) ? ['a restart never acknowledged a write'] : [],
    },
  ];
}
