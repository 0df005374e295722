import request, { type Test } from 'supertest';
import type { DataSource } from 'typeorm';
import { freezeClock as freezeClockAt } from './builders';
import { createClinic, type ClinicFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';

/** "Now" in the registry tests: Monday 16 March 2026, 11:00 in New York (clinic-local today 2026-03-16). */
export const NOW = '2026-03-16T15:00:00.000Z';
export const TODAY = '2026-03-16';

/** Freezes the app's `Clock` at `iso` (default {@link NOW}); call before opening sessions so tokens match. */
export function freezeClock(t: TestApp, iso = NOW): void {
  freezeClockAt(t, iso);
}

/** The usual registry suite: the real app with its clock frozen at {@link NOW}, two clinics and an HTTP client. */
export async function openRegistry(): Promise<{
  t: TestApp;
  a: ClinicFixture;
  b: ClinicFixture;
  http: ReturnType<typeof api>;
}> {
  const t = await createTestApp();
  freezeClock(t);
  return { t, a: await createClinic(t), b: await createClinic(t), http: api(t) };
}

/** Thin supertest wrapper: one call per HTTP verb, with the caller's `Authorization` header. */
export function api(t: TestApp) {
  const server = t.app.getHttpServer();
  return {
    get: (path: string, auth: string): Test => request(server).get(path).set('Authorization', auth),
    post: (path: string, auth: string, body: object = {}): Test =>
      request(server).post(path).set('Authorization', auth).send(body),
    patch: (path: string, auth: string, body: object = {}): Test =>
      request(server).patch(path).set('Authorization', auth).send(body),
    put: (path: string, auth: string, body: object = {}): Test =>
      request(server).put(path).set('Authorization', auth).send(body),
  };
}

export interface AuditRow {
  action: string;
  actor_id: string | null;
  clinic_id: string | null;
  patient_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

/** Audit rows of a clinic, oldest first, optionally of one action. */
export async function auditRows(t: TestApp, clinicId: string, action?: string): Promise<AuditRow[]> {
  return t.db.query(
    `SELECT action, actor_id, clinic_id, patient_id, resource_type, resource_id, outcome, details
     FROM audit_log WHERE clinic_id = $1 AND ($2::text IS NULL OR action = $2) ORDER BY id`,
    [clinicId, action ?? null],
  );
}

/**
 * The rows of `episode_summary` (stored) or `episode_summary_source` (what the triggers compute) for the
 * episodes of `patientIds`, as JSON, in episode order — to prove an import's summaries equal the triggers'.
 */
export function summaryRowsOf(
  t: TestApp,
  relation: 'episode_summary' | 'episode_summary_source',
  patientIds: readonly string[],
): Promise<Array<{ row: Record<string, unknown> }>> {
  return t.db.query(
    `SELECT to_jsonb(s) AS row FROM ${relation} s JOIN episode e ON e.id = s.episode_id
     WHERE e.patient_id = ANY($1::uuid[]) ORDER BY s.episode_id`,
    [patientIds],
  );
}

/** `count(*)` of a query with positional parameters. */
export async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const rows: Array<{ n: number }> = await t.db.query(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return rows[0]?.n ?? 0;
}

/**
 * Snapshot of everything a clinic has written (rows per table plus audit entries), to assert that
 * a refused request wrote nothing.
 */
export async function clinicFootprint(t: TestApp, clinicId: string): Promise<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = await t.db.query(
    `SELECT
       (SELECT count(*)::int FROM patient WHERE clinic_id = $1) AS patients,
       (SELECT count(*)::int FROM episode WHERE clinic_id = $1) AS episodes,
       (SELECT count(*)::int FROM assessment WHERE clinic_id = $1) AS assessments,
       (SELECT count(*)::int FROM contact WHERE clinic_id = $1) AS contacts,
       (SELECT count(*)::int FROM staff_user WHERE clinic_id = $1) AS staff,
       (SELECT count(*)::int FROM audit_log WHERE clinic_id = $1 AND action NOT LIKE 'access.%') AS audit,
       (SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM (
          SELECT id, version FROM patient WHERE clinic_id = $1 UNION ALL
          SELECT id, version FROM episode WHERE clinic_id = $1 UNION ALL
          SELECT id, version FROM contact WHERE clinic_id = $1 UNION ALL
          SELECT id, version FROM staff_user WHERE clinic_id = $1 UNION ALL
          SELECT id, version FROM clinic WHERE id = $1) t) AS versions`,
    [clinicId],
  );
  return rows[0] ?? {};
}

/** The value, or a test failure when it is missing. */
export { must } from './builders';

/**
 * Renames a patient in a write that sends no change notification (the triggers skip it), as if the
 * notification had been lost: only a read that is not served from a cache shows it.
 */
export function renameSilently(db: DataSource, patientId: string, familyName: string): Promise<void> {
  return db.transaction(async (em) => {
    await em.query(`SET LOCAL huddle.skip_summary = 'on'`);
    await em.query('UPDATE patient SET family_name = $2 WHERE id = $1', [patientId, familyName]);
  });
}

/** A PHQ-9 of 2026-11-18 totalling 12 plus `item9` (the safety item), as POST /api/patients/:id/assessments takes it. */
export function phq9Body(item9: number) {
  return {
    instrument: 'PHQ9',
    administeredOn: '2026-11-18',
    source: 'clinic',
    answers: { phq9_1: 2, phq9_2: 2, phq9_3: 2, phq9_4: 2, phq9_5: 1, phq9_6: 1, phq9_7: 1, phq9_8: 1, phq9_9: item9 },
  };
}

/** A patient with its open episode, as `createPatient` returns them. */
interface PatientEpisode {
  patientId: string;
  episodeId: string;
}

/**
 * A 25-minute phone follow-up of `staffId` with the patient on 2026-11-19, inserted in SQL (the table's
 * triggers run, no route): its id.
 */
export async function insertContact(
  db: DataSource,
  clinicId: string,
  patient: PatientEpisode,
  staffId: string,
): Promise<string> {
  const [row] = await db.query(
    `INSERT INTO contact (clinic_id, patient_id, episode_id, staff_id, type, modality, started_at, minutes)
     VALUES ($1, $2, $3, $4, 'follow_up', 'phone', $5, 25) RETURNING id`,
    [clinicId, patient.patientId, patient.episodeId, staffId, '2026-11-19T15:00:00Z'],
  );
  return row.id;
}

/** A manual flag `code` on the patient's episode raised by `staffId`, inserted in SQL. */
export async function insertManualFlag(
  db: DataSource,
  clinicId: string,
  patient: PatientEpisode,
  code: string,
  staffId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO manual_flag (clinic_id, patient_id, episode_id, code, raised_by) VALUES ($1, $2, $3, $4, $5)`,
    [clinicId, patient.patientId, patient.episodeId, code, staffId],
  );
}

/** The episode discharged (completed) on 2026-11-19, in SQL. */
export async function dischargeEpisode(db: DataSource, episodeId: string): Promise<void> {
  await db.query(
    `UPDATE episode SET status = 'discharged', discharged_on = '2026-11-19', discharge_reason = 'completed'
     WHERE id = $1`,
    [episodeId],
  );
}
