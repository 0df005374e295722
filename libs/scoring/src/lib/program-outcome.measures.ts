import type {
  DatedScore,
  InstrumentId,
  IsoDate,
  MeasureResult,
  PatientMeasureExplanation,
  YearMonth,
} from '@huddle/shared-types';
import { monthBounds, toDayNumber } from './date.utils';
import { computeEpisodeMeasures, type EpisodeMeasureThresholds } from './episode-measures.calculator';
import { counted, excluded, notMet, proportionResult } from './measure-result.builder';
import type { ProgramPatient } from './program-patient.model';

/**
 * Windows of the NYS OMH program metrics (clinical-reference.md §Quality measures and
 * §Measurement-based care rules): the improvement rate counts patients enrolled at least 70 days;
 * the consultation rate looks for a consultant review in the last 60 days.
 */
export const PROGRAM_METRIC_WINDOWS = Object.freeze({
  improvementMinDaysEnrolled: 70,
  consultationWindowDays: 60,
  /** The program report's average treatment duration covers episodes discharged in the last year. */
  treatmentDurationLookbackDays: 365,
});

/** Options of {@link computeImprovementRate}. */
export interface ImprovementRateOptions {
  readonly asOf: IsoDate;
  /** Minimum days enrolled to be counted (70). */
  readonly minDaysEnrolled?: number;
  readonly thresholds?: Partial<EpisodeMeasureThresholds>;
  /**
   * Leave patients without a follow-up score out of the denominator (`NO_SCORES`,
   * `NO_FOLLOW_UP_SCORE`) instead of counting them as not improved. Default `false`.
   */
  readonly excludeUnmeasured?: boolean;
}

/**
 * NYS OMH improvement rate (target ≥ 60%): among patients enrolled ≥ 70 days (to `asOf` or
 * discharge), the share "improved" on the latest score: ≥ 50% reduction from baseline or < 10.
 * By default patients without a follow-up score stay in the denominator (not improved), so missing
 * measurement does not flatter the rate; `excludeUnmeasured` leaves them out instead. Per
 * clinical-reference.md §Quality measures and §Measurement-based care rules.
 */
export function computeImprovementRate(
  patients: readonly ProgramPatient[],
  options: ImprovementRateOptions,
): MeasureResult {
  const minDays = options.minDaysEnrolled ?? PROGRAM_METRIC_WINDOWS.improvementMinDaysEnrolled;
  const unmeasured = options.excludeUnmeasured === true ? excluded : notMet;
  return proportionResult(
    'NYS_IMPROVEMENT_RATE',
    patients.map((patient) => {
      const { patientId } = patient;
      const measures = computeEpisodeMeasures(patient.scores, {
        enrolledAt: patient.enrolledAt,
        asOf: options.asOf,
        dischargedAt: patient.dischargedAt,
        instrumentId: patient.instrumentId,
        thresholds: options.thresholds,
      });
      const days = measures.daysInTreatment;
      const details = { enrolledAt: patient.enrolledAt, daysEnrolled: days };
      if (days < minDays) {
        return excluded(patientId, 'ENROLLED_TOO_SHORT', `Enrolled ${days} days (< ${minDays})`, details);
      }
      const { baseline, latest } = measures;
      if (!baseline || !latest) return unmeasured(patientId, 'NO_SCORES', 'No scores in the episode', details);
      const scores = { ...details, baseline: baseline.total, latest: latest.total, latestDate: latest.date };
      if (measures.followUpCount === 0) {
        return unmeasured(patientId, 'NO_FOLLOW_UP_SCORE', `Only a baseline score (${baseline.total})`, scores);
      }
      const improved = measures.improved ?? measures.response ?? false;
      const summary = `${baseline.total} → ${latest.total}`;
      return improved
        ? counted(patientId, true, 'IMPROVED', `Improved: ${summary} (≥ 50% reduction or < 10)`, scores)
        : notMet(patientId, 'NOT_IMPROVED', `Not improved: ${summary}`, scores);
    }),
  );
}

/** Options of {@link computeConsultationRate}. */
export interface ConsultationRateOptions {
  readonly asOf: IsoDate;
  /** Review window in days (60). */
  readonly windowDays?: number;
  readonly thresholds?: Partial<EpisodeMeasureThresholds>;
}

/**
 * NYS OMH psychiatric consultation rate (target ≥ 80%): among patients active on `asOf` and not
 * improved, the share with a consultant review in the last 60 days (`asOf − 60` … `asOf`).
 * Patients enrolled fewer than 60 days ago are left out (their window has not run yet). Per
 * clinical-reference.md §Measurement-based care rules (Review cadence).
 */
export function computeConsultationRate(
  patients: readonly ProgramPatient[],
  options: ConsultationRateOptions,
): MeasureResult {
  const windowDays = options.windowDays ?? PROGRAM_METRIC_WINDOWS.consultationWindowDays;
  const asOfDay = toDayNumber(options.asOf, 'asOf');
  return proportionResult(
    'NYS_CONSULTATION_RATE',
    patients.map((patient): PatientMeasureExplanation => {
      const { patientId } = patient;
      const enrolledDay = toDayNumber(patient.enrolledAt, 'enrolledAt');
      const dischargedDay = patient.dischargedAt ? toDayNumber(patient.dischargedAt, 'dischargedAt') : null;
      if (enrolledDay > asOfDay || (dischargedDay !== null && dischargedDay <= asOfDay)) {
        return excluded(patientId, 'NOT_ACTIVE', `Not active on ${options.asOf}`);
      }
      if (asOfDay - enrolledDay < windowDays) {
        return excluded(
          patientId,
          'ENROLLED_TOO_SHORT',
          `Enrolled ${asOfDay - enrolledDay} days ago (< ${windowDays})`,
        );
      }
      const measures = computeEpisodeMeasures(patient.scores, {
        enrolledAt: patient.enrolledAt,
        asOf: options.asOf,
        instrumentId: patient.instrumentId,
        thresholds: options.thresholds,
      });
      if (measures.improved === true) return excluded(patientId, 'ALREADY_IMPROVED', 'Improved; no review required');
      const reviews = (patient.consultantReviewDates ?? [])
        .map((date) => toDayNumber(date, 'consultantReviewDates'))
        .filter((day) => day <= asOfDay);
      const last = reviews.length > 0 ? Math.max(...reviews) : null;
      const details = { daysSinceLastReview: last === null ? null : asOfDay - last };
      return last !== null && asOfDay - last <= windowDays
        ? counted(patientId, true, 'REVIEWED_IN_WINDOW', `Reviewed ${asOfDay - last} days ago`, details)
        : counted(
            patientId,
            false,
            'NO_REVIEW_IN_WINDOW',
            `No consultant review in the last ${windowDays} days`,
            details,
          );
    }),
  );
}

/**
 * NYS OMH average treatment duration: mean days from enrolment to discharge over episodes
 * discharged on or before `asOf` (active episodes are left out; their duration is not known yet).
 * Result unit `days`: numerator = summed days, denominator = discharged episodes, rate = mean.
 */
export function computeAverageTreatmentDuration(
  patients: readonly ProgramPatient[],
  options: { readonly asOf: IsoDate },
): MeasureResult {
  const asOfDay = toDayNumber(options.asOf, 'asOf');
  let totalDays = 0;
  const explanations = patients.map((patient): PatientMeasureExplanation => {
    const dischargedAt = patient.dischargedAt ?? null;
    if (dischargedAt === null || toDayNumber(dischargedAt, 'dischargedAt') > asOfDay) {
      return excluded(patient.patientId, 'NOT_DISCHARGED', 'Still in treatment');
    }
    const days = toDayNumber(dischargedAt, 'dischargedAt') - toDayNumber(patient.enrolledAt, 'enrolledAt');
    totalDays += days;
    return counted(
      patient.patientId,
      true,
      'DISCHARGED',
      `Treated ${days} days (${patient.enrolledAt} → ${dischargedAt})`,
      { days },
    );
  });
  const denominator = explanations.filter((e) => e.inDenominator).length;
  return {
    measureId: 'NYS_AVERAGE_TREATMENT_DURATION',
    unit: 'days',
    numerator: totalDays,
    denominator,
    rate: denominator === 0 ? null : totalDays / denominator,
    patients: explanations,
  };
}

/** Outcome of one episode in one month of the leadership trends. */
export interface MonthlyOutcome {
  readonly response: boolean;
  readonly remission: boolean;
  readonly improved: boolean;
}

/** Options of {@link judgeMonthlyOutcome}. */
export interface MonthlyOutcomeOptions {
  /** Enrolment date; `null` (referred, never enrolled) = not measured. */
  readonly enrolledAt: IsoDate | null;
  readonly dischargedAt?: IsoDate | null;
  readonly month: YearMonth;
  readonly instrumentId?: InstrumentId;
  readonly thresholds?: Partial<EpisodeMeasureThresholds>;
}

/**
 * How one episode counts in a month of the outcome trends: {@link computeEpisodeMeasures} as of the
 * month's last day, judged on the month's last score. `null` (not measured) when the episode was
 * never enrolled, has no score in the month, or has no follow-up score — a baseline alone is not an
 * outcome (clinical-reference.md §Measurement-based care rules: response, remission and "improved"
 * compare a later score with the baseline).
 */
export function judgeMonthlyOutcome(
  scores: readonly DatedScore[],
  options: MonthlyOutcomeOptions,
): MonthlyOutcome | null {
  if (options.enrolledAt === null) return null;
  const { first, last } = monthBounds(options.month);
  const measures = computeEpisodeMeasures(scores, {
    enrolledAt: options.enrolledAt,
    asOf: last,
    dischargedAt: options.dischargedAt,
    instrumentId: options.instrumentId,
    thresholds: options.thresholds,
  });
  if (!measures.latest || measures.latest.date < first || measures.followUpCount === 0) return null;
  return {
    response: measures.response === true,
    remission: measures.remission === true,
    improved: measures.improved === true,
  };
}
