import type { IsoDate } from '@huddle/shared-types';
import { addDays, daysBetween } from './date.utils';
import { AUDITC_DEFINITION } from './audit-c.instrument';
import { PC_PTSD5, assertPcPtsd5CutPoint } from './pc-ptsd5.screener';
import { PHQ2_DEFINITION } from './phq2.instrument';
import { PHQ9_DEFINITION } from './phq9.instrument';
import { ScoringValidationError } from './scoring-validation.error';

/**
 * Universal screening in primary care (issue #17), per clinical-reference.md §Screening.
 * A clinic may change the AUDIT-C cut-offs and the PC-PTSD-5 cut-point; these are the defaults.
 */
export interface ScreeningSettings {
  /** AUDIT-C positive at ≥ this total for men (and anyone not recorded as female). Reference: ≥ 4. */
  readonly auditCCutoff: number;
  /** AUDIT-C positive at ≥ this total for women. Reference: ≥ 3. */
  readonly auditCFemaleCutoff: number;
  /** PC-PTSD-5 positive at ≥ this score. Reference: default 3 (4 best overall). */
  readonly pcPtsd5CutPoint: number;
}

export const DEFAULT_SCREENING_SETTINGS: ScreeningSettings = Object.freeze({
  auditCCutoff: AUDITC_DEFINITION.positiveScreen.threshold,
  auditCFemaleCutoff: AUDITC_DEFINITION.positiveScreen.femaleThreshold ?? AUDITC_DEFINITION.positiveScreen.threshold,
  pcPtsd5CutPoint: PC_PTSD5.defaultCutPoint,
});

/** Bounds of a clinic's screening settings (the instrument's total range, minimum 1). */
export const SCREENING_SETTING_BOUNDS: Readonly<Record<keyof ScreeningSettings, { min: number; max: number }>> =
  Object.freeze({
    auditCCutoff: { min: 1, max: AUDITC_DEFINITION.totalRange.max },
    auditCFemaleCutoff: { min: 1, max: AUDITC_DEFINITION.totalRange.max },
    pcPtsd5CutPoint: PC_PTSD5.cutPointBounds,
  });

/** A clinic's stored overrides over the defaults. @throws ScoringValidationError naming the setting. */
export function resolveScreeningSettings(overrides: Partial<ScreeningSettings> | null | undefined): ScreeningSettings {
  const merged = { ...DEFAULT_SCREENING_SETTINGS, ...(overrides ?? {}) };
  for (const key of Object.keys(SCREENING_SETTING_BOUNDS) as Array<keyof ScreeningSettings>) {
    const { min, max } = SCREENING_SETTING_BOUNDS[key];
    const value = merged[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ScoringValidationError(key, `${key} must be an integer ${min}–${max}`);
    }
  }
  assertPcPtsd5CutPoint(merged.pcPtsd5CutPoint);
  return merged;
}

/** AUDIT-C cut-off for a patient's recorded sex (reference: ≥ 4 men, ≥ 3 women, configurable). */
export function auditCCutoffFor(sex: string | null | undefined, settings: ScreeningSettings): number {
  return sex === 'female' ? settings.auditCFemaleCutoff : settings.auditCCutoff;
}

/**
 * The depression screen's result: the PHQ-9's when it was given (PHQ-9 ≥ 10), otherwise the
 * PHQ-2's (≥ 3). Reference: "PHQ-2 ≥ 3 … positive screens → full PHQ-9".
 */
export function depressionScreenPositive(phq2Total: number | null, phq9Total: number | null): boolean | null {
  if (phq9Total !== null) return phq9Total >= PHQ9_DEFINITION.positiveScreen.threshold;
  if (phq2Total !== null) return phq2Total >= PHQ2_DEFINITION.positiveScreen.threshold;
  return null;
}

/**
 * What a follow-up plan for a positive depression screen may record. CMS2 (reference §Screening):
 * "referral, medication, or other follow-up for depression — a handout alone does not count".
 */
export const FollowUpPlanKind = {
  REFERRAL: 'referral',
  MEDICATION: 'medication',
  OTHER: 'other',
  HANDOUT: 'handout',
} as const;
export type FollowUpPlanKind = (typeof FollowUpPlanKind)[keyof typeof FollowUpPlanKind];
export const FOLLOW_UP_PLAN_KINDS: readonly FollowUpPlanKind[] = Object.freeze(Object.values(FollowUpPlanKind));
/** Kinds that make a documented follow-up plan count (every kind but a handout). */
export const COUNTING_FOLLOW_UP_PLAN_KINDS: readonly FollowUpPlanKind[] = Object.freeze(
  FOLLOW_UP_PLAN_KINDS.filter((kind) => kind !== FollowUpPlanKind.HANDOUT),
);

/** Whether a plan of these kinds is a follow-up plan (a handout alone is not). */
export function followUpPlanCounts(kinds: readonly string[]): boolean {
  return kinds.some((kind) => (COUNTING_FOLLOW_UP_PLAN_KINDS as readonly string[]).includes(kind));
}

/** Why a screening was not done (CMS2 denominator exceptions: patient refusal, medical reason). */
export const ScreeningException = { PATIENT_REFUSED: 'patient_refused', MEDICAL_REASON: 'medical_reason' } as const;
export type ScreeningException = (typeof ScreeningException)[keyof typeof ScreeningException];
export const SCREENING_EXCEPTIONS: readonly ScreeningException[] = Object.freeze(Object.values(ScreeningException));

/**
 * CMS2 (Preventive Care and Screening: Screening for Depression and Follow-Up Plan), per
 * clinical-reference.md §Screening: patients aged ≥ 12 with a qualifying encounter in the period;
 * numerator = screened on the encounter date or up to 14 days before and, if positive, a follow-up
 * plan on the encounter date or up to 2 days after; excluded: ever diagnosed with bipolar disorder;
 * exceptions: patient refusal, medical reason. Screening is required once per period.
 * The SQL aggregate receives these values as parameters.
 */
export const CMS2_RULES = Object.freeze({
  /** Age in whole years on the first day of the period. */
  minAgeYears: 12,
  /** Screening on the encounter date or up to this many days before. */
  screeningLookbackDays: 14,
  /** Follow-up plan on the encounter date or up to this many days after. */
  followUpWithinDays: 2,
  /** ICD-10-CM F31: bipolar disorder (every code of the category). */
  bipolarIcd10Prefixes: Object.freeze(['F31']) as readonly string[],
});

export interface Cms2Screening {
  readonly on: IsoDate;
  /** Screened with a standardised tool: positive / negative; `null` = not screened (an exception may be recorded). */
  readonly positive: boolean | null;
  /** Date a counting follow-up plan was documented (handout-only plans are not passed). */
  readonly followUpPlanOn: IsoDate | null;
  readonly exception: ScreeningException | null;
}

export interface Cms2Patient {
  readonly patientId: string;
  readonly birthDate: IsoDate;
  /** Dates of bipolar diagnoses (any date: "ever diagnosed"; only those on or before the period's end count). */
  readonly bipolarDiagnosedOn: readonly IsoDate[];
  /** Dates of qualifying encounters. */
  readonly encounters: readonly IsoDate[];
  readonly screenings: readonly Cms2Screening[];
}

export type Cms2Outcome = 'not_in_population' | 'excluded' | 'met' | 'exception' | 'not_met';

export interface Cms2Result {
  readonly initialPopulation: number;
  readonly exclusions: number;
  readonly exceptions: number;
  /** initial population − exclusions − exceptions. */
  readonly denominator: number;
  readonly numerator: number;
  /** numerator / denominator, `null` when the denominator is 0. */
  readonly rate: number | null;
}

/** Whole years of age on `on`. */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** One patient's CMS2 outcome for the period `first`…`last` (inclusive, clinic-local dates). */
export function cms2OutcomeOf(patient: Cms2Patient, first: IsoDate, last: IsoDate): Cms2Outcome {
  const encounters = patient.encounters.filter((on) => on >= first && on <= last);
  if (encounters.length === 0 || ageOn(patient.birthDate, first) < CMS2_RULES.minAgeYears) return 'not_in_population';
  if (patient.bipolarDiagnosedOn.some((on) => on <= last)) return 'excluded';
  const inWindow = (encounter: IsoDate, s: Cms2Screening): boolean =>
    s.on <= encounter && daysBetween(s.on, encounter) <= CMS2_RULES.screeningLookbackDays;
  const met = encounters.some((encounter) =>
    patient.screenings.some(
      (s) =>
        s.positive !== null &&
        inWindow(encounter, s) &&
        (s.positive === false ||
          (s.followUpPlanOn !== null &&
            s.followUpPlanOn >= encounter &&
            s.followUpPlanOn <= addDays(encounter, CMS2_RULES.followUpWithinDays))),
    ),
  );
  if (met) return 'met';
  const exception = encounters.some((encounter) =>
    patient.screenings.some((s) => s.exception !== null && inWindow(encounter, s)),
  );
  return exception ? 'exception' : 'not_met';
}

/** CMS2 over a population for one period. */
export function computeCms2(patients: readonly Cms2Patient[], first: IsoDate, last: IsoDate): Cms2Result {
  const outcomes = patients.map((p) => cms2OutcomeOf(p, first, last));
  const n = (o: Cms2Outcome): number => outcomes.filter((x) => x === o).length;
  const initialPopulation = outcomes.length - n('not_in_population');
  const denominator = initialPopulation - n('excluded') - n('exception');
  const numerator = n('met');
  return {
    initialPopulation,
    exclusions: n('excluded'),
    exceptions: n('exception'),
    denominator,
    numerator,
    rate: denominator === 0 ? null : numerator / denominator,
  };
}
