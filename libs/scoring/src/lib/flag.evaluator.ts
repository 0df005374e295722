import {
  ACTIVE_EPISODE_STATUSES,
  FlagCode,
  FlagSeverity,
  type EpisodeStatus,
  type Flag,
  type IsoDate,
} from '@huddle/shared-types';
import { incompleteFormRule, notImprovingRule, safetyRule, worseningRule } from './clinical-flag.rules';
import { toDayNumber } from './date.utils';
import {
  firstFollowUpRule,
  neverReviewedRule,
  noContactRule,
  noScoreRule,
  reviewOverdueRule,
} from './engagement-flag.rules';
import type { FlagRuleInput } from './flag-rule.model';
import { FLAG_SUPERSEDED_BY, type FlagThresholds } from './flag-thresholds.config';
import { computeEpisodeMeasures } from './episode-measures.calculator';
import type { PatientFlagContext } from './patient-flag-context.model';
import { TRACKING_INSTRUMENT_ID } from './rule-inputs.const';

type FlagRule = (input: FlagRuleInput) => Flag | null;

/** Flag codes raised per patient (caseload capacity is per care manager). */
type PatientFlagCode = Exclude<FlagCode, 'CASELOAD_OVER_CAPACITY'>;

const ENROLLED_NOT_YET_STABLE: readonly EpisodeStatus[] = ['enrolled', 'active'];

/**
 * Which episode states each patient-level rule applies to. Discharged episodes get no flags.
 * Safety and incomplete forms matter from referral on; engagement and review rules need an
 * enrolled (not discharged) episode; non-improvement and the first follow-up concern the active
 * treatment phase, not relapse prevention (worsening still does).
 */
export const FLAG_RULE_SCOPES: Readonly<Record<PatientFlagCode, readonly EpisodeStatus[]>> = {
  SAFETY: ['referred', ...ACTIVE_EPISODE_STATUSES],
  INCOMPLETE_FORM_NEEDS_REVIEW: ['referred', ...ACTIVE_EPISODE_STATUSES],
  NOT_IMPROVING: ENROLLED_NOT_YET_STABLE,
  NOT_IMPROVING_EARLY: ENROLLED_NOT_YET_STABLE,
  FIRST_FOLLOW_UP_OVERDUE: ENROLLED_NOT_YET_STABLE,
  WORSENING: ACTIVE_EPISODE_STATUSES,
  NO_CONTACT_30D: ACTIVE_EPISODE_STATUSES,
  NO_SCORE_30D: ACTIVE_EPISODE_STATUSES,
  NEVER_REVIEWED: ACTIVE_EPISODE_STATUSES,
  REVIEW_OVERDUE: ACTIVE_EPISODE_STATUSES,
};

const RULES: readonly { codes: readonly PatientFlagCode[]; rule: FlagRule }[] = [
  { codes: ['SAFETY'], rule: safetyRule },
  { codes: ['INCOMPLETE_FORM_NEEDS_REVIEW'], rule: incompleteFormRule },
  { codes: ['NOT_IMPROVING', 'NOT_IMPROVING_EARLY'], rule: notImprovingRule },
  { codes: ['WORSENING'], rule: worseningRule },
  { codes: ['FIRST_FOLLOW_UP_OVERDUE'], rule: firstFollowUpRule },
  { codes: ['NO_CONTACT_30D'], rule: noContactRule },
  { codes: ['NO_SCORE_30D'], rule: noScoreRule },
  { codes: ['NEVER_REVIEWED'], rule: neverReviewedRule },
  { codes: ['REVIEW_OVERDUE'], rule: reviewOverdueRule },
];

const SEVERITY_ORDER: readonly FlagSeverity[] = Object.values(FlagSeverity);
const CODE_ORDER: readonly FlagCode[] = Object.values(FlagCode);

/**
 * Runs every patient-level flag rule for one patient's current episode as of `asOf`
 * (clinic-local date; later data is ignored). Rules and their sources are documented on each
 * rule; scopes in {@link FLAG_RULE_SCOPES}; a flag superseded by a more specific one
 * ({@link FLAG_SUPERSEDED_BY}) is dropped. Returns flags most severe first, then in `FlagCode`
 * order. Progress rules use the episode measures of the tracking instrument (default PHQ-9).
 *
 * @param thresholds `DEFAULT_FLAG_THRESHOLDS` or the result of `mergeFlagThresholds(clinicOverrides)`.
 * @throws ScoringValidationError for malformed dates.
 */
export function evaluateFlags(patientContext: PatientFlagContext, thresholds: FlagThresholds, asOf: IsoDate): Flag[] {
  const { status, enrolledAt, dischargedAt } = patientContext.episode;
  if (status === 'discharged') return [];
  const asOfDay = toDayNumber(asOf, 'asOf');
  // Enrolment only counts for an enrolled, active or relapse-prevention episode.
  const enrolledOn = ACTIVE_EPISODE_STATUSES.includes(status) ? enrolledAt : null;
  const trackingInstrumentId = patientContext.trackingInstrumentId ?? TRACKING_INSTRUMENT_ID;
  const input: FlagRuleInput = {
    patient: patientContext,
    thresholds,
    asOf,
    asOfDay,
    dayOf: (date) => toDayNumber(date, 'date'),
    enrolledDay: enrolledOn === null ? null : toDayNumber(enrolledOn, 'episode.enrolledAt'),
    measures:
      enrolledOn === null
        ? null
        : computeEpisodeMeasures(
            patientContext.assessments
              .filter((a) => a.instrumentId === trackingInstrumentId)
              .map((a) => ({ date: a.date, total: a.complete ? a.total : null })),
            { enrolledAt: enrolledOn, asOf, dischargedAt, instrumentId: trackingInstrumentId, thresholds },
          ),
  };

  // An episode without an enrolment date is treated as referred.
  const scopeStatus: EpisodeStatus = enrolledOn === null ? 'referred' : status;
  const flags: Flag[] = [];
  for (const { codes, rule } of RULES) {
    if (!codes.some((code) => FLAG_RULE_SCOPES[code].includes(scopeStatus))) continue;
    const flag = rule(input);
    if (flag) flags.push(flag);
  }
  const present = new Set(flags.map((flag) => flag.code));
  return flags
    .filter((flag) => {
      const superseder = FLAG_SUPERSEDED_BY[flag.code];
      return superseder === undefined || !present.has(superseder);
    })
    .sort(
      (a, b) =>
        SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
        CODE_ORDER.indexOf(a.code) - CODE_ORDER.indexOf(b.code),
    );
}
