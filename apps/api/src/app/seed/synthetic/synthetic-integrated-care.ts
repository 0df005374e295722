import {
  CMS2_RULES,
  DEFAULT_SCREENING_SETTINGS,
  getInstrument,
  UTILIZATION_RULES,
  utilizationClassOf,
} from '@huddle/scoring';
import type { Random } from '../random';
import type { CopyValue } from './copy-text';
import { CARE_CONTEXT_TABLES } from './synthetic-care-context';

/**
 * Issue #17 part 1 in the synthetic population: an organisation above the generated clinics, and per
 * patient the screening visit that found them (PHQ-2 positive, GAD-2, AUDIT-C), its referral with or
 * without a warm handoff, and ED visits / admissions (some readmitted within 30 days).
 */
export const INTEGRATED_CARE_TABLES = {
  screening_visit: [
    'id',
    'clinic_id',
    'patient_id',
    'visit_on',
    'screened_by',
    'cutoffs',
    'phq2_total',
    'gad2_total',
    'auditc_total',
    'depression_positive',
    'anxiety_positive',
    'alcohol_positive',
    'follow_up_kinds',
    'follow_up_on',
  ],
  bh_referral: [
    'id',
    'clinic_id',
    'patient_id',
    'screening_visit_id',
    'referred_on',
    'referred_by',
    'warm_handoff',
    'handoff_taken_by',
  ],
  // One COPY column list per table: the problem list's (synthetic-care-context.ts).
  patient_clinical_event: CARE_CONTEXT_TABLES.patient_clinical_event,
} as const;
export type IntegratedCareTable = keyof typeof INTEGRATED_CARE_TABLES;

export interface ScreeningContext {
  nextId: () => string;
  clinicId: string;
  patientId: string;
  careManager: string;
  pcp: string;
  /** Date the patient was referred (the screening visit's day), and the last day of the history. */
  referredOn: string;
  asOfMs: number;
}

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The synthetic organisation's fixed name. */
export const SYNTHETIC_ORGANISATION = 'Synthetic Health System';

/** Rows of one patient's screening, referral and utilization; returns how many rows were written. */
export async function generateIntegratedCare(
  rng: Random,
  sink: (table: IntegratedCareTable, values: CopyValue[]) => Promise<void>,
  ctx: ScreeningContext,
): Promise<number> {
  let rows = 0;
  const visitId = ctx.nextId();
  const gad2 = rng.int(0, 6);
  const auditC = rng.chance(0.8) ? rng.int(0, 3) : rng.int(4, 9);
  const gadCut = getInstrument('GAD2').positiveScreen.threshold;
  await sink('screening_visit', [
    visitId,
    ctx.clinicId,
    ctx.patientId,
    ctx.referredOn,
    ctx.pcp,
    JSON.stringify({
      phq2: getInstrument('PHQ2').positiveScreen.threshold,
      gad2: gadCut,
      auditC: DEFAULT_SCREENING_SETTINGS.auditCCutoff,
      pcPtsd5: DEFAULT_SCREENING_SETTINGS.pcPtsd5CutPoint,
    }),
    rng.int(3, 6),
    gad2,
    auditC,
    true,
    gad2 >= gadCut,
    auditC >= DEFAULT_SCREENING_SETTINGS.auditCCutoff,
    // Most positive screens get their plan (the referral) the same day; some within the CMS2 window, a few late.
    '{referral}',
    iso(
      Date.parse(`${ctx.referredOn}T00:00:00Z`) +
        (rng.chance(0.9) ? 0 : rng.int(1, CMS2_RULES.followUpWithinDays + 2)) * DAY,
    ),
  ]);
  rows++;
  const warm = rng.chance(0.6);
  await sink('bh_referral', [
    ctx.nextId(),
    ctx.clinicId,
    ctx.patientId,
    visitId,
    ctx.referredOn,
    ctx.pcp,
    warm,
    warm ? ctx.careManager : null,
  ]);
  rows++;
  const startMs = Date.parse(`${ctx.referredOn}T00:00:00Z`);
  const span = Math.max(1, Math.floor((ctx.asOfMs - startMs) / DAY));
  const event = async (kind: 'ed_visit' | 'admission', onMs: number, days: number): Promise<number> => {
    if (onMs > ctx.asOfMs) return onMs;
    const endsMs = kind === 'admission' ? Math.min(onMs + days * DAY, ctx.asOfMs) : null;
    await sink('patient_clinical_event', [
      ctx.nextId(),
      ctx.clinicId,
      ctx.patientId,
      'encounter',
      UTILIZATION_RULES.classSystem,
      utilizationClassOf(kind),
      null,
      iso(onMs),
      endsMs === null ? null : iso(endsMs),
      null,
      null,
      'manual',
      null,
    ]);
    rows++;
    return endsMs ?? onMs;
  };
  if (rng.chance(0.12)) await event('ed_visit', startMs + rng.int(0, span) * DAY, 0);
  if (rng.chance(0.05)) {
    const discharged = await event('admission', startMs + rng.int(0, span) * DAY, rng.int(1, 7));
    // About a fifth come back within the readmission window.
    if (rng.chance(0.2))
      await event('admission', discharged + rng.int(1, UTILIZATION_RULES.readmissionWindowDays) * DAY, rng.int(1, 5));
  }
  return rows;
}
