// Mixed traffic (issue #13 item 1): signed-in users of every role of up to 20 clinics, each doing what
// their screens do — caseload 40 %, patient page 30 %, agenda 10 %, outcomes 5 %, writes 15 % (scores,
// contacts, reviews) — spread over the clinics. Sign-in is done before the measured mix.
//
// Exported for the reliability suite: `runMixedTraffic({ base, url, users, connections, durationSeconds,
// thinkMs })` → `{ actions, errors, readsP95Ms, writesP95Ms, actionsPerSecond, cacheHitRate, … }`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { Pool } from 'undici';
import { signInAll, startApi, withClient } from '../lib/environment.mjs';
import { treeCpuMs } from '../lib/cpu.mjs';
import os from 'node:os';

const require = createRequire(import.meta.url);
const hdr = require('hdr-histogram-js');

/** The action mix of the issue (weights in %). */
export const MIX = [
  ['caseload', 40],
  ['patientPage', 30],
  ['agenda', 10],
  ['outcomes', 5],
  ['write', 15],
];
/** Share of each role among the signed-in users (≈ 150 care managers, 20 consultants, 15 PCPs, 15 leaders of 200). */
const ROLE_SHARE = {
  care_manager: 0.72,
  psychiatric_consultant: 0.1,
  pcp: 0.08,
  leadership: 0.06,
  admin: 0.04,
};
const MAX_CLINICS = 20;
const DAY = 86_400_000;
/** The think-time targets (issue #13 item 1): reads p95 < 100 ms, writes p95 < 150 ms. */
const READ_TARGET_MS = 100;
const WRITE_TARGET_MS = 150;

const histogram = () =>
  hdr.build({
    useWebAssembly: false,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** The action being run (its name), so that a response's Server-Timing is counted for it. */
const currentAction = new AsyncLocalStorage();

/** Parses `Server-Timing` (apps/api/src/app/common/server-timing.ts): `name;dur=x` and `name;desc=n`. */
export function parseServerTiming(value) {
  const out = {};
  if (typeof value !== 'string') return out;
  for (const part of value.split(',')) {
    const [name, ...params] = part.trim().split(';');
    for (const param of params) {
      const [key, raw] = param.split('=');
      if (key === 'dur' || key === 'desc') out[name] = Number(String(raw).replace(/"/g, ''));
    }
  }
  return out;
}

/** Users of every role from up to 20 clinics, with the patients and episodes their screens open. */
async function pickUsers(url, total) {
  return withClient(url, async (c) => {
    const staff = (
      await c.query(
        `SELECT s.id, s.email, s.role, s.clinic_id, row_number() OVER (PARTITION BY s.clinic_id, s.role ORDER BY s.email) AS n
         FROM staff_user s JOIN clinic cl ON cl.id = s.clinic_id
         WHERE s.active AND s.password_hash IS NOT NULL AND s.role = ANY($1::text[])
           AND cl.id IN (SELECT id FROM clinic ORDER BY name LIMIT $2)
         ORDER BY s.clinic_id, s.role, n`,
        // About ten users per clinic: 200 users span 20 clinics, a small run a few.
        [Object.keys(ROLE_SHARE), Math.min(MAX_CLINICS, Math.max(1, Math.ceil(total / 10)))],
      )
    ).rows;
    const clinics = [...new Set(staff.map((s) => s.clinic_id))];
    const chosen = [];
    for (const [role, share] of Object.entries(ROLE_SHARE)) {
      const want = Math.max(clinics.length, Math.round(total * share));
      const byClinic = clinics.map((id) => staff.filter((s) => s.clinic_id === id && s.role === role));
      // Round-robin over the clinics, the k-th staff member of the role in each.
      for (let k = 0, taken = 0; taken < want && k < 1000; k++) {
        let any = false;
        for (const list of byClinic) {
          if (taken >= want) break;
          if (list[k]) {
            chosen.push(list[k]);
            taken++;
            any = true;
          }
        }
        if (!any) break;
      }
    }
    const ids = (role) => chosen.filter((u) => u.role === role).map((u) => u.id);
    const open = `e.status <> 'discharged'`;
    const rowsBy = async (sql, params) => {
      const map = new Map();
      for (const r of (await c.query(sql, params)).rows) {
        if (!map.has(r.owner)) map.set(r.owner, []);
        map.get(r.owner).push({ patientId: r.patient_id, episodeId: r.episode_id });
      }
      return map;
    };
    const byCm = await rowsBy(
      `SELECT e.care_manager_id AS owner, e.patient_id, e.id AS episode_id FROM episode e
       WHERE e.care_manager_id = ANY($1::uuid[]) AND ${open} ORDER BY e.patient_id`,
      [ids('care_manager')],
    );
    const byConsultant = await rowsBy(
      `SELECT e.consultant_id AS owner, e.patient_id, e.id AS episode_id FROM episode e
       WHERE e.consultant_id = ANY($1::uuid[]) AND ${open} ORDER BY e.patient_id`,
      [ids('psychiatric_consultant')],
    );
    const byPcp = await rowsBy(
      `SELECT p.pcp_id AS owner, p.id AS patient_id,
         (SELECT e.id FROM episode e WHERE e.patient_id = p.id ORDER BY (e.status = 'discharged'), e.id LIMIT 1) AS episode_id
       FROM patient p WHERE p.pcp_id = ANY($1::uuid[]) ORDER BY p.id`,
      [ids('pcp')],
    );
    const cmOf = new Map(
      (
        await c.query(
          `SELECT id, clinic_id FROM staff_user WHERE role = 'care_manager' AND clinic_id = ANY($1::uuid[]) ORDER BY email`,
          [clinics],
        )
      ).rows.map((r) => [r.id, r.clinic_id]),
    );
    for (const u of chosen) {
      u.patients =
        (u.role === 'care_manager' ? byCm : u.role === 'psychiatric_consultant' ? byConsultant : byPcp).get(u.id) ?? [];
      // A consultant's agenda and caseload views name a care manager of the clinic.
      u.careManagers = [...cmOf].filter(([, clinic]) => clinic === u.clinic_id).map(([id]) => id);
      u.cursor = 0;
    }
    return { users: chosen, clinics: clinics.length };
  });
}

/**
 * Review slots still open, per consultant id: each (episode, week) pair of `weeks` (ISO dates, any day of a
 * week) with no review recorded for that episode and week, newest week first.
 */
export async function openReviewSlots(client, consultantIds, weeks) {
  const { rows } = await client.query(
    `SELECT e.consultant_id, e.id AS episode_id, w.day::text AS week
     FROM episode e CROSS JOIN unnest($2::date[]) AS w(day)
     WHERE e.consultant_id = ANY($1::uuid[]) AND e.status <> 'discharged'
       AND NOT EXISTS (SELECT 1 FROM consultant_review r
                       WHERE r.episode_id = e.id AND r.week_of = date_trunc('week', w.day)::date)
     ORDER BY w.day DESC, e.id`,
    [consultantIds, weeks],
  );
  const slots = new Map();
  for (const r of rows) {
    if (!slots.has(r.consultant_id)) slots.set(r.consultant_id, []);
    slots.get(r.consultant_id).push({ episodeId: r.episode_id, weekOf: r.week });
  }
  return slots;
}

/** The mix's review slots: the last five weeks. */
async function reviewSlots(url, consultants, asOf) {
  const weeks = [7, 14, 21, 28, 35].map((d) => isoDay(Date.parse(`${asOf}T00:00:00Z`) - d * DAY));
  return withClient(url, (c) =>
    openReviewSlots(
      c,
      consultants.map((u) => u.id),
      weeks,
    ),
  );
}

/**
 * Everything the dashboard's patient page loads for one patient: one request when the API serves
 * `GET /api/patients/:id/page`, otherwise the requests the page issued before it (first wave by
 * patient, then the open episode's).
 */
export function patientPageRequests(patient, month, single) {
  const p = `/api/patients/${patient.patientId}`;
  if (single) return [[`${p}/page?month=${month}`]];
  const first = [
    p,
    `${p}/assessments`,
    `${p}/contacts`,
    `${p}/flags`,
    `${p}/recommendations`,
    `${p}/reviews`,
    `${p}/medication-events`,
    `${p}/flag-history`,
    `${p}/revisions`,
    `${p}/billing?month=${month}`,
    `${p}/timeline?limit=50`,
    `${p}/medications`,
    `${p}/self-report-contact`,
  ];
  const second = patient.episodeId
    ? [`/api/episodes/${patient.episodeId}`, `/api/episodes/${patient.episodeId}/relapse-prevention-plan`]
    : [];
  return [first, second];
}

/** A PHQ-9 of total 8 without item 9: the score every benchmark writes. */
export const PHQ9 = {
  phq9_1: 2,
  phq9_2: 1,
  phq9_3: 1,
  phq9_4: 2,
  phq9_5: 1,
  phq9_6: 1,
  phq9_7: 0,
  phq9_8: 0,
  phq9_9: 0,
  phq9_difficulty: 1,
};

/**
 * Runs the mix for `durationSeconds` from `connections` HTTP connections. Without think time,
 * `connections` workers act back to back (capacity); with `thinkMs`, one loop per signed-in user
 * pauses that long after each action. Rows written are deleted at the end.
 */
export async function runMixedTraffic({
  base,
  url,
  users = 200,
  connections = 200,
  durationSeconds = 30,
  thinkMs = 0,
  // 'legacy': the patient page as the dashboard loaded it before GET /api/patients/:id/page (for before/after).
  patientPage = 'auto',
  // Pids of the API and PostgreSQL (a function, as they may change): their CPU over the measured window.
  cpuPids,
  // One action type only (the CPU breakdown, `--only mixed-breakdown`): a MIX name, or a kind of write
  // (`write:score`, `write:contact`, `write:review`). Default: the whole mix.
  only,
}) {
  const asOf = isoDay(Date.now());
  const month = asOf.slice(0, 7);
  const picked = await pickUsers(url, users);
  const t0 = performance.now();
  await signInAll(base, url, picked.users);
  console.log(
    `Mixed traffic: ${picked.users.length} users signed in (${((performance.now() - t0) / 1000).toFixed(0)} s).`,
  );
  const role = (r) =>
    picked.users.filter((u) => u.role === r && (r === 'leadership' || r === 'admin' || u.patients.length > 0));
  const cms = role('care_manager');
  const consultants = role('psychiatric_consultant');
  const pcps = role('pcp');
  const leaders = role('leadership');
  const admins = role('admin');
  const slots = await reviewSlots(url, consultants, asOf);

  const pool = new Pool(base, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const created = { assessment: [], contact: [], consultant_review: [] };
  const rr = new Map();
  const next = (list, key) => {
    const i = rr.get(key) ?? 0;
    rr.set(key, i + 1);
    return list[i % list.length];
  };
  const patientOf = (u) => u.patients[u.cursor++ % u.patients.length];

  const single =
    patientPage !== 'legacy' &&
    (await pool
      .request({
        method: 'GET',
        path: `/api/patients/${cms[0].patients[0].patientId}/page?month=${month}`,
        headers: { authorization: cms[0].authorization },
      })
      .then(async (res) => {
        await res.body.dump();
        return res.statusCode === 200;
      }));

  const PARTS = ['auth', 'scope', 'audit'];
  const timing = {
    overhead: histogram(),
    parts: Object.fromEntries(PARTS.map((part) => [part, histogram()])),
    hits: 0,
    misses: 0,
    server: histogram(),
    // Per action type: SQL statements the API sent (Server-Timing `sql`), cache hits and misses.
    // Server: each request's own time as the API measured it (Server-Timing `total`), by action type.
    byAction: Object.fromEntries(
      MIX.map(([name]) => [name, { statements: 0, roundTrips: 0, hits: 0, misses: 0, server: histogram() }]),
    ),
  };
  const note = (headers) => {
    const t = parseServerTiming(headers['server-timing']);
    const mine = timing.byAction[currentAction.getStore()];
    if (mine) {
      mine.statements += t.sql ?? 0;
      mine.roundTrips += t['sql-round-trips'] ?? 0;
      mine.hits += t['cache-hit'] ?? 0;
      mine.misses += t['cache-miss'] ?? 0;
      if (t.total !== undefined) mine.server.recordValue(Math.max(1, Math.round(t.total * 1000)));
    }
    if (t.total !== undefined) timing.server.recordValue(Math.max(1, Math.round(t.total * 1000)));
    if (t.auth !== undefined) {
      const overhead = (t.auth ?? 0) + (t.scope ?? 0) + (t.audit ?? 0);
      timing.overhead.recordValue(Math.max(1, Math.round(overhead * 1000)));
      for (const part of PARTS) timing.parts[part].recordValue(Math.max(1, Math.round((t[part] ?? 0) * 1000)));
    }
    timing.hits += t['cache-hit'] ?? 0;
    timing.misses += t['cache-miss'] ?? 0;
  };
  const get = async (u, path, okStatuses = [200]) => {
    const res = await pool.request({
      method: 'GET',
      path,
      headers: { authorization: u.authorization, 'accept-encoding': 'gzip' },
    });
    note(res.headers);
    await res.body.dump();
    if (!okStatuses.includes(res.statusCode)) throw new Error(`GET ${res.statusCode}`);
  };
  const post = async (u, path, body, table) => {
    const res = await pool.request({
      method: 'POST',
      path,
      headers: { authorization: u.authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    note(res.headers);
    const text = await res.body.text();
    if (res.statusCode !== 201 && res.statusCode !== 200)
      throw new Error(`POST ${res.statusCode} ${text.slice(0, 200)}`);
    const id = JSON.parse(text).id;
    if (id) created[table].push(id);
  };

  const yesterday = isoDay(Date.parse(`${asOf}T00:00:00Z`) - DAY);
  let reviewFallbacks = 0;
  const actions = {
    caseload: async () => {
      const u = next(cms, 'caseload');
      await get(u, '/api/caseload?pageSize=25');
    },
    patientPage: async () => {
      const r = (rr.get('page-role') ?? 0) % 10;
      rr.set('page-role', r + 1);
      const u = next(r < 8 ? cms : r === 8 ? consultants : pcps, 'page');
      const patient = patientOf(u);
      // The page's panels tolerate refusals for roles they do not apply to (as the dashboard does).
      for (const wave of patientPageRequests(patient, month, single)) {
        await Promise.all(wave.map((path) => get(u, path, single ? [200] : [200, 403, 404])));
      }
    },
    agenda: async () => {
      const u = next(consultants, 'agenda');
      await get(u, '/api/review/agenda?limit=50'); // the review page's first page
    },
    outcomes: async () => {
      const i = rr.get('outcomes') ?? 0;
      if (i % 5 === 4 && admins.length > 0) {
        rr.set('outcomes', i + 1);
        await get(next(admins, 'admin'), '/api/staff');
        return;
      }
      const u = next(leaders, 'outcomes');
      const paths = [
        `/api/outcomes/program?asOf=${asOf}`,
        '/api/outcomes/trends?months=12',
        `/api/outcomes/quality?asOf=${asOf}`,
      ];
      await get(u, paths[i % paths.length]);
    },
    write: async () => {
      const i = rr.get('write-kind') ?? 0;
      rr.set('write-kind', i + 1);
      // Of ten writes: six scores, three contacts, one review (or one kind only, for the breakdown).
      const kind = { 'write:score': 0, 'write:contact': 6, 'write:review': 9 }[only] ?? i % 10;
      if (kind < 6) {
        const u = next(cms, 'score');
        const patient = patientOf(u);
        await post(
          u,
          `/api/patients/${patient.patientId}/assessments`,
          { instrument: 'PHQ9', administeredOn: yesterday, source: 'phone', answers: PHQ9 },
          'assessment',
        );
      } else if (kind < 9 || !consultants.some((c) => slots.get(c.id)?.length)) {
        // Reviews fall back to a contact once no consultant has an open review week left: a small
        // population (the reliability suite's demo data) runs out of them within a minute at full speed.
        if (kind === 9) reviewFallbacks++;
        const u = next(cms, 'contact');
        const patient = patientOf(u);
        await post(
          u,
          `/api/patients/${patient.patientId}/contacts`,
          {
            type: 'follow_up',
            modality: 'phone',
            startedAt: new Date(Date.now() - 3_600_000).toISOString(),
            minutes: 15,
          },
          'contact',
        );
      } else {
        // The next consultant with an open review week (each reviews only their own episodes).
        let u = next(consultants, 'review');
        for (let k = 0; k < consultants.length && !slots.get(u.id)?.length; k++) u = next(consultants, 'review');
        const slot = slots.get(u.id)?.shift();
        if (!slot) throw new Error('no open review slot left');
        await post(
          u,
          `/api/review/episodes/${slot.episodeId}/reviews`,
          { weekOf: slot.weekOf, summary: 'Reviewed in the weekly caseload review.', recommendations: [] },
          'consultant_review',
        );
      }
    },
  };
  // The mix's 100 slots in a fixed shuffled order, so the kinds interleave (deterministic, seed 1).
  const onlyAction = only?.split(':')[0];
  if (only && !MIX.some(([name]) => name === onlyAction)) throw new Error(`unknown action type ${only}`);
  const weights = MIX.filter(([name]) => !onlyAction || name === onlyAction).flatMap(([name, w]) =>
    Array.from({ length: w }, () => name),
  );
  for (let i = weights.length - 1, s = 1; i > 0; i--) {
    s = (s * 48271) % 2147483647;
    const j = s % (i + 1);
    [weights[i], weights[j]] = [weights[j], weights[i]];
  }
  const hist = { reads: histogram(), writes: histogram() };
  const slowReads = [];
  let measuredFrom = 0;
  const byAction = Object.fromEntries(MIX.map(([name]) => [name, histogram()]));
  const counts = Object.fromEntries(MIX.map(([name]) => [name, 0]));
  const failures = new Map();
  let errors = 0;
  let done = 0;
  let slot = 0;

  const loop = async (deadline, record) => {
    while (performance.now() < deadline) {
      const name = weights[slot++ % weights.length];
      const t0 = performance.now();
      try {
        await currentAction.run(name, () => actions[name]());
      } catch (error) {
        if (record) {
          errors++;
          const key = `${name}: ${error.message.slice(0, 80)}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      }
      const micros = Math.max(1, Math.round((performance.now() - t0) * 1000));
      if (record) {
        (name === 'write' ? hist.writes : hist.reads).recordValue(micros);
        // Reads over the target, per 5 s of the measured window: a slow tail that comes in bursts shows here.
        if (name !== 'write' && micros > READ_TARGET_MS * 1000) {
          const slot = Math.floor((t0 - measuredFrom) / 5000);
          slowReads[slot] = (slowReads[slot] ?? 0) + 1;
        }
        byAction[name].recordValue(micros);
        counts[name]++;
        done++;
      }
      if (thinkMs > 0) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
    }
  };
  const workers = thinkMs > 0 ? picked.users.length : connections;
  // The API's event-loop delay (RUNTIME_METRICS_ENABLED, clinic admins): p50 / p99 / max ms since the last call.
  const admin = picked.users.find((u) => u.role === 'admin');
  const eventLoopWindow = async () => {
    if (!admin) return null;
    const res = await fetch(`${base}/api/health/runtime/event-loop`, {
      method: 'POST',
      headers: { authorization: admin.authorization },
    });
    return res.ok ? await res.json() : null;
  };
  try {
    // Warm-up (not recorded): JIT, pools, caches.
    const warm = performance.now() + 3000;
    await Promise.all(Array.from({ length: Math.min(workers, connections) }, () => loop(warm, false)));
    console.log('Mixed traffic: warmed up; measuring…');
    timing.hits = 0;
    timing.misses = 0;
    timing.overhead.reset();
    for (const h of Object.values(timing.parts)) h.reset();
    timing.server.reset();
    for (const a of Object.values(timing.byAction)) {
      Object.assign(a, { statements: 0, roundTrips: 0, hits: 0, misses: 0 });
      a.server.reset();
    }
    // How long the API's event loop was blocked over the measured window (a new window starts here).
    await eventLoopWindow();
    const cpuBefore = cpuPids ? treeCpuMs(cpuPids()) : null;
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    const startedAt = new Date().toISOString();
    measuredFrom = started;
    const deadline = started + durationSeconds * 1000;
    // With think time, users start spread over one think period rather than all at once.
    await Promise.all(
      Array.from({ length: workers }, async (_, i) => {
        if (thinkMs > 0) await new Promise((r) => setTimeout(r, (thinkMs * i) / workers));
        await loop(deadline, true);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const eventLoop = await eventLoopWindow();
    const cpuAfter = cpuPids ? treeCpuMs(cpuPids()) : null;
    const client = process.cpuUsage(clientBefore);
    // Server CPU (API + PostgreSQL) per action, and the throughput it allows on this machine's cores.
    const serverCpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
    const cpuMsPerAction = serverCpuMs !== null && done > 0 ? serverCpuMs / done : null;
    const ms = (h, p) => h.getValueAtPercentile(p) / 1000;
    return {
      actions: done,
      errors,
      startedAt,
      slowReadsPer5s: Array.from(slowReads, (n) => n ?? 0),
      readsP95Ms: ms(hist.reads, 95),
      writesP95Ms: ms(hist.writes, 95),
      actionsPerSecond: done / seconds,
      cacheHitRate: timing.hits + timing.misses > 0 ? timing.hits / (timing.hits + timing.misses) : null,
      readsP50Ms: ms(hist.reads, 50),
      writesP50Ms: ms(hist.writes, 50),
      byAction: Object.fromEntries(
        MIX.map(([name]) => [
          name,
          {
            count: counts[name],
            p50Ms: ms(byAction[name], 50),
            p95Ms: ms(byAction[name], 95),
            statementsPerAction: counts[name] ? timing.byAction[name].statements / counts[name] : null,
            roundTripsPerAction: counts[name] ? timing.byAction[name].roundTrips / counts[name] : null,
            // The API's own time for the action's requests (p50 / p95): the rest of p50Ms/p95Ms is queueing
            // before the request is read and the network.
            serverMs: timing.byAction[name].server.totalCount
              ? [ms(timing.byAction[name].server, 50), ms(timing.byAction[name].server, 95)]
              : null,
            cacheHits: timing.byAction[name].hits,
            cacheMisses: timing.byAction[name].misses,
          },
        ]),
      ),
      overheadP50Ms: timing.overhead.totalCount ? ms(timing.overhead, 50) : null,
      overheadP95Ms: timing.overhead.totalCount ? ms(timing.overhead, 95) : null,
      eventLoopDelayMs: eventLoop ? { p50: eventLoop.p50Ms, p99: eventLoop.p99Ms, max: eventLoop.maxMs } : null,
      // Each part of the overhead on its own (ms, p50 / p95): what a request waited for auth, scoping, audit.
      overheadParts: Object.fromEntries(
        Object.entries(timing.parts).map(([part, h]) => [part, h.totalCount ? [ms(h, 50), ms(h, 95)] : null]),
      ),
      serverP50Ms: timing.server.totalCount ? ms(timing.server, 50) : null,
      serverRequests: timing.server.totalCount,
      patientPageRequests: single ? 1 : patientPageRequests(cms[0].patients[0], month, false).flat().length,
      users: picked.users.length,
      clinics: picked.clinics,
      roles: Object.fromEntries(
        Object.keys(ROLE_SHARE).map((r) => [r, picked.users.filter((u) => u.role === r).length]),
      ),
      failures: Object.fromEntries(failures),
      serverCpuMs,
      cpuMsPerAction,
      cpuBoundActionsPerSecond: cpuMsPerAction ? (os.cpus().length * 1000) / cpuMsPerAction : null,
      serverCpuShare: serverCpuMs !== null ? serverCpuMs / (seconds * 1000 * os.cpus().length) : null,
      clientCpuMs: (client.user + client.system) / 1000,
      reviewFallbacks,
      workers,
      connections,
      thinkMs,
      durationSeconds,
      only: only ?? null,
      seconds,
    };
  } finally {
    await pool.close();
    await withClient(url, async (c) => {
      for (const [table, ids] of Object.entries(created)) {
        if (ids.length > 0) await c.query(`DELETE FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
      }
    });
  }
}

const fmt = (v) => (v === null || v === undefined ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(0));

/** Bench rows: capacity without think time at 200 connections, then 1 s think time per user. */
export async function mixedTrafficScenario(ctx) {
  const rows = [];
  console.log('Mixed traffic: capacity (no think time, 200 connections)…');
  const capacity = await runMixedTraffic({
    base: ctx.base,
    url: ctx.url,
    users: 200,
    connections: 200,
    durationSeconds: ctx.mixedDuration ?? 30,
    thinkMs: 0,
    cpuPids: ctx.cpuPids,
  });
  rows.push({
    name: `7. Mixed traffic, capacity — ${capacity.users} users of ${capacity.clinics} clinics, no think time`,
    api: { p50: capacity.readsP50Ms, p95: capacity.readsP95Ms, rps: capacity.actionsPerSecond },
    target: '≥ 1,000 user actions/s at 200 connections',
    met: capacity.actionsPerSecond >= 1000 && capacity.errors === 0,
    note: describe(capacity),
    detail: capacity,
  });
  console.log('Mixed traffic: 1 s think time per user…');
  const paced = await runMixedTraffic({
    base: ctx.base,
    url: ctx.url,
    users: 200,
    connections: 200,
    // Longer than the capacity phase: a 20–30 s window held one burst of the outcomes' background refreshes
    // or none, by chance, and its p95 with it (bench/results/mixed-traffic.md, session 17).
    durationSeconds: ctx.thinkDuration ?? 120,
    thinkMs: 1000,
    cpuPids: ctx.cpuPids,
  });
  rows.push({
    name: `7. Mixed traffic, 1 s think time — ${paced.users} users`,
    api: { p50: paced.readsP50Ms, p95: paced.readsP95Ms, rps: paced.actionsPerSecond },
    target: `reads p95 < ${READ_TARGET_MS} ms, writes p95 < ${WRITE_TARGET_MS} ms, 0 errors`,
    met: paced.readsP95Ms < READ_TARGET_MS && paced.writesP95Ms < WRITE_TARGET_MS && paced.errors === 0,
    note: describe(paced),
    detail: paced,
  });
  return rows;
}

function describe(r) {
  const actions = Object.entries(r.byAction)
    .map(
      ([name, a]) =>
        `${name} ${a.count} (p50 ${fmt(a.p50Ms)} / p95 ${fmt(a.p95Ms)} ms${a.serverMs ? `, in the API ${fmt(a.serverMs[0])} / ${fmt(a.serverMs[1])} ms` : ''}, ${fmt(a.statementsPerAction)} SQL statements in ${fmt(a.roundTripsPerAction)} round trips each)`,
    )
    .join(', ');
  const failures = Object.entries(r.failures)
    .map(([k, n]) => `${k} ×${n}`)
    .join('; ');
  return (
    `${r.actions} actions in ${r.durationSeconds} s = ${fmt(r.actionsPerSecond)}/s; reads p95 ${fmt(r.readsP95Ms)} ms, writes p95 ${fmt(r.writesP95Ms)} ms (p50 ${fmt(r.writesP50Ms)}); errors ${r.errors}${failures ? ` (${failures})` : ''}; ` +
    `cache hit rate ${r.cacheHitRate === null ? '—' : `${Math.round(r.cacheHitRate * 100)}%`}; ` +
    `per-request overhead (auth + scope + audit, Server-Timing) p50 ${fmt(r.overheadP50Ms)} / p95 ${fmt(r.overheadP95Ms)} ms` +
    (r.overheadParts
      ? ` (${Object.entries(r.overheadParts)
          .filter(([, v]) => v)
          .map(([part, [p50, p95]]) => `${part} ${fmt(p50)} / ${fmt(p95)}`)
          .join(', ')})`
      : '') +
    '; ' +
    (r.eventLoopDelayMs
      ? `API event-loop delay p50 ${fmt(r.eventLoopDelayMs.p50)} / p99 ${fmt(r.eventLoopDelayMs.p99)} / max ${fmt(r.eventLoopDelayMs.max)} ms; `
      : '') +
    (r.cpuMsPerAction !== null
      ? `server CPU (API + PostgreSQL) ${fmt(r.cpuMsPerAction)} ms per action, ${Math.round(r.serverCpuShare * 100)}% of ${os.cpus().length} cores — at most ${fmt(r.cpuBoundActionsPerSecond)} actions/s on them; load generator ${fmt(r.clientCpuMs / r.actions)} ms per action (same machine); `
      : '') +
    `reads over ${READ_TARGET_MS} ms per 5 s from ${r.startedAt.slice(11, 19)} UTC: ${r.slowReadsPer5s.join(' ')}; ` +
    `patient page = ${r.patientPageRequests} request(s); users ${JSON.stringify(r.roles)}; ${actions}.`
  );
}

/**
 * The action types of the mix measured one at a time (`--only mixed-breakdown`, not in the default run):
 * label, action type, and the API it runs against (`cached`: the read cache on, as in the mix; `off`:
 * READ_CACHE_ENABLED=false, so every read is a cache miss).
 */
export const BREAKDOWN = [
  ['Caseload, read-cache hit', 'caseload', 'cached'],
  ['Caseload, cache miss (cache off)', 'caseload', 'off'],
  ['Patient page', 'patientPage', 'cached'],
  ['Agenda, read-cache hit', 'agenda', 'cached'],
  ['Agenda, cache miss (cache off)', 'agenda', 'off'],
  ['Outcomes (program, trends, quality; every 5th a staff list)', 'outcomes', 'cached'],
  ['Outcomes, cache miss (cache off)', 'outcomes', 'off'],
  ['Write: PHQ-9 score', 'write:score', 'cached'],
  ['Write: contact', 'write:contact', 'cached'],
  ['Write: consultant review', 'write:review', 'cached'],
];

/**
 * Where mixed traffic's CPU goes: the mix's users doing one action type only, each for a few seconds
 * from `connections` connections without think time, reporting server CPU (API + PostgreSQL, /proc) per
 * action and SQL statements per action (Server-Timing `sql`). Each API is started for it (the cached
 * API, then one with the read cache off), so no other process's work is counted.
 */
export async function mixedBreakdownScenario(ctx) {
  const durationSeconds = ctx.breakdownDuration ?? 8;
  const connections = ctx.breakdownConnections ?? 50;
  const results = new Map();
  for (const mode of ['cached', 'off']) {
    const api = await startApi(ctx.url, mode === 'off' ? { READ_CACHE_ENABLED: 'false' } : {});
    try {
      // This API's CPU and PostgreSQL's (the bench's own API, if any, is stopped by now).
      const cpuPids = () => [api.pid, ...(ctx.cpuPids?.() ?? []).slice(1)];
      for (const [label, only] of BREAKDOWN.filter(([, , m]) => m === mode)) {
        console.log(`CPU by action: ${label}…`);
        const r = await runMixedTraffic({
          base: api.base,
          url: ctx.url,
          users: 200,
          connections,
          durationSeconds,
          thinkMs: 0,
          cpuPids,
          only,
        });
        results.set(label, r);
      }
    } finally {
      await api.stop();
    }
  }
  return BREAKDOWN.map(([label, only]) => {
    const r = results.get(label);
    const a = r.byAction[only.split(':')[0]];
    const lookups = a.cacheHits + a.cacheMisses;
    return {
      name: `8. CPU by action — ${label}`,
      api: { p50: a.p50Ms, p95: a.p95Ms, rps: r.actionsPerSecond },
      target: 'breakdown (no target)',
      note:
        `server CPU (API + PostgreSQL) ${fmt(r.cpuMsPerAction)} ms per action, ${fmt(a.statementsPerAction)} SQL statements per action; ` +
        `${r.actions} actions in ${fmt(r.seconds)} s at ${connections} connections = ${fmt(r.actionsPerSecond)}/s, ` +
        `${Math.round((r.serverCpuShare ?? 0) * 100)}% of ${os.cpus().length} cores; errors ${r.errors}` +
        (lookups ? `; read cache ${a.cacheHits} hits / ${a.cacheMisses} misses` : '') +
        (only === 'write:review' && r.reviewFallbacks ? `; ${r.reviewFallbacks} fell back to contacts` : '') +
        '.',
      detail: {
        only,
        cpuMsPerAction: r.cpuMsPerAction,
        statementsPerAction: a.statementsPerAction,
        actionsPerSecond: r.actionsPerSecond,
        serverCpuShare: r.serverCpuShare,
        errors: r.errors,
        failures: r.failures,
        cacheHits: a.cacheHits,
        cacheMisses: a.cacheMisses,
        p50Ms: a.p50Ms,
        p95Ms: a.p95Ms,
        connections,
        durationSeconds,
      },
    };
  });
}
