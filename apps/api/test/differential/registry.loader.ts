import { scoreAssessment } from '@huddle/scoring';
import type { DataSource } from 'typeorm';
import { SessionService } from '../../src/app/auth/session.service';
import type { TestApp } from '../test-app';
import type { ClinicRows } from './registry.model';

/** Multi-row `INSERT` of `rows` (one statement, positional parameters). */
async function insert(db: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const values = rows.map(
    (row) =>
      `(${row
        .map((value) => {
          params.push(value);
          return `$${params.length}`;
        })
        .join(', ')})`,
  );
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
}

/**
 * Loads one generated clinic with raw INSERTs of exactly its rows (the same rows the oracle scores).
 * The clinic is fresh, so nothing else in the test database is visible to its staff.
 */
export async function loadClinic(db: DataSource, c: ClinicRows): Promise<void> {
  await insert(
    db,
    'clinic',
    ['id', 'name', 'timezone', 'flag_thresholds'],
    [[c.id, c.name, c.timeZone, JSON.stringify(c.thresholds)]],
  );
  await insert(
    db,
    'staff_user',
    ['id', 'clinic_id', 'email', 'display_name', 'role', 'fte'],
    c.staff.map((s) => [s.id, c.id, `${s.id}@diff.test.huddle`, s.displayName, s.role, s.fte]),
  );
  await insert(
    db,
    'patient',
    ['id', 'clinic_id', 'mrn', 'given_name', 'family_name', 'birth_date', 'pcp_id'],
    c.patients.map((p) => [p.id, c.id, p.mrn, 'Diff', p.mrn, '1980-04-02', p.pcpId]),
  );
  await insert(
    db,
    'episode',
    [
      'id',
      'clinic_id',
      'patient_id',
      'status',
      'referred_on',
      'consent_on',
      'enrolled_on',
      'activated_on',
      'discharged_on',
      'discharge_reason',
      'care_manager_id',
      'consultant_id',
      'billing_pcp_id',
      'diagnoses',
      'review_requested_at',
      'created_at',
    ],
    c.episodes.map((e) => [
      e.id,
      c.id,
      e.patientId,
      e.status,
      e.referredOn,
      e.consentOn,
      e.enrolledOn,
      e.activatedOn,
      e.dischargedOn,
      e.dischargedOn ? 'completed' : null,
      e.careManagerId,
      e.consultantId,
      e.billingPcpId,
      e.diagnoses,
      e.reviewRequestedAt,
      e.createdAt,
    ]),
  );
  await insert(
    db,
    'safety_follow_up',
    [
      'id',
      'clinic_id',
      'patient_id',
      'episode_id',
      'performed_by',
      'performed_at',
      'method',
      'risk_level',
      'safety_plan',
      'lethal_means_counselling',
      'crisis_line_given',
      'disposition',
      'consultant_notified',
      'next_contact_on',
    ],
    c.safetyFollowUps.map((f) => [
      f.id,
      c.id,
      f.patientId,
      f.episodeId,
      f.performedBy,
      f.performedAt,
      'cssrs_screener',
      'low',
      'reviewed',
      true,
      true,
      'continue_outpatient',
      false,
      f.nextContactOn,
    ]),
  );
  await insert(
    db,
    'assessment',
    [
      'id',
      'clinic_id',
      'patient_id',
      'episode_id',
      'instrument',
      'administered_on',
      'source',
      'answers',
      'total',
      'severity',
      'positive_screen',
      'complete',
      'safety_risk',
      'created_at',
      'safety_follow_up_id',
    ],
    c.assessments.map((a) => {
      // Stored as the API stores a submitted form: scored by libs/scoring.
      const scored = scoreAssessment(a.instrument, a.answers);
      return [
        a.id,
        c.id,
        a.patientId,
        a.episodeId,
        a.instrument,
        a.on,
        'clinic',
        JSON.stringify(a.answers),
        scored.total,
        scored.severity?.code ?? null,
        scored.positiveScreen,
        scored.complete,
        scored.safetyRisk,
        a.createdAt,
        a.safetyFollowUpId,
      ];
    }),
  );
  await insert(
    db,
    'contact',
    [
      'id',
      'clinic_id',
      'patient_id',
      'episode_id',
      'staff_id',
      'type',
      'modality',
      'completed',
      'started_at',
      'minutes',
    ],
    c.contacts.map((x) => [
      x.id,
      c.id,
      x.patientId,
      x.episodeId,
      x.staffId,
      x.type,
      'phone',
      x.completed,
      x.startedAt,
      x.minutes,
    ]),
  );
  await insert(
    db,
    'consultant_review',
    ['id', 'clinic_id', 'patient_id', 'episode_id', 'consultant_id', 'reviewed_at', 'week_of', 'summary'],
    c.reviews.map((r) => [r.id, c.id, r.patientId, r.episodeId, r.consultantId, r.reviewedAt, r.weekOf, 'Reviewed']),
  );
  await insert(
    db,
    'manual_flag',
    ['id', 'clinic_id', 'patient_id', 'episode_id', 'code', 'raised_by', 'raised_at', 'resolved_by', 'resolved_at'],
    c.manualFlags.map((m) => [
      m.id,
      c.id,
      m.patientId,
      m.episodeId,
      m.code,
      m.raisedBy,
      m.raisedAt,
      m.resolvedAt ? m.raisedBy : null,
      m.resolvedAt,
    ]),
  );
}

/** `Authorization` headers of the clinic's staff (sessions opened at the frozen clock). */
export async function signIn(t: TestApp, c: ClinicRows): Promise<Map<string, string>> {
  const sessions = t.app.get(SessionService);
  const auth = new Map<string, string>();
  await Promise.all(
    c.staff
      .filter((s) => s.role !== 'pcp')
      .map(async (s) => {
        const tokens = await sessions.open({ id: s.id, clinicId: c.id, role: s.role, displayName: s.displayName });
        auth.set(s.id, `Bearer ${tokens.accessToken}`);
      }),
  );
  return auth;
}
