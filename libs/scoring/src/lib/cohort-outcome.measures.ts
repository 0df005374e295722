import { CHRONIC_CONDITION_IDS, type ChronicCondition } from './chronic-condition.cohorts';
import { DEPRESSION_INDEX_PHQ9_ABOVE, DEPRESSION_OUTCOME_RULES } from './depression-outcome.measures';

/**
 * "Outcomes by cohort" (issue #17): remission and response of enrolled episodes, split by whether
 * the patient has an active chronic condition (chronic-condition.cohorts.ts). An episode counts when
 * its first complete PHQ-9 (the baseline) is above {@link DEPRESSION_INDEX_PHQ9_ABOVE} and a later
 * one exists; remission = latest PHQ-9 below `remissionBelow`, response = latest ≥ 50% below the
 * baseline (clinical-reference.md §Quality measures; DEPRESSION_OUTCOME_RULES). SQL receives these as
 * parameters (OutcomesByCohortRepository) and a test compares its figures with this function.
 */
export const COHORT_OUTCOME_RULES = Object.freeze({
  instrumentId: DEPRESSION_OUTCOME_RULES.instrumentId,
  baselineAbove: DEPRESSION_INDEX_PHQ9_ABOVE,
  remissionBelow: DEPRESSION_OUTCOME_RULES.remissionBelow,
  responseReductionPercent: DEPRESSION_OUTCOME_RULES.responseReductionPercent,
  /** Condition statuses (FHIR clinicalStatus codes, and the problem list's) that place a patient in a cohort. */
  activeConditionStatuses: Object.freeze(['active', 'recurrence', 'relapse']) as readonly string[],
});

export interface CohortOutcomeEpisode {
  readonly episodeId: string;
  /** The patient's active chronic conditions. */
  readonly conditions: readonly ChronicCondition[];
  /** Complete PHQ-9 totals of the episode, in recorded order (date, then entry). */
  readonly phq9: readonly number[];
}

export interface CohortOutcomeCounts {
  readonly episodes: number;
  readonly remission: number;
  readonly response: number;
}

/** Whether an episode counts and, if so, its remission and response. */
export function judgeCohortEpisode(phq9: readonly number[]): { remission: boolean; response: boolean } | null {
  const baseline = phq9[0];
  const latest = phq9[phq9.length - 1];
  if (phq9.length < 2 || baseline === undefined || latest === undefined) return null;
  if (baseline <= COHORT_OUTCOME_RULES.baselineAbove) return null;
  return {
    remission: latest < COHORT_OUTCOME_RULES.remissionBelow,
    response: latest * 100 <= baseline * (100 - COHORT_OUTCOME_RULES.responseReductionPercent),
  };
}

/** Per chronic condition (display order): counts of episodes with and without it. */
export function computeOutcomesByCohort(
  episodes: readonly CohortOutcomeEpisode[],
): Array<{ condition: ChronicCondition; with: CohortOutcomeCounts; without: CohortOutcomeCounts }> {
  const judged = episodes.flatMap((episode) => {
    const outcome = judgeCohortEpisode(episode.phq9);
    return outcome ? [{ conditions: episode.conditions, ...outcome }] : [];
  });
  const tally = (rows: typeof judged): CohortOutcomeCounts => ({
    episodes: rows.length,
    remission: rows.filter((r) => r.remission).length,
    response: rows.filter((r) => r.response).length,
  });
  return CHRONIC_CONDITION_IDS.map((condition) => ({
    condition,
    with: tally(judged.filter((r) => r.conditions.includes(condition))),
    without: tally(judged.filter((r) => !r.conditions.includes(condition))),
  }));
}
