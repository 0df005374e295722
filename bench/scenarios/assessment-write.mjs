// 4. Assessment write throughput: POST with scoring, flags and audit in one transaction, next to a
// bare INSERT of the same rows.
import pg from 'pg';
import { login, withClient } from '../lib/environment.mjs';
import { measureHttp, measureLoop } from '../lib/measure.mjs';

const answers = {
  phq9_1: 2,
  phq9_2: 2,
  phq9_3: 1,
  phq9_4: 2,
  phq9_5: 1,
  phq9_6: 1,
  phq9_7: 1,
  phq9_8: 0,
  phq9_9: 0,
  phq9_difficulty: 1,
};

export async function assessmentWriteScenario(ctx) {
  const email = 'cm3@clinic1.synthetic.test';
  const patients = await withClient(
    ctx.url,
    async (c) =>
      (
        await c.query(
          `SELECT p.id, p.clinic_id, e.id AS episode_id, s.id AS staff_id FROM staff_user s
       JOIN episode e ON e.care_manager_id = s.id AND e.status <> 'discharged' JOIN patient p ON p.id = e.patient_id
       WHERE s.email = $1`,
          [email],
        )
      ).rows,
  );
  // The rows written here are deleted at the end, so repeated runs measure the same population (they
  // piled up on these patients' episodes before, and every run wrote slower than the last). Known by
  // id: the generator dates its rows up to noon of the population's day, so time cannot tell them apart.
  const ids = patients.map((p) => p.id);
  const existing = await withClient(ctx.url, async (c) =>
    (await c.query('SELECT id FROM assessment WHERE patient_id = ANY($1::uuid[])', [ids])).rows.map((r) => r.id),
  );
  try {
    return await measureWrites(ctx, email, patients);
  } finally {
    await withClient(ctx.url, (c) =>
      c.query('DELETE FROM assessment WHERE patient_id = ANY($1::uuid[]) AND NOT (id = ANY($2::uuid[]))', [
        ids,
        existing,
      ]),
    );
  }
}

async function measureWrites(ctx, email, patients) {
  const { authorization } = await login(ctx.base, email, 'huddle-demo');
  // Yesterday: "not in the future" is judged in the clinic's time zone, behind UTC here.
  const administeredOn = new Date(Date.parse(`${ctx.asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const body = JSON.stringify({ instrument: 'PHQ9', administeredOn, source: 'phone', answers });
  const requests = patients.map((p) => ({ method: 'POST', path: `/api/patients/${p.id}/assessments`, body }));
  console.log('Assessment writes: API…');
  const apiStats = await measureHttp({
    url: ctx.base,
    headers: { authorization },
    requests,
    connections: ctx.connections,
    duration: ctx.duration,
  });

  console.log('Assessment writes: bare INSERT…');
  const pool = new pg.Pool({ connectionString: ctx.url, max: ctx.connections });
  const json = JSON.stringify(answers);
  let sqlStats;
  try {
    sqlStats = await measureLoop(
      (i) => {
        const p = patients[i % patients.length];
        return pool.query(
          `INSERT INTO assessment (clinic_id, patient_id, episode_id, instrument, administered_on, source, answers, total, severity,
             positive_screen, complete, safety_risk, entered_by)
           VALUES ($1, $2, $3, 'PHQ9', $4, 'phone', $5, 10, 'moderate', true, true, false, $6)`,
          [p.clinic_id, p.id, p.episode_id, administeredOn, json, p.staff_id],
        );
      },
      { connections: ctx.connections, duration: ctx.duration },
    );
  } finally {
    await pool.end();
  }
  const ratio = sqlStats.rps / Math.max(apiStats.rps, 0.001);
  return {
    name: '4. Assessment write (score + flags + audit, one transaction)',
    api: apiStats,
    sql: sqlStats,
    ratio,
    target: '≤ 2× (ratio = bare INSERT req/s ÷ API req/s)',
    met: apiStats.errors === 0 && ratio <= 2,
    note: `${patients.length} patients of one caseload; API errors ${apiStats.errors}. Ratio here compares throughput, not p95.`,
  };
}
