// Cost as the registry grows (issue #13 item 3): the same caseload, agenda, patient page, score write
// and clinic outcomes measured on populations of different sizes (`--growth 10000,100000,1000000`),
// with the read cache off so every request pays its SQL. A page's cost should depend on the caseload,
// not the population (target: within 1.3× from the smallest to the largest); outcomes on the clinic.
import { hash } from 'argon2';
import { Pool } from 'undici';
import {
  apiModule,
  databaseExists,
  databaseUrl,
  freshDatabase,
  login,
  startApi,
  withClient,
} from '../lib/environment.mjs';
import { measureLoop } from '../lib/measure.mjs';
import { patientPageRequests } from './mixed-traffic.mjs';

/** A database holding `patients` synthetic patients (loaded once with the bulk loader, then reused). */
async function population(serverUrl, patients, opts) {
  const name = `huddle_bench_${patients}`;
  const url = databaseUrl(serverUrl, name);
  if (await databaseExists(serverUrl, name)) {
    const n = await withClient(url, async (c) =>
      Number((await c.query('SELECT count(*) AS n FROM patient')).rows[0].n),
    );
    if (n === patients) return url;
  }
  const { generateToFiles, copyFilesIntoDatabase, removeGeneratedFiles } = apiModule(
    'app/seed/synthetic/bulk-loader.js',
  );
  const { DEMO_PASSWORD } = apiModule('app/seed/demo-credentials.js');
  console.log(`Growth: loading ${patients.toLocaleString('en-US')} patients into ${name}…`);
  await freshDatabase(serverUrl, name);
  const files = await generateToFiles({
    patients,
    seed: opts.seed,
    asOf: opts.asOf,
    passwordHash: await hash(DEMO_PASSWORD),
  });
  try {
    await copyFilesIntoDatabase(url, files.files);
  } finally {
    await removeGeneratedFiles(files);
  }
  return url;
}

async function measureAt(url, opts) {
  const api = await startApi(url, { READ_CACHE_ENABLED: 'false' });
  const pool = new Pool(api.base, { connections: opts.connections });
  const month = opts.asOf.slice(0, 7);
  const created = [];
  try {
    const cm = await login(api.base, 'cm2@clinic1.synthetic.test', 'huddle-demo');
    const psych = await login(api.base, 'psych1@clinic1.synthetic.test', 'huddle-demo');
    const director = await login(api.base, 'director@clinic1.synthetic.test', 'huddle-demo');
    const patients = await withClient(
      url,
      async (c) =>
        (
          await c.query(
            `SELECT e.patient_id AS "patientId", e.id AS "episodeId" FROM episode e JOIN staff_user s ON s.id = e.care_manager_id
             WHERE s.email = 'cm2@clinic1.synthetic.test' AND e.status <> 'discharged' ORDER BY e.patient_id`,
          )
        ).rows,
    );
    const single = await fetch(`${api.base}/api/patients/${patients[0].patientId}/page?month=${month}`, {
      headers: { authorization: cm.authorization },
    }).then((r) => r.ok);
    const get = async (authorization, path) => {
      const res = await pool.request({ method: 'GET', path, headers: { authorization, 'accept-encoding': 'gzip' } });
      await res.body.dump();
      if (res.statusCode >= 500 || res.statusCode === 401) throw new Error(`${res.statusCode}`);
    };
    const yesterday = new Date(Date.parse(`${opts.asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const body = JSON.stringify({
      instrument: 'GAD7',
      administeredOn: yesterday,
      source: 'phone',
      answers: { gad7_1: 1, gad7_2: 1, gad7_3: 2, gad7_4: 1, gad7_5: 0, gad7_6: 1, gad7_7: 1 },
    });
    const cases = {
      caseload: () => get(cm.authorization, '/api/caseload?pageSize=25'),
      agenda: () => get(psych.authorization, '/api/review/agenda?limit=50'),
      patientPage: async (i) => {
        for (const wave of patientPageRequests(patients[i % patients.length], month, single)) {
          await Promise.all(wave.map((path) => get(cm.authorization, path)));
        }
      },
      write: async (i) => {
        const res = await pool.request({
          method: 'POST',
          path: `/api/patients/${patients[i % patients.length].patientId}/assessments`,
          headers: { authorization: cm.authorization, 'content-type': 'application/json' },
          body,
        });
        const text = await res.body.text();
        if (res.statusCode !== 201) throw new Error(`${res.statusCode}`);
        created.push(JSON.parse(text).id);
      },
      outcomes: () => get(director.authorization, `/api/outcomes/program?asOf=${opts.asOf}`),
    };
    const out = {};
    for (const [name, fn] of Object.entries(cases)) {
      console.log(`Growth: ${name}…`);
      out[name] = await measureLoop(fn, { connections: opts.connections, duration: opts.duration });
    }
    out.clinicPatients = await withClient(url, async (c) =>
      Number(
        (
          await c.query(
            `SELECT count(*) AS n FROM patient p JOIN staff_user s ON s.clinic_id = p.clinic_id WHERE s.email = 'director@clinic1.synthetic.test'`,
          )
        ).rows[0].n,
      ),
    );
    out.caseloadPatients = patients.length;
    out.singlePage = single;
    return out;
  } finally {
    await pool.close();
    if (created.length > 0) {
      await withClient(url, (c) => c.query('DELETE FROM assessment WHERE id = ANY($1::uuid[])', [created]));
    }
    await api.stop();
  }
}

/** Rows: each case's p95 at each size, and the ratio largest ÷ smallest against the 1.3× target. */
export async function growthScenario(serverUrl, sizes, opts) {
  const results = [];
  for (const patients of sizes) {
    const url = patients === opts.patients && opts.mainUrl ? opts.mainUrl : await population(serverUrl, patients, opts);
    results.push({ patients, ...(await measureAt(url, opts)) });
  }
  const rows = [];
  const first = results[0];
  const last = results[results.length - 1];
  for (const name of ['caseload', 'agenda', 'patientPage', 'write', 'outcomes']) {
    const ratio = last[name].p95 / Math.max(first[name].p95, 0.001);
    const perSize = results
      .map(
        (r) =>
          `${r.patients.toLocaleString('en-US')}: p50 ${r[name].p50.toFixed(1)} / p95 ${r[name].p95.toFixed(1)} ms, ${Math.round(r[name].rps)} req/s, errors ${r[name].errors}`,
      )
      .join('; ');
    const isOutcomes = name === 'outcomes';
    rows.push({
      name: `8. Growth ${first.patients.toLocaleString('en-US')} → ${last.patients.toLocaleString('en-US')} patients — ${name}${isOutcomes ? ` (clinic of ${last.clinicPatients.toLocaleString('en-US')})` : ''}`,
      api: last[name],
      sql: first[name],
      ratio,
      target: isOutcomes
        ? 'grows with the clinic, not the system (≤ 1.3× at equal clinic size)'
        : 'p95 within 1.3× (cache off)',
      met: ratio <= 1.3 && results.every((r) => r[name].errors === 0),
      note: `cache off, ${opts.connections} connections × ${opts.duration} s; "SQL" columns hold the smallest population, "API" the largest; ${perSize}${name === 'patientPage' ? `; page = ${last.singlePage ? '1 request' : 'the legacy requests'}` : ''}.`,
      detail: results.map((r) => ({ patients: r.patients, ...r[name] })),
    });
  }
  return rows;
}
