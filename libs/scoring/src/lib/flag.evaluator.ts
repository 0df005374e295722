import {
  ACTIVE_EPISODE_STATUSES,
  FlagCode,
  FlagSeverity,
  PATIENT_CONTACT_TYPES,
  type DatedScore,
  type EpisodeStatus,
  type Flag,
  type InstrumentId,
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
import type { FlagFacts, FlagRuleInput } from './flag-rule.model';
import { FLAG_SUPERSEDED_BY, type FlagThresholds } from './flag-thresholds.config';
import { computeEpisodeMeasures } from './episode-measures.calculator';
import { INSTRUMENTS } from './instrument.registry';
import type { FlagAssessmentInput, FlagEpisodeInput, PatientFlagContext } from './patient-flag-context.model';
import { TRACKING_INSTRUMENT_ID } from './rule-inputs.const';

type FlagRule = (input: FlagRuleInput) => Flag | null;

/** Flag codes raised per patient (caseload capacity is per care manager). */
type PatientFlagCode = Exclude<FlagCode, 'CASELOAD_OVER_CAPACITY'>;

const ENROLLED_NOT_YET_STABLE: readonly EpisodeStatus[] = ['enrolled', 'active'];

/** The status a flag rule's scope sees for an episode without an enrolment date: it is treated as referred. */
export const UNENROLLED_SCOPE_STATUS: EpisodeStatus = 'referred';

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
  if (patientContext.episode.status === 'discharged') return [];
  const asOfDay = toDayNumber(asOf, 'asOf');
  const dayOf = (date: IsoDate): number => toDayNumber(date, 'date');
  const trackingInstrumentId = patientContext.trackingInstrumentId ?? TRACKING_INSTRUMENT_ID;
  const { assessments, contacts, episode } = patientContext;
  const enrolledOn = enrolmentOf(episode);
  // Data after `asOf` is ignored (PatientFlagContext), a later initial assessment included.
  const initialContacts = contacts
    .filter((c) => c.type === 'initial_assessment')
    .map((c) => dayOf(c.date))
    .filter((day) => day <= asOfDay);
  const facts: FlagFacts = {
    attention: assessments,
    lastOutcomeScoreDay: lastDay(
      assessments
        .filter((a) => a.complete && a.total !== null && INSTRUMENTS[a.instrumentId].tracksOutcome)
        .map((a) => dayOf(a.date)),
      asOfDay,
    ),
    lastPatientContactDay: lastDay(
      contacts.filter((c) => c.type === undefined || PATIENT_CONTACT_TYPES.includes(c.type)).map((c) => dayOf(c.date)),
      asOfDay,
    ),
    initialAssessmentDay: episode.initialAssessmentAt
      ? dayOf(episode.initialAssessmentAt)
      : initialContacts.length > 0
        ? Math.min(...initialContacts)
        : enrolledOn === null
          ? null
          : toDayNumber(enrolledOn, 'episode.enrolledAt'),
    lastReviewDay: lastDay(patientContext.consultantReviewDates.map(dayOf), asOfDay),
  };
  const series = assessments
    .filter((a) => a.instrumentId === trackingInstrumentId)
    .map((a) => ({ date: a.date, total: a.complete ? a.total : null }));
  return runRules(episode, facts, series, trackingInstrumentId, thresholds, asOf);
}

/**
 * What SQL reduces an open episode to (the caseload's aggregate): the tracking instrument's baseline,
 * previous and latest complete scores in the measurement window, the attention forms, and the dates
 * the engagement and review rules look at. All dates clinic-local.
 */
export interface EpisodeFlagSummary {
  readonly patientId: string;
  readonly episode: FlagEpisodeInput;
  readonly trackingInstrumentId?: InstrumentId;
  /** First complete score of the tracking instrument in the window (enrolment − look-back … asOf/discharge). */
  readonly baseline: (DatedScore & { readonly id: string }) | null;
  /** The score before `latest` in the same window. */
  readonly previous: (DatedScore & { readonly id: string }) | null;
  readonly latest: (DatedScore & { readonly id: string }) | null;
  /** Safety answers and incomplete forms up to `asOf`. */
  readonly attention: readonly FlagAssessmentInput[];
  /** Last complete score of any outcome instrument up to `asOf`. */
  readonly lastOutcomeScoreAt: IsoDate | null;
  /** First completed initial-assessment contact. */
  readonly firstInitialAssessmentAt: IsoDate | null;
  /** Last completed patient contact up to `asOf`. */
  readonly lastPatientContactAt: IsoDate | null;
  /** Last consultant review up to `asOf`. */
  readonly lastReviewAt: IsoDate | null;
}

/**
 * The flags of {@link evaluateFlags} from an {@link EpisodeFlagSummary}: the same rules on the same
 * facts, taken as SQL computed them instead of derived from the full history. The measures come from
 * the baseline, previous and latest scores (all `computeEpisodeMeasures` judges progress on).
 */
export function evaluateSummaryFlags(summary: EpisodeFlagSummary, thresholds: FlagThresholds, asOf: IsoDate): Flag[] {
  if (summary.episode.status === 'discharged') return [];
  const asOfDay = toDayNumber(asOf, 'asOf');
  const upTo = (date: IsoDate | null, field: string): number | null => {
    if (date === null) return null;
    const day = toDayNumber(date, field);
    return day <= asOfDay ? day : null;
  };
  const enrolledOn = enrolmentOf(summary.episode);
  const explicitInitial = summary.episode.initialAssessmentAt ?? summary.firstInitialAssessmentAt;
  const facts: FlagFacts = {
    attention: summary.attention,
    lastOutcomeScoreDay: upTo(summary.lastOutcomeScoreAt, 'lastOutcomeScoreAt'),
    lastPatientContactDay: upTo(summary.lastPatientContactAt, 'lastPatientContactAt'),
    initialAssessmentDay: explicitInitial
      ? toDayNumber(explicitInitial, 'firstInitialAssessmentAt')
      : enrolledOn === null
        ? null
        : toDayNumber(enrolledOn, 'episode.enrolledAt'),
    lastReviewDay: upTo(summary.lastReviewAt, 'lastReviewAt'),
  };
  const points: Array<DatedScore & { readonly id: string }> = [];
  for (const point of [summary.baseline, summary.previous, summary.latest]) {
    if (point && !points.some((p) => p.id === point.id)) points.push(point);
  }
  const series = points.map(({ date, total }) => ({ date, total }));
  return runRules(
    summary.episode,
    facts,
    series,
    summary.trackingInstrumentId ?? TRACKING_INSTRUMENT_ID,
    thresholds,
    asOf,
  );
}

/** Enrolment only counts for an enrolled, active or relapse-prevention episode. */
function enrolmentOf(episode: FlagEpisodeInput): IsoDate | null {
  return ACTIVE_EPISODE_STATUSES.includes(episode.status) ? episode.enrolledAt : null;
}

function lastDay(days: readonly number[], asOfDay: number): number | null {
  const past = days.filter((day) => day <= asOfDay);
  return past.length > 0 ? Math.max(...past) : null;
}

function runRules(
  episode: FlagEpisodeInput,
  facts: FlagFacts,
  series: readonly DatedScore[],
  trackingInstrumentId: InstrumentId,
  thresholds: FlagThresholds,
  asOf: IsoDate,
): Flag[] {
  const { status, dischargedAt } = episode;
  if (status === 'discharged') return [];
  const asOfDay = toDayNumber(asOf, 'asOf');
  const enrolledOn = enrolmentOf(episode);
  const input: FlagRuleInput = {
    episode,
    facts,
    thresholds,
    asOf,
    asOfDay,
    dayOf: (date) => toDayNumber(date, 'date'),
    enrolledDay: enrolledOn === null ? null : toDayNumber(enrolledOn, 'episode.enrolledAt'),
    measures:
      enrolledOn === null
        ? null
        : computeEpisodeMeasures(series, {
            enrolledAt: enrolledOn,
            asOf,
            dischargedAt,
            instrumentId: trackingInstrumentId,
            thresholds,
          }),
  };

  const scopeStatus: EpisodeStatus = enrolledOn === null ? UNENROLLED_SCOPE_STATUS : status;
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
