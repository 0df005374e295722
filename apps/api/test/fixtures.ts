import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@huddle/shared-types';
import type { DataSource } from 'typeorm';
import { SessionService } from '../src/app/auth/session.service';
import type { TestApp } from './test-app';

export interface StaffFixture {
  id: string;
  clinicId: string;
  role: StaffRole;
  email: string;
  displayName: string;
  /** `Authorization` header value for a fresh session of this user. */
  auth: string;
}

export interface ClinicFixture {
  clinicId: string;
  careManager: StaffFixture;
  /** A second care manager of the same clinic (the "other caseload"). */
  otherCareManager: StaffFixture;
  consultant: StaffFixture;
  pcp: StaffFixture;
  leadership: StaffFixture;
  admin: StaffFixture;
}

const unique = (): string => randomBytes(4).toString('hex');

/** The id returned by an `INSERT … RETURNING id`. */
async function insertedId(query: Promise<Array<{ id: string }>>): Promise<string> {
  const id = (await query)[0]?.id;
  if (!id) throw new Error('INSERT returned no id');
  return id;
}

/** Inserts one staff user and opens a session for them. */
export async function createStaff(
  t: TestApp,
  clinicId: string,
  role: StaffRole,
  label: string = role,
): Promise<StaffFixture> {
  const email = `${label}.${unique()}@test.huddle`;
  const displayName = `${label} ${unique()}`;
  const id = await insertedId(
    t.db.query(`INSERT INTO staff_user (clinic_id, email, display_name, role) VALUES ($1, $2, $3, $4) RETURNING id`, [
      clinicId,
      email,
      displayName,
      role,
    ]),
  );
  const tokens = await t.app.get(SessionService).open({ id, clinicId, role, displayName });
  return { id, clinicId, role, email, displayName, auth: `Bearer ${tokens.accessToken}` };
}

/** A fresh clinic with one user of every role (two care managers), each signed in. */
export async function createClinic(t: TestApp, name = `Clinic ${unique()}`): Promise<ClinicFixture> {
  const clinicId = await insertedId(
    t.db.query(`INSERT INTO clinic (name, timezone) VALUES ($1, 'America/New_York') RETURNING id`, [name]),
  );
  return {
    clinicId,
    careManager: await createStaff(t, clinicId, 'care_manager', 'cm'),
    otherCareManager: await createStaff(t, clinicId, 'care_manager', 'cm2'),
    consultant: await createStaff(t, clinicId, 'psychiatric_consultant', 'psych'),
    pcp: await createStaff(t, clinicId, 'pcp', 'pcp'),
    leadership: await createStaff(t, clinicId, 'leadership', 'lead'),
    admin: await createStaff(t, clinicId, 'admin', 'admin'),
  };
}

export interface PatientFixtureOptions {
  careManagerId?: string | null;
  consultantId?: string | null;
  pcpId?: string | null;
  status?: 'referred' | 'enrolled' | 'active' | 'relapse_prevention';
  enrolledOn?: string;
  mrn?: string;
}

/** A patient with one open episode on the given caseload (defaults: active, enrolled 2026-09-01). */
export async function createPatient(
  db: DataSource,
  clinic: ClinicFixture,
  options: PatientFixtureOptions = {},
): Promise<{ patientId: string; episodeId: string; mrn: string }> {
  const mrn = options.mrn ?? `MRN-${unique()}`;
  const pcpId = options.pcpId === undefined ? clinic.pcp.id : options.pcpId;
  const [patient] = await db.query(
    `INSERT INTO patient (clinic_id, mrn, given_name, family_name, birth_date, pcp_id)
     VALUES ($1, $2, 'Test', 'Patient', '1980-04-02', $3) RETURNING id`,
    [clinic.clinicId, mrn, pcpId],
  );
  const status = options.status ?? 'active';
  const enrolledOn = options.enrolledOn ?? '2026-09-01';
  const consent = status === 'referred' ? null : enrolledOn;
  const [episode] = await db.query(
    `INSERT INTO episode (clinic_id, patient_id, status, referred_on, consent_on, enrolled_on, activated_on,
       care_manager_id, consultant_id, billing_pcp_id, diagnoses)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, '{F32.1}') RETURNING id`,
    [
      clinic.clinicId,
      patient.id,
      status,
      enrolledOn,
      consent,
      status === 'active' ? enrolledOn : null,
      options.careManagerId === undefined ? clinic.careManager.id : options.careManagerId,
      options.consultantId === undefined ? clinic.consultant.id : options.consultantId,
      pcpId,
    ],
  );
  return { patientId: patient.id, episodeId: episode.id, mrn };
}
