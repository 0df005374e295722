import { scoreAssessment } from '@huddle/scoring';
import type { DataSource } from 'typeorm';
import { SessionService } from '../../src/app/auth/session.service';
import { SYNTHETIC_TABLES, type SyntheticTable } from '../../src/app/seed/synthetic/synthetic-population';
import type { TestApp } from '../test-app';
import type { ClinicRows } from './registry.model';

/**
 * Columns by table: the synthetic population's COPY columns (`SYNTHETIC_TABLES`, one map for both
 * loaders) plus the few the generated registries also set, and the two tables only they fill.
 */
const EXTRA_COLUMNS = {
  clinic: ['flag_thresholds'],
  staff_user: [],
  patient: [],
  episode: ['review_requested_at', 'created_at'],
  assessment: ['safety_follow_up_id'],
  contact: [],
  consultant_review: [],
  recommendation: [],
  safety_follow_up: [
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
  manual_flag: [
    'id',
    'clinic_id',
    'patient_id',
    'episode_id',
    'code',
    'raised_by',
    'raised_at',
    'resolved_by',
    'resolved_at',
  ],
} as const satisfies Record<string, readonly string[]>;

type Table = keyof typeof EXTRA_COLUMNS;
type Column<T extends Table> =
  | (T extends SyntheticTable ? (typeof SYNTHETIC_TABLES)[T][number] : never)
  | (typeof EXTRA_COLUMNS)[T][number];
type Row<T extends Table> = Partial<Record<Column<T>, unknown>>;

const columnsOf = (table: Table): readonly string[] => [
  ...(table in SYNTHETIC_TABLES ? SYNTHETIC_TABLES[table as SyntheticTable] : []),
  ...EXTRA_COLUMNS[table],
];

/** Multi-row `INSERT` of `rows` (one statement, positional parameters), the columns the rows set. */
async function insert<T extends Table>(db: DataSource, table: T, rows: Array<Row<T>>): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const known = columnsOf(table);
  const unknown = Object.keys(first).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`${table} has no column ${unknown.join(', ')} in the column map`);
  const columns = known.filter((column) => column in first);
  const params: unknown[] = [];
  const values = rows.map((row) => {
    const record = row as Record<string, unknown>;
    return `(${columns.map((column) => `$${params.push(record[column] ?? null)}`).join(', ')})`;
  });
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
}

/**
 * Loads one generated clinic with raw INSERTs of exactly its rows (the same rows the oracle scores).
 * The clinic is fresh, so nothing else in the test database is visible to its staff.
 */
export async function loadClinic(db: DataSource, c: ClinicRows): Promise<void> {
  await insert(db, 'clinic', [
    { id: c.id, name: c.name, timezone: c.timeZone, flag_thresholds: JSON.stringify(c.thresholds) },
  ]);
  await insert(
    db,
    'staff_user',
    c.staff.map((s) => ({
      id: s.id,
      clinic_id: c.id,
      email: `${s.id}@diff.test.huddle`,
      display_name: s.displayName,
      role: s.role,
      fte: s.fte,
    })),
  );
  await insert(
    db,
    'patient',
    c.patients.map((p) => ({
      id: p.id,
      clinic_id: c.id,
      mrn: p.mrn,
      given_name: 'Diff',
      family_name: p.mrn,
      birth_date: '1980-04-02',
      pcp_id: p.pcpId,
    })),
  );
  await insert(
    db,
    'episode',
    c.episodes.map((e) => ({
      id: e.id,
      clinic_id: c.id,
      patient_id: e.patientId,
      status: e.status,
      referred_on: e.referredOn,
      consent_on: e.consentOn,
      enrolled_on: e.enrolledOn,
      activated_on: e.activatedOn,
      discharged_on: e.dischargedOn,
      discharge_reason: e.dischargedOn ? 'completed' : null,
      care_manager_id: e.careManagerId,
      consultant_id: e.consultantId,
      billing_pcp_id: e.billingPcpId,
      diagnoses: e.diagnoses,
      review_requested_at: e.reviewRequestedAt,
      created_at: e.createdAt,
    })),
  );
  await insert(
    db,
    'safety_follow_up',
    c.safetyFollowUps.map((f) => ({
      id: f.id,
      clinic_id: c.id,
      patient_id: f.patientId,
      episode_id: f.episodeId,
      performed_by: f.performedBy,
      performed_at: f.performedAt,
      method: 'cssrs_screener',
      risk_level: 'low',
      safety_plan: 'reviewed',
      lethal_means_counselling: true,
      crisis_line_given: true,
      disposition: 'continue_outpatient',
      consultant_notified: false,
      next_contact_on: f.nextContactOn,
    })),
  );
  await insert(
    db,
    'assessment',
    c.assessments.map((a) => {
      // Stored as the API stores a submitted form: scored by libs/scoring.
      const scored = scoreAssessment(a.instrument, a.answers);
      return {
        id: a.id,
        clinic_id: c.id,
        patient_id: a.patientId,
        episode_id: a.episodeId,
        instrument: a.instrument,
        administered_on: a.on,
        source: 'clinic',
        answers: JSON.stringify(a.answers),
        total: scored.total,
        severity: scored.severity?.code ?? null,
        positive_screen: scored.positiveScreen,
        complete: scored.complete,
        safety_risk: scored.safetyRisk,
        created_at: a.createdAt,
        safety_follow_up_id: a.safetyFollowUpId,
      };
    }),
  );
  await insert(
    db,
    'contact',
    c.contacts.map((x) => ({
      id: x.id,
      clinic_id: c.id,
      patient_id: x.patientId,
      episode_id: x.episodeId,
      staff_id: x.staffId,
      type: x.type,
      modality: 'phone',
      completed: x.completed,
      started_at: x.startedAt,
      minutes: x.minutes,
    })),
  );
  await insert(
    db,
    'consultant_review',
    c.reviews.map((r) => ({
      id: r.id,
      clinic_id: c.id,
      patient_id: r.patientId,
      episode_id: r.episodeId,
      consultant_id: r.consultantId,
      reviewed_at: r.reviewedAt,
      week_of: r.weekOf,
      summary: 'Reviewed',
    })),
  );
  await insert(
    db,
    'manual_flag',
    c.manualFlags.map((m) => ({
      id: m.id,
      clinic_id: c.id,
      patient_id: m.patientId,
      episode_id: m.episodeId,
      code: m.code,
      raised_by: m.raisedBy,
      raised_at: m.raisedAt,
      resolved_by: m.resolvedAt ? m.raisedBy : null,
      resolved_at: m.resolvedAt,
    })),
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
