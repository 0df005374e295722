// The cost of a write, by kind (issue #13 item 1, writes side): scores, contacts and consultant reviews —
// the three writes of the mixed traffic — each alone from `connections` HTTP connections for `duration`
// seconds, with what each one costs the server: CPU (API + PostgreSQL) per write, statements per write
// (`pg_stat_statements`, when the server loads it: top level = round trips, nested = run by functions
// and triggers), WAL flushes per write (`pg_stat_wal`), and how many writers on average wait for the
// audit chain lock (`pg_locks`, sampled) — the lock every write's audit row takes at COMMIT.
//
//   npm run bench -- --only write-kinds [--connections 50] [--duration 10]
// Rows written are deleted at the end (the reviews' resolved request flags stay resolved).
import os from 'node:os';
import { Pool } from 'undici';
import pg from 'pg';
import { createRequire } from 'node:module';
import { signInAll, withClient } from '../lib/environment.mjs';
import { treeCpuMs } from '../lib/cpu.mjs';
import { WARM_UP_SECONDS } from '../lib/measure.mjs';
import { openReviewSlots, PHQ9 } from './mixed-traffic.mjs';

const require = createRequire(import.meta.url);
const hdr = require('hdr-histogram-js');

const DAY = 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
/** The audit chain's advisory lock key (migration 1764000009000, `audit_append`). */
const CHAIN_LOCK_KEY = 7404211;

/** Care managers and consultants of the first clinics, with their open episodes and open review weeks. */
async function pickWriters(url, asOf, perRole) {
  return withClient(url, async (c) => {
    const staffOf = async (role) =>
      (
        await c.query(
          `SELECT s.id, s.email, s.role FROM staff_user s
           WHERE s.active AND s.password_hash IS NOT NULL AND s.role = $1
             AND s.clinic_id IN (SELECT id FROM clinic ORDER BY name LIMIT 10)
           ORDER BY s.email LIMIT $2`,
          [role, perRole],
        )
      ).rows;
    const staff = await staffOf('care_manager');
    const consultants = await staffOf('psychiatric_consultant');
    for (const u of staff) {
      u.patients = (
        await c.query(
          `SELECT e.patient_id FROM episode e WHERE e.care_manager_id = $1 AND e.status <> 'discharged' ORDER BY e.patient_id`,
          [u.id],
        )
      ).rows.map((r) => r.patient_id);
    }
    const weeks = Array.from({ length: 12 }, (_, k) => isoDay(Date.parse(`${asOf}T00:00:00Z`) - (k + 1) * 7 * DAY));
    const slots = await openReviewSlots(
      c,
      consultants.map((u) => u.id),
      weeks,
    );
    for (const u of consultants) u.slots = slots.get(u.id) ?? [];
    return { cms: staff.filter((u) => u.patients.length > 0), consultants };
  });
}

/** Statement calls so far (top level and nested), or null without pg_stat_statements. */
async function statementCalls(client) {
  try {
    const r = await client.query(
      `SELECT coalesce(sum(calls) FILTER (WHERE toplevel), 0)::float8 AS top,
              coalesce(sum(calls) FILTER (WHERE NOT toplevel), 0)::float8 AS nested
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return r.rows[0];
  } catch {
    return null;
  }
}

async function walCounters(client) {
  const r = await client.query('SELECT wal_records::float8, wal_sync::float8 FROM pg_stat_wal');
  return r.rows[0];
}

/** The top statements (by calls) of the measured window: what a write runs. */
async function topStatements(client, limit) {
  try {
    return (
      await client.query(
        `SELECT toplevel, calls::float8, round(total_exec_time::numeric, 1)::float8 AS ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         ORDER BY calls DESC LIMIT $1`,
        [limit],
      )
    ).rows;
  } catch {
    return [];
  }
}

async function resetStatements(client) {
  try {
    await client.query('SELECT pg_stat_statements_reset()');
  } catch {
    /* not loaded */
  }
}

/** Runs `act` from `connections` loops for `seconds`; samples the chain lock's waiters meanwhile. */
async function measureKind(ctx, admin, act, connections, seconds) {
  const histogram = hdr.build({
    useWebAssembly: false,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const run = async (duration, record) => {
    const deadline = performance.now() + duration * 1000;
    let count = 0;
    let errors = 0;
    let lastError = '';
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            await act();
          } catch (error) {
            errors++;
            lastError = String(error?.message ?? error).slice(0, 200);
          }
          if (record) histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
          count++;
        }
      }),
    );
    return { count, errors, lastError };
  };
  await run(WARM_UP_SECONDS, false);
  await resetStatements(admin);
  const calls0 = await statementCalls(admin);
  const wal0 = await walCounters(admin);
  const sampler = new pg.Client({ connectionString: ctx.url });
  await sampler.connect();
  let sampling = true;
  const waits = { samples: 0, chain: 0, other: 0 };
  const sampled = (async () => {
    while (sampling) {
      const r = await sampler.query(
        `SELECT count(*) FILTER (WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.classid = 0)::int AS chain,
                count(*) FILTER (WHERE NOT (l.locktype = 'advisory' AND l.objid = $1 AND l.classid = 0))::int AS other
         FROM pg_locks l WHERE NOT l.granted`,
        [CHAIN_LOCK_KEY],
      );
      waits.samples++;
      waits.chain += r.rows[0].chain;
      waits.other += r.rows[0].other;
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  const [apiPid, pgPid] = ctx.cpuPids();
  const cpu0 = treeCpuMs(ctx.cpuPids());
  const api0 = treeCpuMs([apiPid]);
  const pg0 = treeCpuMs([pgPid]);
  const t0 = performance.now();
  const result = await run(seconds, true);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu1 = treeCpuMs(ctx.cpuPids());
  const api1 = treeCpuMs([apiPid]);
  const pg1 = treeCpuMs([pgPid]);
  sampling = false;
  await sampled;
  await sampler.end();
  const calls1 = await statementCalls(admin);
  const wal1 = await walCounters(admin);
  const top = await topStatements(admin, 25);
  const n = Math.max(1, result.count);
  return {
    writes: result.count,
    errors: result.errors,
    lastError: result.lastError,
    rps: result.count / elapsed,
    p50: histogram.getValueAtPercentile(50) / 1000,
    p95: histogram.getValueAtPercentile(95) / 1000,
    p99: histogram.getValueAtPercentile(99) / 1000,
    cpuMsPerWrite: cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / n : null,
    apiCpuMsPerWrite: api0 !== null && api1 !== null ? (api1 - api0) / n : null,
    pgCpuMsPerWrite: pg0 !== null && pg1 !== null ? (pg1 - pg0) / n : null,
    cpuShare: cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / (elapsed * 1000 * os.cpus().length) : null,
    // Includes the sampler's and the counters' own statements (a few per second).
    topLevelPerWrite: calls0 && calls1 ? (calls1.top - calls0.top) / n : null,
    nestedPerWrite: calls0 && calls1 ? (calls1.nested - calls0.nested) / n : null,
    walRecordsPerWrite: (wal1.wal_records - wal0.wal_records) / n,
    walSyncsPerWrite: (wal1.wal_sync - wal0.wal_sync) / n,
    chainLockWaiters: waits.samples ? waits.chain / waits.samples : null,
    otherLockWaiters: waits.samples ? waits.other / waits.samples : null,
    top,
  };
}

export async function writeKindsScenario(ctx) {
  const connections = ctx.connections;
  const seconds = ctx.duration;
  const asOf = isoDay(Date.now());
  const yesterday = isoDay(Date.parse(`${asOf}T00:00:00Z`) - DAY);
  const { cms, consultants } = await pickWriters(ctx.url, asOf, 10);
  await signInAll(ctx.base, ctx.url, [...cms, ...consultants]);
  const pool = new Pool(ctx.base, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const created = { assessment: [], contact: [], consultant_review: [] };
  const post = async (u, path, body, table) => {
    const res = await pool.request({
      method: 'POST',
      path,
      headers: { authorization: u.authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode !== 201 && res.statusCode !== 200)
      throw new Error(`POST ${res.statusCode} ${text.slice(0, 200)}`);
    created[table].push(JSON.parse(text).id);
  };
  let i = 0;
  const cmPatient = () => {
    const u = cms[i % cms.length];
    const patientId = u.patients[Math.floor(i / cms.length) % u.patients.length];
    i++;
    return { u, patientId };
  };
  const kinds = {
    score: () => {
      const { u, patientId } = cmPatient();
      return post(
        u,
        `/api/patients/${patientId}/assessments`,
        { instrument: 'PHQ9', administeredOn: yesterday, source: 'phone', answers: PHQ9 },
        'assessment',
      );
    },
    contact: () => {
      const { u, patientId } = cmPatient();
      return post(
        u,
        `/api/patients/${patientId}/contacts`,
        {
          type: 'follow_up',
          modality: 'phone',
          startedAt: new Date(Date.now() - 3_600_000).toISOString(),
          minutes: 15,
        },
        'contact',
      );
    },
    review: () => {
      const u = consultants[i++ % consultants.length];
      const slot = u.slots.shift();
      if (!slot) throw new Error('no open review week left');
      return post(
        u,
        `/api/review/episodes/${slot.episodeId}/reviews`,
        { weekOf: slot.weekOf, summary: 'Reviewed in the weekly caseload review.', recommendations: [] },
        'consultant_review',
      );
    },
  };
  const admin = new pg.Client({ connectionString: ctx.url });
  await admin.connect();
  // Statement counts when the server was started with pg_stat_statements preloaded (e.g. in the data
  // folder's postgresql.auto.conf: shared_preload_libraries = 'pg_stat_statements', pg_stat_statements.track = 'all').
  const preload = (await admin.query(`SELECT current_setting('shared_preload_libraries') AS libs`)).rows[0].libs;
  if (preload.includes('pg_stat_statements')) await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const rows = [];
  try {
    for (const [kind, act] of Object.entries(kinds)) {
      console.log(`Write kinds: ${kind}…`);
      const m = await measureKind(ctx, admin, act, connections, seconds);
      const fmt = (x, d = 1) => (x === null || x === undefined ? 'n/a' : Number(x).toFixed(d));
      rows.push({
        name: `Write: ${kind} (${connections} connections, no think time)`,
        api: { rps: m.rps, p50: m.p50, p95: m.p95, p99: m.p99, errors: m.errors, cpuMsPerRequest: m.cpuMsPerWrite },
        writeCost: m,
        target: 'p95 < 150 ms at 1 s think time (mixed); here: cost per write',
        met: m.errors === 0,
        note:
          `${fmt(m.rps)} writes/s, p50 ${fmt(m.p50)} ms, p95 ${fmt(m.p95)} ms; server CPU ${fmt(m.cpuMsPerWrite, 2)} ms per write ` +
          `(API ${fmt(m.apiCpuMsPerWrite, 2)}, PostgreSQL ${fmt(m.pgCpuMsPerWrite, 2)}) ` +
          `(${Math.round((m.cpuShare ?? 0) * 100)}% of ${os.cpus().length} cores); statements per write ${fmt(m.topLevelPerWrite)} top level + ` +
          `${fmt(m.nestedPerWrite)} nested; WAL ${fmt(m.walRecordsPerWrite)} records and ${fmt(m.walSyncsPerWrite, 2)} flushes per write; ` +
          `writers waiting for the audit chain lock ${fmt(m.chainLockWaiters)} on average (other locks ${fmt(m.otherLockWaiters)}); ` +
          `errors ${m.errors}${m.errors ? ` (${m.lastError})` : ''}`,
      });
      console.log(rows.at(-1).note);
      for (const s of m.top)
        console.log(
          `  ${s.toplevel ? 'top ' : 'nest'} ${String(s.calls).padStart(7)} ${String(s.ms).padStart(9)} ms  ${s.query}`,
        );
    }
  } finally {
    await pool.close();
    await admin.query('DELETE FROM assessment WHERE id = ANY($1::uuid[])', [created.assessment]);
    await admin.query('DELETE FROM contact WHERE id = ANY($1::uuid[])', [created.contact]);
    // A review that resolved a care manager's request flag stays (the flag names it).
    await admin.query(
      `DELETE FROM consultant_review r WHERE r.id = ANY($1::uuid[])
         AND NOT EXISTS (SELECT 1 FROM manual_flag m WHERE m.resolved_by_review_id = r.id)`,
      [created.consultant_review],
    );
    await admin.end();
  }
  return rows;
}
