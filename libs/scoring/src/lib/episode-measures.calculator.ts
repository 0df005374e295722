import type { DatedScore, EpisodeMeasures, InstrumentId, IsoDate, ScorePoint } from '@huddle/shared-types';
import { toDayNumber } from './date.utils';
import { getInstrument } from './instrument.registry';
import { ScoringValidationError } from './scoring-validation.error';
import { assertThresholds, EPISODE_THRESHOLD_BOUNDS } from './thresholds.validation';

/** Clinic-configurable thresholds of measurement-based care. */
export interface EpisodeMeasureThresholds {
  /** Scores up to this many days before enrolment may serve as baseline (14). */
  readonly baselineLookbackDays: number;
  /** Reduction from baseline that counts as response, in percent (50). */
  readonly responseReductionPercent: number;
  /** Increase from the previous score that counts as worsening, in points (5). */
  readonly worseningPoints: number;
  /** Week by which the trajectory should reach the response target (12). */
  readonly targetWeeks: number;
}

/**
 * Defaults per clinical-reference.md §Measurement-based care rules: baseline window 14 days before
 * enrolment, response ≥50% reduction, worsening ≥5 points (reliable change on the PHQ-9), target
 * reached by week 12 (the end of the AIMS 10–12 week window).
 */
export const DEFAULT_EPISODE_MEASURE_THRESHOLDS: Readonly<EpisodeMeasureThresholds> = Object.freeze({
  baselineLookbackDays: 14,
  responseReductionPercent: 50,
  worseningPoints: 5,
  targetWeeks: 12,
});

/** Options of {@link computeEpisodeMeasures}. */
export interface EpisodeMeasureOptions {
  readonly enrolledAt: IsoDate;
  /** Clinic-local "today"; later scores are ignored. */
  readonly asOf: IsoDate;
  /** Scores after discharge are ignored and treatment time stops there. */
  readonly dischargedAt?: IsoDate | null;
  /** Instrument of the series (default PHQ-9); selects remission/"improved" cut-offs. */
  readonly instrumentId?: InstrumentId;
  readonly thresholds?: Partial<EpisodeMeasureThresholds>;
}

/**
 * Measurement-based-care measures of one episode from a dated series of one instrument's totals.
 * Per clinical-reference.md §Measurement-based care rules:
 * - baseline = first score dated from `enrolledAt − 14 days` on; latest = last score up to
 *   `asOf` (or discharge). Scores with a `null` total (incomplete forms) are skipped; scores on
 *   the same date keep their input order.
 * - response ≥50% reduction; remission < 5; improved (NYS) = response or < 10; worsening =
 *   latest − previous ≥ 5. Outcome fields need a follow-up score and are otherwise `null`; a
 *   baseline of 0 makes percentage-based fields `null`.
 * - target = highest score meeting the response reduction (`floor(baseline / 2)`); on track =
 *   latest at or below the straight line from baseline (at enrolment) to target (at week 12).
 */
export function computeEpisodeMeasures(scores: readonly DatedScore[], options: EpisodeMeasureOptions): EpisodeMeasures {
  const thresholds = measureThresholds(options.thresholds);
  const instrument = getInstrument(options.instrumentId ?? 'PHQ9');
  const enrolledDay = toDayNumber(options.enrolledAt, 'enrolledAt');
  const asOfDay = toDayNumber(options.asOf, 'asOf');
  const dischargedDay = options.dischargedAt ? toDayNumber(options.dischargedAt, 'dischargedAt') : null;
  const endDay = dischargedDay === null ? asOfDay : Math.min(asOfDay, dischargedDay);
  const firstDay = enrolledDay - thresholds.baselineLookbackDays;

  const series = scores
    .map((score, index) => ({ score, day: toDayNumber(score.date, `scores[${index}].date`), index }))
    .filter((entry): entry is { score: ScorePoint; day: number; index: number } => {
      if (entry.score.total === null) return false;
      assertTotal(entry.score.total, instrument.totalRange, entry.index);
      return entry.day >= firstDay && entry.day <= endDay;
    })
    .sort((a, b) => a.day - b.day || a.index - b.index);

  const daysInTreatment = Math.max(0, endDay - enrolledDay);
  const first = series[0];
  const last = series[series.length - 1];
  const beforeLast = series.length >= 2 ? series[series.length - 2] : undefined;
  const measures: EpisodeMeasures = {
    instrumentId: instrument.id,
    baseline: first ? point(first.score) : null,
    latest: last ? point(last.score) : null,
    previous: beforeLast ? point(beforeLast.score) : null,
    followUpCount: Math.max(0, series.length - 1),
    daysInTreatment,
    weeksInTreatment: Math.floor(daysInTreatment / 7),
    change: null,
    percentChange: null,
    response: null,
    remission: null,
    improved: null,
    worsening: null,
    targetScore: null,
    expectedScore: null,
    onTrack: null,
  };
  if (!first || !last || !beforeLast) return measures;

  const baseline = first.score.total;
  const latest = last.score.total;
  const keptPercent = 100 - thresholds.responseReductionPercent;
  const response = baseline > 0 ? (baseline - latest) * 100 >= thresholds.responseReductionPercent * baseline : null;
  const cutoffs = instrument.outcomeCutoffs;
  const targetScore = baseline > 0 ? Math.floor((baseline * keptPercent) / 100) : null;
  const expectedScore =
    targetScore === null
      ? null
      : baseline -
        (baseline - targetScore) * Math.min(Math.max(0, last.day - enrolledDay) / (7 * thresholds.targetWeeks), 1);

  return {
    ...measures,
    change: latest - baseline,
    percentChange: baseline > 0 ? ((latest - baseline) * 100) / baseline : null,
    response,
    remission: cutoffs ? latest < cutoffs.remissionBelow : null,
    improved: cutoffs ? response === true || latest < cutoffs.improvedBelow : null,
    worsening: latest - beforeLast.score.total >= thresholds.worseningPoints,
    targetScore,
    expectedScore,
    onTrack: expectedScore === null ? null : latest <= expectedScore,
  };
}

/**
 * Thresholds merged over the defaults and checked, remembered per frozen overrides object (issue #13: the
 * flags of a caseload or agenda pass the clinic's one frozen thresholds object for hundreds of episodes).
 * A mutable object is merged and checked on every call, since it may change between calls.
 */
const checkedThresholds = new WeakMap<object, EpisodeMeasureThresholds>();

function measureThresholds(overrides: EpisodeMeasureOptions['thresholds']): EpisodeMeasureThresholds {
  const frozen = overrides !== null && overrides !== undefined && Object.isFrozen(overrides);
  const known = frozen ? checkedThresholds.get(overrides) : undefined;
  if (known) return known;
  const thresholds = { ...DEFAULT_EPISODE_MEASURE_THRESHOLDS, ...definedOnly(overrides) };
  assertThresholds({ ...thresholds }, EPISODE_THRESHOLD_BOUNDS);
  if (frozen) checkedThresholds.set(overrides, thresholds);
  return thresholds;
}

/** Drops `undefined` values so a partial override never erases a default. */
export function definedOnly<T extends object>(overrides: Partial<T> | null | undefined): Partial<T> {
  if (!overrides) return {};
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function point(score: ScorePoint): ScorePoint {
  return { date: score.date, total: score.total };
}

function assertTotal(total: number, range: { min: number; max: number }, index: number): void {
  if (!Number.isInteger(total) || total < range.min || total > range.max) {
    throw new ScoringValidationError(
      `scores[${index}].total`,
      `scores[${index}].total must be an integer ${range.min}–${range.max} or null, got ${String(total)}`,
    );
  }
}
