// Errors and date helpers
export { ScoringValidationError } from './lib/scoring-validation.error';
export { addDays, addMonths, daysBetween, monthBounds, monthOf } from './lib/date.utils';
export { assertTimeZone, localWallClock, startOfLocalDay, toLocalIsoDate } from './lib/time-zone.utils';
export { assertHuddleSchedule, nextHuddleDate, type HuddleSchedule } from './lib/huddle-schedule';

// Instruments and scoring
export type {
  AnswerOption,
  InstrumentDefinition,
  InstrumentItem,
  OutcomeCutoffs,
  PositiveScreenRule,
} from './lib/instrument-definition.model';
export { INSTRUMENTS, getInstrument, followUpOf, type FollowUpInstrument } from './lib/instrument.registry';
export {
  positiveScreenThreshold,
  scoreAssessment,
  severityOf,
  sexSpecificCutoffs,
  type SexSpecificCutoff,
  type AnswerMap,
  type ScoringContext,
} from './lib/assessment.scorer';

// Episode measures
export {
  computeEpisodeMeasures,
  DEFAULT_EPISODE_MEASURE_THRESHOLDS,
  type EpisodeMeasureOptions,
  type EpisodeMeasureThresholds,
} from './lib/episode-measures.calculator';

// Flags and review agenda
export {
  DEFAULT_FLAG_THRESHOLDS,
  FLAG_SEVERITY,
  FLAG_SUPERSEDED_BY,
  FLAG_THRESHOLD_BOUNDS,
  clampFlagThresholds,
  mergeFlagThresholds,
  type FlagThresholds,
} from './lib/flag-thresholds.config';
export type {
  FlagAssessmentInput,
  FlagContactInput,
  FlagEpisodeInput,
  PatientFlagContext,
} from './lib/patient-flag-context.model';
export { evaluateFlags, evaluateSummaryFlags, FLAG_RULE_SCOPES, type EpisodeFlagSummary } from './lib/flag.evaluator';
export { CASELOAD_COUNTED_STATUSES, caseloadCapacityOf, evaluateCaseloadCapacity } from './lib/caseload-capacity.rule';
export { THRESHOLD_BOUNDS, type ReasonedThresholdBounds } from './lib/threshold-bounds.const';
export {
  ANXIETY_INSTRUMENT_ID,
  OUTCOME_INSTRUMENT_IDS,
  SCORING_CONSTANTS,
  TRACKING_INSTRUMENT_ID,
  type ScoringConstants,
} from './lib/rule-inputs.const';
export {
  AGENDA_BUCKET_ORDER,
  isDueThisWeek,
  NOT_IMPROVING_CODES,
  orderReviewAgenda,
  type DueAgendaItem,
  type ReviewAgendaEntry,
  type ReviewAgendaOptions,
} from './lib/review-agenda.sorter';
export { agendaBucketOfPriority, agendaSqlInputs, type AgendaSqlInputs } from './lib/review-agenda.sql-inputs';

// Quality measures
export {
  computeCbe1885Response,
  computeCms159Remission,
  computeDrrEMeasures,
  DEPRESSION_INDEX_PHQ9_ABOVE,
  DEPRESSION_OUTCOME_RULES,
  type DepressionOutcomeOptions,
  type DepressionOutcomePatient,
} from './lib/depression-outcome.measures';
export {
  DEPRESSION_DIAGNOSIS_CODES,
  depressionDiagnosisSqlPatterns,
  isDepressionDiagnosis,
  isDepressionExclusion,
} from './lib/depression-diagnosis.codes';
export {
  countOverviewRecent,
  EPISODE_STATUS_SORT_ORDER,
  episodeStatusRank,
  OVERVIEW_RECENT_SCORES,
  overviewRecentWindow,
} from './lib/registry-sql-inputs.const';
export { explainEmptyMeasure, type MeasureFunnel } from './lib/measure-empty-reason';
export { notBillableReason, type WorklistBillingInput } from './lib/billing-worklist.rules';
export type { ProgramPatient } from './lib/program-patient.model';
export {
  computeAverageTreatmentDuration,
  computeConsultationRate,
  computeImprovementRate,
  judgeMonthlyOutcome,
  PROGRAM_METRIC_WINDOWS,
  type ConsultationRateOptions,
  type ImprovementRateOptions,
  type MonthlyOutcome,
  type MonthlyOutcomeOptions,
} from './lib/program-outcome.measures';
export {
  computeMonthlyContactWithScaleRate,
  computeScreeningYield,
  type ScreeningInput,
  type ScreeningPatient,
} from './lib/program-engagement.measures';

// Billing
export {
  addOnUnits,
  COCM_BILLING_RULES,
  computeMonthlyBilling,
  EPISODE_START_ORDER,
  episodeInitiatingDate,
  NEW_EPISODE_GAP_MONTHS,
  type EpisodeStartDates,
  type BillingEpisode,
  type BillingOptions,
  type BillingTimeEntry,
} from './lib/cocm-billing.calculator';

// Self-report (issue #16): measurement schedule and the patient form's wording
export {
  assertMeasurementSchedule,
  DEFAULT_MEASUREMENT_SCHEDULE,
  isLinkDue,
  linkSendOn,
  MEASUREMENT_SCHEDULE_BOUNDS,
  measurementIntervalDays,
  nextMeasureDue,
  SCHEDULED_INSTRUMENTS,
  SCHEDULED_STATUS_INTERVAL,
  type MeasurementScheduleSettings,
  type ScheduledEpisode,
} from './lib/measurement-schedule.rules';
export {
  CRISIS_RESOURCES,
  SELF_REPORT_WORDING,
  type SelfReportInstrumentWording,
  type SelfReportItemWording,
} from './lib/self-report.wording';

// Chronic conditions (issue #17 cohorts)
export {
  CHRONIC_CONDITIONS,
  CHRONIC_CONDITION_IDS,
  ChronicCondition,
  chronicConditionPrefixes,
  chronicConditionsOf,
  normaliseIcd10,
} from './lib/chronic-condition.cohorts';
export {
  ageInYearsAt,
  CMS159_ECQM_RULES,
  CMS159_VALUE_SETS,
  cms159IdentificationPeriod,
  evaluateCms159Patient,
  summarizeCms159,
  type Cms159Counts,
  type Cms159Event,
  type Cms159Exclusion,
  type Cms159Patient,
  type Cms159PatientResult,
  type Cms159ValueSet,
} from './lib/cms159-ecqm.measure';

// Universal screening, CMS2, referrals and warm handoffs, utilization (issue #17 part 1)
export {
  assertPcPtsd5CutPoint,
  PC_PTSD5,
  scorePcPtsd5,
  type PcPtsd5Answers,
  type PcPtsd5Result,
} from './lib/pc-ptsd5.screener';
export {
  ageOn,
  auditCCutoffFor,
  CMS2_RULES,
  cms2OutcomeOf,
  computeCms2,
  COUNTING_FOLLOW_UP_PLAN_KINDS,
  DEFAULT_SCREENING_SETTINGS,
  depressionScreenPositive,
  FOLLOW_UP_PLAN_KINDS,
  FollowUpPlanKind,
  followUpPlanCounts,
  resolveScreeningSettings,
  SCREENING_EXCEPTIONS,
  SCREENING_SETTING_BOUNDS,
  ScreeningException,
  type Cms2Outcome,
  type Cms2Patient,
  type Cms2Result,
  type Cms2Screening,
  type ScreeningSettings,
} from './lib/screening.rules';
export {
  ENGAGEMENT_RULE,
  isEngaged,
  median,
  referralJourney,
  summariseHandoffs,
  type HandoffSummary,
  type ReferralJourney,
  type ReferralJourneyInput,
} from './lib/referral.rules';
export {
  computeUtilization,
  isReadmission,
  UTILIZATION_KINDS,
  UTILIZATION_RULES,
  UtilizationKind,
  utilizationClassOf,
  utilizationKindOfClass,
  type UtilizationCounts,
  type UtilizationEvent,
} from './lib/utilization.rules';

// Social needs (issue #17: AHC HRSN core questions)
export {
  HRSN_DERIVED_CODES,
  HRSN_IMPORT_CODES,
  HRSN_ITEMS,
  HRSN_SAFETY_POSITIVE_ABOVE,
  HrsnAnswerError,
  positiveSocialNeeds,
  scoreHrsn,
  SOCIAL_NEED_DOMAINS,
  SocialNeedDomain,
  type HrsnAnswerOption,
  type HrsnAnswers,
  type HrsnDomainResult,
  type HrsnItem,
} from './lib/social-needs.hrsn';
export {
  PRAPARE_NEED_CODES,
  prapareSocialNeeds,
  type PrapareNeedsResult,
  type PrapareQuestionRule,
} from './lib/social-needs.prapare';
export {
  COHORT_OUTCOME_RULES,
  computeOutcomesByCohort,
  judgeCohortEpisode,
  type CohortOutcomeCounts,
  type CohortOutcomeEpisode,
} from './lib/cohort-outcome.measures';
