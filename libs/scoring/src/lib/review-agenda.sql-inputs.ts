import type { AgendaBucket, EpisodeStatus, FlagCode } from '@huddle/shared-types';
import { FLAG_RULE_SCOPES, UNENROLLED_SCOPE_STATUS } from './flag.evaluator';
import type { FlagThresholds } from './flag-thresholds.config';
import { getInstrument } from './instrument.registry';
import { AGENDA_BUCKET_ORDER, NOT_IMPROVING_CODES } from './review-agenda.sorter';
import { TRACKING_INSTRUMENT_ID } from './rule-inputs.const';

/**
 * What SQL needs to place and order agenda lines exactly like {@link orderReviewAgenda} over
 * `evaluateSummaryFlags` (issue #13: the agenda's page is ordered and cut in SQL), taken from the
 * rules themselves so that SQL restates no threshold, scope or bucket order (ADR 0004). SQL uses them
 * on the summary's facts (baseline / previous / latest tracking-instrument score, safety answers, last
 * review); `apps/api/test/differential` proves the SQL order equal to the library's.
 */
export interface AgendaSqlInputs {
  /** 1-based priority of each bucket ({@link AGENDA_BUCKET_ORDER}); a line takes the lowest that applies. */
  readonly bucketPriority: Readonly<Record<AgendaBucket, number>>;
  /** Status a flag rule sees for an episode without an enrolment date (evaluateFlags: "treated as referred"). */
  readonly unenrolledStatus: EpisodeStatus;
  /** Statuses the SAFETY rule applies to (FLAG_RULE_SCOPES). */
  readonly safetyStatuses: readonly EpisodeStatus[];
  /** Statuses the NOT_IMPROVING / NOT_IMPROVING_EARLY rule applies to. */
  readonly notImprovingStatuses: readonly EpisodeStatus[];
  /** Statuses the WORSENING rule applies to. */
  readonly worseningStatuses: readonly EpisodeStatus[];
  /** First week in treatment at which a non-response raises NOT_IMPROVING_EARLY or NOT_IMPROVING. */
  readonly notImprovingFromWeek: number;
  /** Response: a reduction from baseline of at least this many percent (notImprovingRule). */
  readonly responseReductionPercent: number;
  /** Remission: latest tracking-instrument score below this (`null`: the instrument defines none). */
  readonly remissionBelow: number | null;
  /** WORSENING: latest − previous of at least this many points. */
  readonly worseningPoints: number;
  /** The weekly cut-off of the routine bucket ({@link isDueThisWeek}). */
  readonly routineReviewDays: number;
}

/**
 * The agenda's SQL inputs for a clinic's thresholds (`ClinicRules.thresholds`): the thresholds of
 * notImprovingRule / worseningRule (clinical-reference.md §Measurement-based care rules), the rule
 * scopes of {@link FLAG_RULE_SCOPES} for the codes that make the "not improving" bucket, the tracking
 * instrument's remission cut-off and the bucket order.
 */
export function agendaSqlInputs(thresholds: FlagThresholds): AgendaSqlInputs {
  // A clinic's thresholds are one frozen object for many requests: built once per object.
  const known = Object.isFrozen(thresholds) ? builtInputs.get(thresholds) : undefined;
  if (known) return known;
  const inputs = buildInputs(thresholds);
  if (Object.isFrozen(thresholds)) builtInputs.set(thresholds, inputs);
  return inputs;
}

const builtInputs = new WeakMap<FlagThresholds, AgendaSqlInputs>();

function buildInputs(thresholds: FlagThresholds): AgendaSqlInputs {
  const scopeOf = (codes: readonly FlagCode[]): EpisodeStatus[] => [
    ...new Set(codes.flatMap((code) => (code === 'CASELOAD_OVER_CAPACITY' ? [] : FLAG_RULE_SCOPES[code]))),
  ];
  const progressRuleCodes = NOT_IMPROVING_CODES.filter((code) => code !== 'WORSENING');
  return Object.freeze({
    bucketPriority: Object.fromEntries(AGENDA_BUCKET_ORDER.map((bucket, index) => [bucket, index + 1])) as Record<
      AgendaBucket,
      number
    >,
    unenrolledStatus: UNENROLLED_SCOPE_STATUS,
    safetyStatuses: scopeOf(['SAFETY']),
    notImprovingStatuses: scopeOf(progressRuleCodes),
    worseningStatuses: scopeOf(['WORSENING']),
    notImprovingFromWeek: Math.min(thresholds.notImprovingEarlyWeeks, thresholds.notImprovingWeeks),
    responseReductionPercent: thresholds.responseReductionPercent,
    remissionBelow: getInstrument(TRACKING_INSTRUMENT_ID).outcomeCutoffs?.remissionBelow ?? null,
    worseningPoints: thresholds.worseningPoints,
    routineReviewDays: thresholds.routineReviewDays,
  });
}

/** The bucket of a priority from {@link AgendaSqlInputs.bucketPriority}. */
export function agendaBucketOfPriority(priority: number): AgendaBucket {
  const bucket = AGENDA_BUCKET_ORDER[priority - 1];
  if (bucket === undefined) throw new RangeError(`No agenda bucket has priority ${priority}`);
  return bucket;
}
