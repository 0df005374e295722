import { addDays, format, subDays, startOfISOWeek } from 'date-fns';
import type { DataSource, EntityManager } from 'typeorm';
import type { InstrumentId } from '@huddle/shared-types';
import {
  AssessmentEntity,
  ClinicEntity,
  ConsultantReviewEntity,
  ContactEntity,
  EpisodeEntity,
  PatientEntity,
  RecommendationEntity,
  StaffUserEntity,
} from '../database/entities';
import { FAMILY_NAMES, GIVEN_NAMES, LANGUAGES, PAYERS } from './names';
import { Random } from './random';
import { hashPassword } from '../auth/password.service';
import { syntheticForm, trajectoryScore, TRAJECTORIES, type Trajectory } from './trajectory';
import { seedDemoIntegratedCare } from './demo-integrated-care.sql';
import { seedDemoCms159, type Cms159DemoClinic } from './demo-cms159.sql';

export interface DemoSeedOptions {
  /** "Today" for the demo histories; histories end on or before this date. */
  asOf: Date;
  seed?: number;
  patientsPerCareManager?: number;
}

export interface DemoSeedResult {
  seeded: boolean;
  clinics: number;
  patients: number;
  assessments: number;
}

const CLINICS = [
  { name: 'Riverside Family Medicine', timezone: 'America/New_York', careManagers: 2 },
  { name: 'Northgate Community Health', timezone: 'America/Chicago', careManagers: 2 },
  { name: 'Harbor View Primary Care', timezone: 'America/Los_Angeles', careManagers: 1 },
] as const;

/** Password of every seeded staff account. Demo data only: see README "Demo accounts". */
export const DEMO_PASSWORD = 'huddle-demo';

const dateOnly = (d: Date): string => format(d, 'yyyy-MM-dd');

/**
 * Seeds a small, realistic demo registry once: three clinics, their staff, ~150 patients with
 * PHQ-9/GAD-7 histories (responders, partial and non-responders, relapses, a few item-9 positives),
 * contacts with minutes, consultant reviews and recommendations, and the integrated care around them
 * (issue #17: screenings, referrals, utilization, problems, social needs, preferences, huddles and
 * tasks, the organisation; demo-integrated-care.sql.ts), and per clinic a CMS159 cohort of depression
 * cases in the measurement year (demo-cms159-cases.ts). Does nothing when any clinic exists.
 * Deterministic for a given seed and `asOf`.
 */
export async function seedDemoData(dataSource: DataSource, options: DemoSeedOptions): Promise<DemoSeedResult> {
  return dataSource.transaction(async (em) => {
    // Serialise concurrent starters: the second waits, then sees the data and skips.
    await em.query('LOCK TABLE clinic IN EXCLUSIVE MODE');
    if ((await em.count(ClinicEntity)) > 0) return { seeded: false, clinics: 0, patients: 0, assessments: 0 };
    const rng = new Random(options.seed ?? 20261123);
    const passwordHash = await hashPassword(DEMO_PASSWORD); // once: argon2 is slow on purpose
    const perCareManager = options.patientsPerCareManager ?? 30;
    let patients = 0;
    let assessments = 0;
    const cms159Clinics: Cms159DemoClinic[] = [];
    for (const [clinicIndex, spec] of CLINICS.entries()) {
      const clinic = await em.save(
        em.create(ClinicEntity, { name: spec.name, timezone: spec.timezone, flagThresholds: {} }),
      );
      const slug = spec.name.split(' ')[0]?.toLowerCase() ?? `clinic${clinicIndex}`;
      const staff = await seedStaff(em, clinic.id, slug, spec.careManagers, passwordHash);
      const [firstCareManager, firstPcp] = [staff.careManagers[0], staff.pcps[0]];
      if (!firstCareManager || !firstPcp) throw new Error('seed: care manager or PCP missing');
      cms159Clinics.push({
        clinicId: clinic.id,
        mrnPrefix: `${slug.slice(0, 3).toUpperCase()}2`,
        careManagerId: firstCareManager.id,
        consultantId: staff.consultant.id,
        pcpId: firstPcp.id,
      });
      for (const careManager of staff.careManagers) {
        for (let i = 0; i < perCareManager; i++) {
          const counts = await seedPatient(em, rng, options.asOf, {
            clinicId: clinic.id,
            mrn: `${slug.slice(0, 3).toUpperCase()}${String(100000 + patients).padStart(6, '0')}`,
            careManagerId: careManager.id,
            consultantId: staff.consultant.id,
            pcpId: rng.pick(staff.pcps).id,
          });
          patients++;
          assessments += counts.assessments;
        }
      }
    }
    await seedOrganisation(em, passwordHash);
    await seedDemoIntegratedCare(em, options.seed ?? 20261123, options.asOf);
    // Last, so the integrated-care generator leaves these records as the measure's cases define them.
    for (const clinic of cms159Clinics) {
      const counts = await seedDemoCms159(em, rng, options.asOf, clinic);
      patients += counts.patients;
      assessments += counts.assessments;
    }
    return { seeded: true, clinics: CLINICS.length, patients, assessments };
  });
}

interface SeededStaff {
  careManagers: StaffUserEntity[];
  consultant: StaffUserEntity;
  pcps: StaffUserEntity[];
}

async function seedStaff(
  em: EntityManager,
  clinicId: string,
  slug: string,
  careManagers: number,
  passwordHash: string,
): Promise<SeededStaff> {
  const make = (role: StaffUserEntity['role'], local: string, displayName: string): StaffUserEntity =>
    em.create(StaffUserEntity, {
      clinicId,
      role,
      email: `${local}@${slug}.huddle.test`,
      displayName,
      passwordHash,
      fte: '1.00',
      active: true,
      failedLoginCount: 0,
      lockedUntil: null,
    });
  const cms = Array.from({ length: careManagers }, (_, i) =>
    make(
      'care_manager',
      `cm${i + 1}`,
      `${['Dana Reyes', 'Sam Patel', 'Jo Kim', 'Alex Moore'][i] ?? `Care Manager ${i + 1}`} (CM)`,
    ),
  );
  const rows = [
    ...cms,
    make('psychiatric_consultant', 'psych', 'Dr. Morgan Lee (Psychiatry)'),
    make('pcp', 'pcp1', 'Dr. Riley Chen'),
    make('pcp', 'pcp2', 'Dr. Casey Owusu'),
    make('leadership', 'director', 'Jordan Blake (Medical Director)'),
    make('admin', 'admin', 'Taylor Quinn (Admin)'),
    // The waiting-room tablet (issue #16): redeems self-report codes, sees nothing else.
    make('kiosk', 'kiosk', 'Waiting-room kiosk'),
  ];
  const saved = await em.save(rows);
  const byRole = (role: StaffUserEntity['role']): StaffUserEntity[] => saved.filter((s) => s.role === role);
  const consultant = byRole('psychiatric_consultant')[0];
  if (!consultant) throw new Error('seed: consultant missing');
  return { careManagers: byRole('care_manager'), consultant, pcps: byRole('pcp') };
}

interface PatientSpec {
  clinicId: string;
  mrn: string;
  careManagerId: string;
  consultantId: string;
  pcpId: string;
}

async function seedPatient(
  em: EntityManager,
  rng: Random,
  asOf: Date,
  spec: PatientSpec,
): Promise<{ assessments: number }> {
  const patient = await em.save(
    em.create(PatientEntity, {
      clinicId: spec.clinicId,
      mrn: spec.mrn,
      givenName: rng.pick(GIVEN_NAMES),
      familyName: rng.pick(FAMILY_NAMES),
      birthDate: dateOnly(subDays(asOf, rng.int(19 * 365, 82 * 365))),
      preferredLanguage: rng.pick(LANGUAGES),
      payer: rng.pick(PAYERS),
      pcpId: spec.pcpId,
    }),
  );

  const weeksAgo = rng.int(1, 40);
  const enrolled = subDays(asOf, weeksAgo * 7 + rng.int(0, 6));
  const discharged = weeksAgo > 30 && rng.chance(0.5);
  const trajectory: Trajectory = rng.pick(TRAJECTORIES);
  const episode = await em.save(
    em.create(EpisodeEntity, {
      clinicId: spec.clinicId,
      patientId: patient.id,
      status: discharged ? 'discharged' : weeksAgo > 24 && trajectory === 'responder' ? 'relapse_prevention' : 'active',
      referredOn: dateOnly(subDays(enrolled, rng.int(3, 14))),
      consentOn: dateOnly(enrolled),
      enrolledOn: dateOnly(enrolled),
      activatedOn: dateOnly(enrolled),
      relapsePreventionOn: weeksAgo > 24 && trajectory === 'responder' ? dateOnly(addDays(enrolled, 24 * 7)) : null,
      dischargedOn: discharged ? dateOnly(addDays(enrolled, 30 * 7)) : null,
      dischargeReason: discharged ? 'completed_treatment' : null,
      careManagerId: spec.careManagerId,
      consultantId: spec.consultantId,
      billingPcpId: spec.pcpId,
      diagnoses: rng.chance(0.4) ? ['F32.1', 'F41.1'] : [rng.pick(['F32.1', 'F32.2', 'F33.1', 'F41.1'])],
    }),
  );

  const end = episode.dischargedOn ? new Date(`${episode.dischargedOn}T12:00:00Z`) : asOf;
  const baselinePhq = rng.int(10, 24);
  const baselineGad = Math.max(0, Math.min(21, baselinePhq - rng.int(-3, 6)));
  const assessments: AssessmentEntity[] = [];
  const contacts: ContactEntity[] = [];
  const item9Patient = rng.chance(0.06);
  for (let day = 0; addDays(enrolled, day) <= end; day += rng.int(14, 28)) {
    const when = addDays(enrolled, day);
    const week = day / 7;
    const phq = trajectoryScore(rng, trajectory, baselinePhq, week);
    const gad = Math.max(
      0,
      Math.min(21, Math.round(phq * (baselineGad / Math.max(baselinePhq, 1)) + rng.normal(0, 1))),
    );
    const item9 = item9Patient && day + 28 > (end.getTime() - enrolled.getTime()) / 86_400_000 ? 1 : 0;
    assessments.push(makeAssessment(em, rng, spec, patient.id, episode.id, 'PHQ9', when, phq, item9));
    assessments.push(makeAssessment(em, rng, spec, patient.id, episode.id, 'GAD7', when, gad, 0));
    contacts.push(
      em.create(ContactEntity, {
        clinicId: spec.clinicId,
        patientId: patient.id,
        episodeId: episode.id,
        staffId: spec.careManagerId,
        type: day === 0 ? 'initial_assessment' : 'follow_up',
        modality: rng.pick(['phone', 'phone', 'in_person', 'video'] as const),
        completed: true,
        startedAt: new Date(when.getTime() + rng.int(9, 16) * 3_600_000),
        minutes: day === 0 ? rng.int(40, 60) : rng.int(10, 35),
        activity: day === 0 ? 'Initial assessment and care plan' : 'Follow-up, symptom check, behavioural activation',
        note: null,
      }),
    );
  }
  await em.save(assessments, { chunk: 200 });
  await em.save(contacts, { chunk: 200 });

  // Consultant reviews: roughly every 4–8 weeks for most patients; some never reviewed yet.
  if (weeksAgo >= 3 && rng.chance(0.85)) {
    for (let day = 14; addDays(enrolled, day) <= end; day += rng.int(28, 56)) {
      const reviewedAt = addDays(enrolled, day);
      const review = await em.save(
        em.create(ConsultantReviewEntity, {
          clinicId: spec.clinicId,
          patientId: patient.id,
          episodeId: episode.id,
          consultantId: spec.consultantId,
          reviewedAt,
          createdAt: reviewedAt,
          weekOf: dateOnly(startOfISOWeek(reviewedAt)),
          summary:
            trajectory === 'responder' ? 'Improving; continue current plan.' : 'Limited response; adjust treatment.',
        }),
      );
      if (trajectory !== 'responder' || rng.chance(0.3)) {
        await em.save(
          em.create(RecommendationEntity, {
            clinicId: spec.clinicId,
            reviewId: review.id,
            episodeId: episode.id,
            type: rng.pick(['dose_change', 'medication_change', 'psychotherapy', 'specialty_referral'] as const),
            detail: rng.pick([
              'Increase sertraline to 100 mg daily',
              'Start behavioural activation',
              'Refer to CBT group',
              'Switch to bupropion XL 150 mg',
            ]),
            medication: null,
            dose: null,
            status:
              addDays(reviewedAt, 14) < asOf
                ? rng.pick(['implemented', 'implemented', 'accepted', 'declined'] as const)
                : 'new',
            statusChangedAt: reviewedAt,
            statusChangedBy: spec.consultantId,
            // Dated at the review that made them, not at seeding time.
            createdAt: reviewedAt,
            updatedAt: reviewedAt,
          }),
        );
      }
    }
  }
  return { assessments: assessments.length };
}

function makeAssessment(
  em: EntityManager,
  rng: Random,
  spec: PatientSpec,
  patientId: string,
  episodeId: string,
  instrument: Extract<InstrumentId, 'PHQ9' | 'GAD7'>,
  when: Date,
  total: number,
  item9: number,
): AssessmentEntity {
  const { answers: record, scored } = syntheticForm(rng, instrument, total, item9);
  return em.create(AssessmentEntity, {
    clinicId: spec.clinicId,
    patientId,
    episodeId,
    instrument,
    administeredOn: dateOnly(when),
    source: rng.pick(['clinic', 'phone', 'phone', 'portal'] as const),
    answers: record,
    total: scored.total,
    severity: scored.severity?.code ?? null,
    positiveScreen: scored.positiveScreen,
    complete: scored.complete,
    safetyRisk: scored.safetyRisk,
    enteredBy: spec.careManagerId,
  });
}

/**
 * The demo clinics form one health system (issue #17), led by `system@riverside.huddle.test`
 * (organisation leadership: every clinic side by side, aggregates only).
 */
async function seedOrganisation(em: EntityManager, passwordHash: string): Promise<void> {
  const [organisation] = await em.query(`INSERT INTO organisation (name) VALUES ('Huddle Health System') RETURNING id`);
  await em.query(`UPDATE clinic SET organisation_id = $1`, [organisation.id]);
  const [first] = await em.query(`SELECT id FROM clinic WHERE name = $1`, [CLINICS[0]?.name]);
  await em.query(
    `INSERT INTO staff_user (clinic_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, 'org_leadership', $4)`,
    [first.id, 'system@riverside.huddle.test', 'Avery Stone (Health System)', passwordHash],
  );
}
