#!/usr/bin/env node
// Issue #13 item 2: where a cache-off caseload / agenda request spends its time, in-process and one at a
// time (no load): wall time of the service call, wall time of each data statement (round trip, including
// pg's row parsing), Node CPU and PostgreSQL backend CPU (the backends' /proc stat) per call, and with
// --profile-dir a V8 CPU profile of the measured calls only.
//
//   BENCH_PG_PORT=… node bench/profile-reads.mjs [--calls 40] [--only caseload,agenda] [--profile-dir DIR]
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { actorOf, apiModule, databaseUrl, startDatabase, withClient } from './lib/environment.mjs';
import { appContext } from './lib/capture.mjs';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '40' }, only: { type: 'string' }, 'profile-dir': { type: 'string' } },
});
const calls = Number(values.calls);
// As the bench's HTTP client (and a browser) asks: large read responses gzipped.
const GZIP = true;
const only = values.only ? new Set(values.only.split(',')) : null;

/** CPU ms (user + system) of the PostgreSQL backends serving the app's pool, from /proc. */
function backendCpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return ticks * 10;
}

const server = await startDatabase();
const url = databaseUrl(server.url, 'huddle_bench');
const app = await appContext(url);
const statements = new Map();
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, vals, callback) {
  const text = typeof config === 'string' ? config : config?.text;
  if (typeof text !== 'string') return original.call(this, config, vals, callback);
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
  const started = performance.now();
  const done = () => {
    const s = statements.get(key) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += performance.now() - started;
    statements.set(key, s);
  };
  // pg.Pool passes a callback (as the second or third argument); a bare client call returns a promise.
  const cb = typeof vals === 'function' ? vals : callback;
  if (cb) {
    const wrapped = (...args) => {
      done();
      return cb(...args);
    };
    return typeof vals === 'function'
      ? original.call(this, config, wrapped)
      : original.call(this, config, vals, wrapped);
  }
  const result = original.call(this, config, vals, callback);
  if (result && typeof result.then === 'function') result.then(done, () => undefined);
  return result;
};
try {
  const cm = await actorOf(url, 'cm2@clinic1.synthetic.test');
  const consultant = await actorOf(url, 'psych1@clinic1.synthetic.test');
  const { CaseloadService } = apiModule('app/caseload/caseload.service.js');
  const { ReviewAgendaService } = apiModule('app/review/review-agenda.service.js');
  const targets = [
    [
      'caseload',
      () =>
        app
          .get(CaseloadService)
          .listPrepared(cm, { pageSize: 25 })
          .then((p) => p.body(GZIP)),
    ],
    [
      'agenda',
      () =>
        app
          .get(ReviewAgendaService)
          .agendaPrepared(consultant, { limit: 50 })
          .then((p) => p.body(GZIP)),
    ],
  ];
  const backends = await withClient(url, async (c) =>
    (
      await c.query(`SELECT pid FROM pg_stat_activity WHERE datname = 'huddle_bench' AND pid <> pg_backend_pid()`)
    ).rows.map((r) => r.pid),
  );
  for (const [name, call] of targets) {
    if (only && !only.has(name)) continue;
    for (let i = 0; i < 5; i++) await call(); // warm-up: prepared statements, JIT of the hot code
    const sizes = await (
      name === 'caseload'
        ? app.get(CaseloadService).listPrepared(cm, { pageSize: 25 })
        : app.get(ReviewAgendaService).agendaPrepared(consultant, { limit: 50 })
    ).then(
      (p) =>
        `${(p.body(false).length / 1024).toFixed(0)} kB JSON, ${(p.body(true).length / 1024).toFixed(0)} kB gzipped`,
    );
    statements.clear();
    // The service calls alone in the CPU profile (not start-up): <profile-dir>/<name>.cpuprofile.
    const session = values['profile-dir'] ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    const pg0 = backendCpuMs(backends);
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await call();
    const wall = (performance.now() - t0) / calls;
    const cpu = process.cpuUsage(cpu0);
    const pgCpu = (backendCpuMs(backends) - pg0) / calls;
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(`${values['profile-dir']}/${name}.cpuprofile`, JSON.stringify(profile));
      session.disconnect();
    }
    console.log(
      `${name}: wall ${wall.toFixed(2)} ms/call; Node CPU ${((cpu.user + cpu.system) / 1000 / calls).toFixed(2)} ms/call; ` +
        `PostgreSQL backend CPU ${pgCpu.toFixed(2)} ms/call (10 ms ticks, ${calls} calls); ${sizes}; load ${os.loadavg()[0].toFixed(1)}`,
    );
    for (const [text, s] of statements) {
      console.log(`  ${(s.n / calls).toFixed(1)}×/call  ${(s.ms / s.n).toFixed(2)} ms round trip  ${text}`);
    }
  }
} finally {
  pg.Client.prototype.query = original;
  await app.close();
  await server.stop();
}
