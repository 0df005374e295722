import {
  CHRONIC_CONDITION_IDS,
  chronicConditionPrefixes,
  CMS2_RULES,
  COUNTING_FOLLOW_UP_PLAN_KINDS,
  UTILIZATION_RULES,
} from '@huddle/scoring';
import type { Cms2Params, UtilizationParams } from './screening-aggregates.repository';

/** SQL parameters of CMS2, from libs/scoring (ADR 0004: no literals in SQL). */
export function cms2Params(): Cms2Params {
  return {
    minAgeYears: CMS2_RULES.minAgeYears,
    screeningLookbackDays: CMS2_RULES.screeningLookbackDays,
    followUpWithinDays: CMS2_RULES.followUpWithinDays,
    bipolarPatterns: CMS2_RULES.bipolarIcd10Prefixes.map((p) => `${p}%`),
    countingKinds: [...COUNTING_FOLLOW_UP_PLAN_KINDS],
    utilizationSystem: UTILIZATION_RULES.classSystem,
    utilizationCodes: [UTILIZATION_RULES.edVisitClass, UTILIZATION_RULES.admissionClass],
  };
}

/** SQL parameters of utilization by chronic-condition cohort, from libs/scoring. */
export function utilizationParams(): UtilizationParams {
  const pairs = CHRONIC_CONDITION_IDS.flatMap((id) => chronicConditionPrefixes(id).map((p) => [id, `${p}%`] as const));
  return {
    system: UTILIZATION_RULES.classSystem,
    edCode: UTILIZATION_RULES.edVisitClass,
    admissionCode: UTILIZATION_RULES.admissionClass,
    readmissionWindowDays: UTILIZATION_RULES.readmissionWindowDays,
    cohortIds: pairs.map(([id]) => id),
    cohortPatterns: pairs.map(([, pattern]) => pattern),
    cohorts: [...CHRONIC_CONDITION_IDS],
  };
}
