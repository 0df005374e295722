#!/usr/bin/env node
// Issue #13 item 1: the mixed traffic's 1 s think-time phase, longer than the bench's 20 s, on an API started
// for it: a 20 s capacity phase first (as `npm run bench -- --only mixed` runs it: caches, JIT and pools
// warm), then <seconds> at 1 s think time. Prints the capacity, the think-time figures (reads and writes
// p95, each action's p50 / p95, cache hit rate, server CPU per action), the reads over the 100 ms target per
// 5 s, and per 5 s what PostgreSQL was doing (sampled every 250 ms from pg_stat_activity: active and
// `idle in transaction` connections, outcome aggregates running, parallel and autovacuum workers, WAL MB).
//
//   BENCH_PG_PORT=… node bench/think-time-long.mjs [--seconds 120] [KEY=VALUE …]   (API settings, e.g. WEB_CONCURRENCY=2)
//
// After `npm run bench` loaded the population; uses the built API (dist/). Sessions 16 and 17 compared builds
// with it, alternating them on one machine (bench/results/mixed-traffic.md).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { databaseUrl, startApi, startDatabase } from './lib/environment.mjs';
import { runMixedTraffic } from './scenarios/mixed-traffic.mjs';

const { values, positionals } = parseArgs({
  options: { seconds: { type: 'string', default: '120' } },
  allowPositionals: true,
});
const seconds = Number(values.seconds);
const env = Object.fromEntries(positionals.map((kv) => kv.split('=')));
const SAMPLE_MS = 250;
const SLOT_MS = 5_000;
/** The outcome aggregates' statements, recognised by what only they contain (outcomes.repository.ts). */
const OUTCOME_SQL = `(query ILIKE '%judged%' OR query ILIKE '%open_ep%' OR query ILIKE '%unnest(e.diagnoses)%')`;

const server = await startDatabase();
const url = databaseUrl(server.url, 'huddle_bench');
const api = await startApi(url, env);
const client = new pg.Client({ connectionString: url });
try {
  const common = { base: api.base, url, users: 200, connections: 200, cpuPids: () => [api.pid, server.pid?.()] };
  const capacity = await runMixedTraffic({ ...common, durationSeconds: 20, thinkMs: 0 });
  console.log(
    `capacity: ${capacity.actionsPerSecond.toFixed(0)} actions/s, ${capacity.cpuMsPerAction?.toFixed(2)} ms server CPU per action, errors ${capacity.errors}`,
  );

  await client.connect();
  const samples = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await client.query(
        `SELECT count(*) FILTER (WHERE state = 'active') AS active,
                count(*) FILTER (WHERE state = 'idle in transaction') AS idle_in_transaction,
                count(*) FILTER (WHERE state = 'active' AND ${OUTCOME_SQL}) AS outcomes,
                count(*) FILTER (WHERE state = 'active' AND backend_type = 'parallel worker') AS parallel,
                count(*) FILTER (WHERE backend_type = 'autovacuum worker') AS autovacuum,
                pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS wal
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      samples.push({ at: Date.now(), ...rows[0] });
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  const r = await runMixedTraffic({ ...common, durationSeconds: seconds, thinkMs: 1000 });
  sampling = false;
  await sampler;

  console.log(
    `1 s think time from ${r.startedAt}: ${r.actionsPerSecond.toFixed(0)} actions/s; reads p95 ${r.readsP95Ms.toFixed(0)} ms, ` +
      `writes p95 ${r.writesP95Ms.toFixed(0)} ms, errors ${r.errors}; cache hit rate ${(r.cacheHitRate * 100).toFixed(0)} %; ` +
      `${r.cpuMsPerAction?.toFixed(2)} ms server CPU per action`,
  );
  const actions = Object.entries(r.byAction).map(
    ([name, a]) => `${name} ${a.p50Ms.toFixed(1)} / ${a.p95Ms.toFixed(0)}`,
  );
  console.log(`p50 / p95 ms: ${actions.join(', ')}`);

  const from = Date.parse(r.startedAt);
  const slots = [];
  for (const s of samples) {
    const i = Math.floor((s.at - from) / SLOT_MS);
    if (i < 0) continue;
    const slot = (slots[i] ??= {
      n: 0,
      active: 0,
      idle: 0,
      outcomes: 0,
      parallel: 0,
      autovacuum: 0,
      wal: [+s.wal, +s.wal],
    });
    slot.n++;
    slot.active += +s.active;
    slot.idle += +s.idle_in_transaction;
    slot.outcomes += +s.outcomes;
    slot.parallel += +s.parallel;
    slot.autovacuum += +s.autovacuum;
    slot.wal[1] = +s.wal;
  }
  const row = (label, values) => console.log(`${label.padEnd(22)} ${values.join(' ')}`);
  const mean = (key) => slots.map((o) => (o ? (o[key] / o.n).toFixed(1) : '-'));
  row('reads > 100 ms', r.slowReadsPer5s);
  row('active', mean('active'));
  row('idle in transaction', mean('idle'));
  row('outcome aggregates', mean('outcomes'));
  row('parallel workers', mean('parallel'));
  row('autovacuum workers', mean('autovacuum'));
  row(
    'WAL MB',
    slots.map((o) => (o ? ((o.wal[1] - o.wal[0]) / 1e6).toFixed(0) : '-')),
  );
} finally {
  await client.end().catch(() => undefined);
  await api.stop();
  await server.stop();
}
