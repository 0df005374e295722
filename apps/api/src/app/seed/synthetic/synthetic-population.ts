import { FAMILY_NAMES, GIVEN_NAMES, LANGUAGES, PAYERS } from '../names';
import { Random } from '../random';
import { syntheticForm, trajectoryScore, TRAJECTORIES, type Trajectory } from '../trajectory';
import type { CopyValue } from './copy-text';
import { syntheticUuid } from './synthetic-ids';
import { generateIntegratedCare, INTEGRATED_CARE_TABLES, SYNTHETIC_ORGANISATION } from './synthetic-integrated-care';
import {
  emptyCareContextCounts,
  generateCareContext,
  CARE_CONTEXT_TABLES,
  type CareContextCounts,
} from './synthetic-care-context';

/** Tables in load order (foreign keys first) with the columns the generator fills. */
export const SYNTHETIC_TABLES = {
  organisation: ['id', 'name'],
  clinic: ['id', 'name', 'timezone', 'organisation_id'],
  staff_user: ['id', 'clinic_id', 'email', 'display_name', 'role', 'password_hash', 'fte'],
  patient: [
    'id',
    'clinic_id',
    'mrn',
    'given_name',
    'family_name',
    'birth_date',
    'preferred_language',
    'payer',
    'pcp_id',
  ],
  episode: [
    'id',
    'clinic_id',
    'patient_id',
    'status',
    'referred_on',
    'consent_on',
    'enrolled_on',
    'activated_on',
    'relapse_prevention_on',
    'discharged_on',
    'discharge_reason',
    'care_manager_id',
    'consultant_id',
    'billing_pcp_id',
    'diagnoses',
  ],
  assessment: [
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
    'entered_by',
    'created_at',
  ],
  contact: [
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
    'activity',
    'created_at',
  ],
  consultant_review: [
    'id',
    'clinic_id',
    'patient_id',
    'episode_id',
    'consultant_id',
    'reviewed_at',
    'week_of',
    'summary',
    'created_at',
  ],
  recommendation: [
    'id',
    'clinic_id',
    'review_id',
    'episode_id',
    'type',
    'detail',
    'status',
    'status_changed_at',
    'status_changed_by',
    'created_at',
  ],
  ...INTEGRATED_CARE_TABLES,
  ...CARE_CONTEXT_TABLES,
} as const;
export type SyntheticTable = keyof typeof SYNTHETIC_TABLES;

/** Where generated rows go (one call per row, values in `SYNTHETIC_TABLES` column order). */
export type RowSink = (table: SyntheticTable, values: CopyValue[]) => Promise<void>;

export interface PopulationOptions {
  patients: number;
  seed: number;
  /** Last day of the histories (YYYY-MM-DD). */
  asOf: string;
  /** Hash stored for every generated staff user (the demo password), so benchmarks can sign in. */
  passwordHash: string | null;
  patientsPerCareManager?: number;
  patientsPerClinic?: number;
}

export interface PopulationCounts extends CareContextCounts {
  clinics: number;
  staff: number;
  patients: number;
  episodes: number;
  assessments: number;
  contacts: number;
  reviews: number;
  recommendations: number;
  /** Screening visits, referrals and utilization events (issue #17). */
  integratedCare: number;
}

const DAY = 86_400_000;
const TIMEZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'] as const;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const stamp = (ms: number): string => new Date(ms).toISOString();

interface ClinicStaff {
  clinicId: string;
  careManagers: string[];
  consultants: string[];
  pcps: string[];
}

/**
 * Generates a health-system population: clinics of ~5,000 patients, care managers with ~75
 * patients each, one consultant per ~8 care managers, and per patient a plausible episode history
 * (responders, partial and non-responders, relapses, item-9 positives, prior discharged episodes),
 * PHQ-9 and GAD-7 every 2–3 weeks, contacts with minutes, consultant reviews and recommendations.
 * Each patient is drawn from its own seed, so the output is identical for the same options.
 */
export async function generatePopulation(options: PopulationOptions, sink: RowSink): Promise<PopulationCounts> {
  const perCm = options.patientsPerCareManager ?? 75;
  const perClinic = options.patientsPerClinic ?? 5000;
  const clinicCount = Math.max(1, Math.ceil(options.patients / perClinic));
  const asOfMs = Date.parse(`${options.asOf}T00:00:00Z`);
  const counts: PopulationCounts = {
    clinics: 0,
    staff: 0,
    patients: 0,
    episodes: 0,
    assessments: 0,
    contacts: 0,
    reviews: 0,
    recommendations: 0,
    integratedCare: 0,
    ...emptyCareContextCounts(),
  };

  // One organisation (health system) above every generated clinic (issue #17).
  const organisationId = syntheticUuid(`${options.seed}:organisation`);
  await sink('organisation', [organisationId, SYNTHETIC_ORGANISATION]);
  let patientIndex = 0;
  for (let c = 0; c < clinicCount; c++) {
    const patientsHere = Math.min(perClinic, options.patients - patientIndex);
    const nextId = idFactory(`${options.seed}:c${c}`);
    const staff = await generateClinicStaff(
      nextId,
      sink,
      c,
      Math.max(1, Math.ceil(patientsHere / perCm)),
      options.passwordHash,
      counts,
      organisationId,
    );
    for (let i = 0; i < patientsHere; i++, patientIndex++) {
      const careManager = staff.careManagers[Math.floor(i / perCm) % staff.careManagers.length] as string;
      const consultant = staff.consultants[Math.floor(i / (perCm * 8)) % staff.consultants.length] as string;
      await generatePatient(new Random(`${options.seed}:patient:${patientIndex}`), sink, counts, {
        index: patientIndex,
        nextId: idFactory(`${options.seed}:p${patientIndex}`),
        clinicId: staff.clinicId,
        careManager,
        consultant,
        pcp: staff.pcps[i % staff.pcps.length] as string,
        asOfMs,
        seed: options.seed,
      });
    }
  }
  return counts;
}

async function generateClinicStaff(
  nextId: () => string,
  sink: RowSink,
  index: number,
  careManagers: number,
  passwordHash: string | null,
  counts: PopulationCounts,
  organisationId: string,
): Promise<ClinicStaff> {
  const clinicId = nextId();
  await sink('clinic', [
    clinicId,
    `Synthetic Clinic ${String(index + 1).padStart(3, '0')}`,
    TIMEZONES[index % TIMEZONES.length] as string,
    organisationId,
  ]);
  counts.clinics++;
  const domain = `clinic${index + 1}.synthetic.test`;
  const add = async (role: string, local: string, name: string): Promise<string> => {
    const id = nextId();
    await sink('staff_user', [id, clinicId, `${local}@${domain}`, name, role, passwordHash, 1]);
    counts.staff++;
    return id;
  };
  const cms: string[] = [];
  for (let i = 0; i < careManagers; i++) cms.push(await add('care_manager', `cm${i + 1}`, `Care Manager ${i + 1}`));
  const consultants: string[] = [];
  for (let i = 0; i < Math.ceil(careManagers / 8); i++)
    consultants.push(await add('psychiatric_consultant', `psych${i + 1}`, `Dr. Consultant ${i + 1}`));
  const pcps: string[] = [];
  for (let i = 0; i < Math.max(2, Math.ceil(careManagers / 3)); i++)
    pcps.push(await add('pcp', `pcp${i + 1}`, `Dr. PCP ${i + 1}`));
  await add('leadership', 'director', 'Clinic Director');
  await add('admin', 'admin', 'Clinic Admin');
  if (index === 0) await add('org_leadership', 'system', 'Health System Leadership');
  return { clinicId, careManagers: cms, consultants, pcps };
}

/** Ids `key:0`, `key:1`, … hashed into UUIDs. */
function idFactory(key: string): () => string {
  let n = 0;
  return () => syntheticUuid(`${key}:${n++}`);
}

interface PatientContext {
  index: number;
  nextId: () => string;
  clinicId: string;
  careManager: string;
  consultant: string;
  pcp: string;
  asOfMs: number;
  seed: number;
}

async function generatePatient(
  rng: Random,
  sink: RowSink,
  counts: PopulationCounts,
  ctx: PatientContext,
): Promise<void> {
  const patientId = ctx.nextId();
  await sink('patient', [
    patientId,
    ctx.clinicId,
    `S${String(ctx.index + 1).padStart(8, '0')}`,
    rng.pick(GIVEN_NAMES),
    rng.pick(FAMILY_NAMES),
    iso(ctx.asOfMs - rng.int(19 * 365, 85 * 365) * DAY),
    rng.pick(LANGUAGES),
    rng.pick(PAYERS),
    ctx.pcp,
  ]);
  counts.patients++;

  const weeksAgo = rng.int(1, 52);
  const enrolledMs = ctx.asOfMs - (weeksAgo * 7 + rng.int(0, 6)) * DAY;
  // About 8% had an earlier, discharged episode (≥ 6 months before this one).
  if (rng.chance(0.08)) {
    const priorStart = enrolledMs - rng.int(300, 500) * DAY;
    await generateEpisode(
      rng,
      sink,
      counts,
      ctx,
      patientId,
      priorStart,
      priorStart + 20 * 7 * DAY,
      'completed_treatment',
    );
  }
  const discharged = weeksAgo > 30 && rng.chance(0.5);
  // The screening visit that found them, its referral and any ED visits / admissions (issue #17); own seed
  // and ids, so the rest of the history is unchanged.
  counts.integratedCare += await generateIntegratedCare(new Random(`${patientId}:integrated-care`), sink, {
    nextId: idFactory(`${patientId}:integrated-care`),
    clinicId: ctx.clinicId,
    patientId,
    careManager: ctx.careManager,
    pcp: ctx.pcp,
    referredOn: iso(enrolledMs - 3 * DAY),
    asOfMs: ctx.asOfMs,
  });
  await generateEpisode(
    rng,
    sink,
    counts,
    ctx,
    patientId,
    enrolledMs,
    discharged ? enrolledMs + 30 * 7 * DAY : null,
    discharged ? 'completed_treatment' : null,
  );
  await generateCareContext(sink, counts, { ...ctx, patientId, enrolledMs, open: !discharged });
}

async function generateEpisode(
  rng: Random,
  sink: RowSink,
  counts: PopulationCounts,
  ctx: PatientContext,
  patientId: string,
  enrolledMs: number,
  dischargedMs: number | null,
  dischargeReason: string | null,
): Promise<void> {
  const episodeId = ctx.nextId();
  const trajectory: Trajectory = rng.pick(TRAJECTORIES);
  const weeks = (ctx.asOfMs - enrolledMs) / (7 * DAY);
  const relapsePrevention = dischargedMs === null && weeks > 24 && trajectory === 'responder';
  const status =
    dischargedMs !== null
      ? 'discharged'
      : relapsePrevention
        ? 'relapse_prevention'
        : weeks < 1 && rng.chance(0.3)
          ? 'enrolled'
          : 'active';
  await sink('episode', [
    episodeId,
    ctx.clinicId,
    patientId,
    status,
    iso(enrolledMs - rng.int(3, 14) * DAY),
    iso(enrolledMs),
    iso(enrolledMs),
    status === 'enrolled' ? null : iso(enrolledMs),
    relapsePrevention ? iso(enrolledMs + 24 * 7 * DAY) : null,
    dischargedMs === null ? null : iso(dischargedMs),
    dischargeReason,
    ctx.careManager,
    ctx.consultant,
    ctx.pcp,
    rng.chance(0.4) ? '{F32.1,F41.1}' : `{${rng.pick(['F32.1', 'F32.2', 'F33.1', 'F41.1', 'F33.0'])}}`,
  ]);
  counts.episodes++;

  const endMs = dischargedMs ?? ctx.asOfMs;
  const baseline = rng.int(10, 24);
  const gadRatio = Math.max(0, Math.min(21, baseline - rng.int(-3, 6))) / Math.max(baseline, 1);
  const item9Patient = rng.chance(0.06);
  // A scored visit every 13–23 days: ~2 M assessments (PHQ-9 + GAD-7) per 100k patients, issue #7.
  for (let day = 0; enrolledMs + day * DAY <= endMs; day += rng.int(13, 23)) {
    const whenMs = enrolledMs + day * DAY;
    const phq = trajectoryScore(rng, trajectory, baseline, day / 7);
    const gad = Math.max(0, Math.min(21, Math.round(phq * gadRatio + rng.normal(0, 1))));
    const item9 = item9Patient && whenMs + 28 * DAY > endMs ? 1 : 0;
    for (const [instrument, total] of [
      ['PHQ9', phq],
      ['GAD7', gad],
    ] as const) {
      const { answers, scored } = syntheticForm(rng, instrument, total, instrument === 'PHQ9' ? item9 : 0);
      await sink('assessment', [
        ctx.nextId(),
        ctx.clinicId,
        patientId,
        episodeId,
        instrument,
        iso(whenMs),
        rng.pick(['clinic', 'phone', 'phone', 'portal']),
        JSON.stringify(answers),
        scored.total,
        scored.severity?.code ?? null,
        scored.positiveScreen,
        scored.complete,
        scored.safetyRisk,
        ctx.careManager,
        stamp(whenMs + 12 * 3_600_000),
      ]);
      counts.assessments++;
    }
    const startedMs = whenMs + rng.int(13, 21) * 3_600_000;
    await sink('contact', [
      ctx.nextId(),
      ctx.clinicId,
      patientId,
      episodeId,
      ctx.careManager,
      day === 0 ? 'initial_assessment' : 'follow_up',
      rng.pick(['phone', 'phone', 'in_person', 'video']),
      true,
      stamp(startedMs),
      day === 0 ? rng.int(40, 60) : rng.int(10, 35),
      day === 0 ? 'Initial assessment and care plan' : 'Follow-up and symptom check',
      stamp(startedMs),
    ]);
    counts.contacts++;
    if (rng.chance(0.15)) {
      const attemptMs = startedMs - rng.int(1, 3) * DAY;
      await sink('contact', [
        ctx.nextId(),
        ctx.clinicId,
        patientId,
        episodeId,
        ctx.careManager,
        'outreach_attempt',
        'phone',
        false,
        stamp(attemptMs),
        5,
        'Outreach attempt, no answer',
        stamp(attemptMs),
      ]);
      counts.contacts++;
    }
  }

  if (weeks >= 3 && rng.chance(0.85)) {
    for (let day = 14; enrolledMs + day * DAY <= endMs; day += rng.int(28, 56)) {
      const reviewedMs = enrolledMs + day * DAY + 15 * 3_600_000;
      const reviewId = ctx.nextId();
      const weekday = (new Date(reviewedMs).getUTCDay() + 6) % 7;
      await sink('consultant_review', [
        reviewId,
        ctx.clinicId,
        patientId,
        episodeId,
        ctx.consultant,
        stamp(reviewedMs),
        iso(reviewedMs - weekday * DAY),
        trajectory === 'responder' ? 'Improving; continue current plan.' : 'Limited response; adjust treatment.',
        stamp(reviewedMs),
      ]);
      counts.reviews++;
      if (trajectory !== 'responder' || rng.chance(0.3)) {
        await sink('recommendation', [
          ctx.nextId(),
          ctx.clinicId,
          reviewId,
          episodeId,
          rng.pick(['dose_change', 'medication_change', 'psychotherapy', 'specialty_referral']),
          rng.pick([
            'Increase sertraline to 100 mg daily',
            'Start behavioural activation',
            'Refer to CBT group',
            'Switch to bupropion XL 150 mg',
          ]),
          reviewedMs + 14 * DAY < ctx.asOfMs ? rng.pick(['implemented', 'implemented', 'accepted', 'declined']) : 'new',
          stamp(reviewedMs),
          ctx.consultant,
          stamp(reviewedMs),
        ]);
        counts.recommendations++;
      }
    }
  }
}
