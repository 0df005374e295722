import type { DatedScore, IsoDate, MeasureResult, PatientMeasureExplanation } from '@huddle/shared-types';
import { addDays, addMonths, toDayNumber } from './date.utils';
import { counted, excluded, proportionResult } from './measure-result.builder';

/** Per-patient input of the depression outcome measures (caller selects patients ≥ the measure's age). */
export interface DepressionOutcomePatient {
  readonly patientId: string;
  /** Major depression or dysthymia diagnosis active in the index period. */
  readonly hasDepressionDiagnosis: boolean;
  /** Denominator exclusion found by the caller (bipolar disorder, hospice, death, …), else null. */
  readonly exclusionReason?: string | null;
  /** PHQ-9 totals (null = incomplete, ignored). */
  readonly phq9Scores: readonly DatedScore[];
}

/** Options of the depression outcome measures. */
export interface DepressionOutcomeOptions {
  /** Inclusive period in which the index PHQ-9 > 9 must fall (HEDIS intake / CMS identification period). */
  readonly indexPeriod: { readonly start: IsoDate; readonly end: IsoDate };
  /** Patients whose follow-up window has not closed by `asOf` are left out of the denominator. */
  readonly asOf: IsoDate;
}

interface ScoreAt {
  date: IsoDate;
  total: number;
}

interface Window {
  start: IsoDate;
  end: IsoDate;
}

type Outcome = 'followUp' | 'remission' | 'response';

/** Index PHQ-9 score: "PHQ-9 > 9" per clinical-reference.md §Quality measures. */
export const DEPRESSION_INDEX_PHQ9_ABOVE = 9;
const INDEX_ABOVE = DEPRESSION_INDEX_PHQ9_ABOVE;

/**
 * Windows and cut-offs of the depression outcome measures (clinical-reference.md §Quality measures):
 * HEDIS DRR-E looks 120–240 days after the index; CMS159 / CBE 1885 look 12 months ± 60 days after it;
 * remission = most recent PHQ-9 < 5; response = most recent ≥ 50% below the index score. SQL takes
 * these as parameters (OutcomesRepository.qualityMeasures).
 */
export const DEPRESSION_OUTCOME_RULES = Object.freeze({
  /** The measures are defined on PHQ-9 totals. */
  instrumentId: 'PHQ9' as const,
  drrEWindowStartDays: 120,
  drrEWindowEndDays: 240,
  twelveMonthWindowMonths: 12,
  twelveMonthToleranceDays: 60,
  remissionBelow: 5,
  responseReductionPercent: 50,
});
const REMISSION_BELOW = DEPRESSION_OUTCOME_RULES.remissionBelow;

/**
 * HEDIS DRR-E (Depression Remission or Response): the first PHQ-9 > 9 in the index period starts
 * the episode; within 120–240 days after it (inclusive): follow-up PHQ-9 recorded, remission (most
 * recent < 5) and response (most recent ≥ 50% below the index score). Per clinical-reference.md
 * §Quality measures. HEDIS's negative-history look-back and age limits are the caller's selection.
 */
export function computeDrrEMeasures(
  patients: readonly DepressionOutcomePatient[],
  options: DepressionOutcomeOptions,
): { followUp: MeasureResult; remission: MeasureResult; response: MeasureResult } {
  const { drrEWindowStartDays, drrEWindowEndDays } = DEPRESSION_OUTCOME_RULES;
  const window = (index: IsoDate): Window => ({
    start: addDays(index, drrEWindowStartDays),
    end: addDays(index, drrEWindowEndDays),
  });
  return {
    followUp: proportionResult('HEDIS_DRR_E_FOLLOW_UP', evaluateAll(patients, options, window, 'followUp')),
    remission: proportionResult('HEDIS_DRR_E_REMISSION', evaluateAll(patients, options, window, 'remission')),
    response: proportionResult('HEDIS_DRR_E_RESPONSE', evaluateAll(patients, options, window, 'response')),
  };
}

/**
 * CMS159 / CBE 0710 / MIPS 370, depression remission at 12 months: index = first PHQ-9 > 9 with a
 * depression diagnosis; numerator = most recent PHQ-9 < 5 within 12 months ± 60 days of the index
 * (the reference's "months 10–14"), inclusive. Per clinical-reference.md §Quality measures.
 */
export function computeCms159Remission(
  patients: readonly DepressionOutcomePatient[],
  options: DepressionOutcomeOptions,
): MeasureResult {
  return proportionResult('CMS159_REMISSION_12M', evaluateAll(patients, options, twelveMonthWindow, 'remission'));
}

/**
 * CBE 1885, depression response at 12 months: most recent PHQ-9 in the CMS159 window (12 months ±
 * 60 days) at least 50% below the index score. Per clinical-reference.md §Quality measures.
 */
export function computeCbe1885Response(
  patients: readonly DepressionOutcomePatient[],
  options: DepressionOutcomeOptions,
): MeasureResult {
  return proportionResult('CBE1885_RESPONSE_12M', evaluateAll(patients, options, twelveMonthWindow, 'response'));
}

function twelveMonthWindow(index: IsoDate): Window {
  const { twelveMonthWindowMonths, twelveMonthToleranceDays } = DEPRESSION_OUTCOME_RULES;
  const anniversary = addMonths(index, twelveMonthWindowMonths);
  return {
    start: addDays(anniversary, -twelveMonthToleranceDays),
    end: addDays(anniversary, twelveMonthToleranceDays),
  };
}

function evaluateAll(
  patients: readonly DepressionOutcomePatient[],
  options: DepressionOutcomeOptions,
  windowOf: (index: IsoDate) => Window,
  outcome: Outcome,
): PatientMeasureExplanation[] {
  const periodStart = toDayNumber(options.indexPeriod.start, 'indexPeriod.start');
  const periodEnd = toDayNumber(options.indexPeriod.end, 'indexPeriod.end');
  const asOfDay = toDayNumber(options.asOf, 'asOf');
  return patients.map((patient) => {
    const scores = completeScores(patient.phq9Scores);
    const { patientId } = patient;
    if (!patient.hasDepressionDiagnosis) {
      return excluded(patientId, 'NO_DEPRESSION_DIAGNOSIS', 'No depression diagnosis');
    }
    const index = scores.find((s) => s.total > INDEX_ABOVE && inRange(s.date, periodStart, periodEnd));
    if (!index) {
      return excluded(
        patientId,
        'NO_INDEX_EVENT',
        `No PHQ-9 > ${INDEX_ABOVE} between ${options.indexPeriod.start} and ${options.indexPeriod.end}`,
      );
    }
    const window = windowOf(index.date);
    const details = {
      indexDate: index.date,
      indexScore: index.total,
      windowStart: window.start,
      windowEnd: window.end,
    };
    if (patient.exclusionReason) {
      return excluded(patientId, 'EXCLUDED', `Excluded: ${patient.exclusionReason}`, details);
    }
    if (toDayNumber(window.end, 'windowEnd') > asOfDay) {
      return excluded(
        patientId,
        'WINDOW_NOT_CLOSED',
        `Follow-up window ${window.start} – ${window.end} has not closed`,
        details,
      );
    }
    const inWindow = scores.filter((s) =>
      inRange(s.date, toDayNumber(window.start, 'windowStart'), toDayNumber(window.end, 'windowEnd')),
    );
    const recent = inWindow[inWindow.length - 1];
    if (!recent) {
      return counted(
        patientId,
        false,
        'NO_SCORE_IN_WINDOW',
        `No PHQ-9 between ${window.start} and ${window.end}`,
        details,
      );
    }
    return judge(patientId, outcome, index, recent, { ...details, scoreDate: recent.date, score: recent.total });
  });
}

function judge(
  patientId: string,
  outcome: Outcome,
  index: ScoreAt,
  recent: ScoreAt,
  details: PatientMeasureExplanation['details'],
): PatientMeasureExplanation {
  const summary = `PHQ-9 ${index.total} on ${index.date} → ${recent.total} on ${recent.date}`;
  switch (outcome) {
    case 'followUp':
      return counted(patientId, true, 'FOLLOW_UP_RECORDED', `Follow-up PHQ-9 recorded (${summary})`, details);
    case 'remission':
      return recent.total < REMISSION_BELOW
        ? counted(
            patientId,
            true,
            'REMISSION_MET',
            `Remission: most recent PHQ-9 < ${REMISSION_BELOW} (${summary})`,
            details,
          )
        : counted(
            patientId,
            false,
            'NOT_IN_REMISSION',
            `Most recent PHQ-9 not < ${REMISSION_BELOW} (${summary})`,
            details,
          );
    case 'response':
      // ≥ 50% below: (index − recent) × 100 ≥ 50 × index, in integers.
      return (index.total - recent.total) * 100 >= DEPRESSION_OUTCOME_RULES.responseReductionPercent * index.total
        ? counted(patientId, true, 'RESPONSE_MET', `Response: ≥ 50% below the index score (${summary})`, details)
        : counted(patientId, false, 'NO_RESPONSE', `Less than 50% below the index score (${summary})`, details);
  }
}

/** Complete scores sorted by date (same-date scores keep input order, so the last is "most recent"). */
function completeScores(scores: readonly DatedScore[]): ScoreAt[] {
  return scores
    .map((score, index) => ({ score, index, day: toDayNumber(score.date, `phq9Scores[${index}].date`) }))
    .filter((entry): entry is { score: ScoreAt; index: number; day: number } => entry.score.total !== null)
    .sort((a, b) => a.day - b.day || a.index - b.index)
    .map((entry) => ({ date: entry.score.date, total: entry.score.total }));
}

function inRange(date: IsoDate, startDay: number, endDay: number): boolean {
  const day = toDayNumber(date, 'date');
  return day >= startDay && day <= endDay;
}
