import {
  AdministrativeGender,
  type AssessmentScoreResult,
  type InstrumentId,
  type SeverityBand,
} from '@huddle/shared-types';
import type { InstrumentDefinition } from './instrument-definition.model';
import { getInstrument, INSTRUMENTS } from './instrument.registry';
import { ScoringValidationError } from './scoring-validation.error';

/** Raw answers keyed by item id; `null`/`undefined` = not answered. */
export type AnswerMap = Readonly<Record<string, number | null | undefined>>;

/** Optional facts that change how a total is interpreted. */
export interface ScoringContext {
  /** Selects the female AUDIT-C cut-off (≥3); any other value or none uses the default (≥4). */
  readonly sex?: AdministrativeGender | null;
  /** Clinic override of the instrument's positive-screen cut-off (e.g. PCL-5 31 instead of 33). */
  readonly positiveScreenThreshold?: number | null;
}

/**
 * Scores one administration of an instrument.
 *
 * - Answers are validated against the definition: unknown item ids (which also catches too many
 *   items), non-integers and out-of-range values throw a {@link ScoringValidationError} naming the
 *   item. Non-scored items (PHQ-9 difficulty) are validated but neither summed nor required.
 * - Per clinical-reference.md §Instruments "Missing items": the total, severity and a negative
 *   screen are only given for a complete form; an incomplete form is `complete: false` with its
 *   `missingItems`. It is still a positive screen when the answered items alone reach the cut-off
 *   (missing answers can only add), and `safetyRisk` is raised by item 9 > 0 regardless.
 *
 * @example scoreAssessment('PHQ9', { phq9_1: 2, …, phq9_9: 1 }) // { total: 14, severity: moderate, safetyRisk: true, … }
 */
export function scoreAssessment(
  instrumentId: InstrumentId,
  answers: AnswerMap,
  context: ScoringContext = {},
): AssessmentScoreResult {
  const instrument = getInstrument(instrumentId);
  const items = normalizeAnswers(instrument, answers);
  const scoredItems = instrument.items.filter((item) => item.scored);
  const missingItems = scoredItems.filter((item) => items[item.id] === null).map((item) => item.id);
  const answeredSum = scoredItems.reduce((sum, item) => sum + (items[item.id] ?? 0), 0);
  const complete = missingItems.length === 0;
  const total = complete ? answeredSum : null;
  const threshold = positiveScreenThreshold(instrument, context);
  const safetyValue = instrument.safetyItemId === null ? null : items[instrument.safetyItemId];

  return {
    instrumentId: instrument.id,
    total,
    severity: total === null ? null : severityOf(instrument, total),
    positiveScreen: complete ? answeredSum >= threshold : answeredSum >= threshold ? true : null,
    positiveScreenThreshold: threshold,
    complete,
    missingItems,
    safetyRisk: safetyValue !== null && safetyValue !== undefined && safetyValue > 0,
    items,
  };
}

/**
 * The severity band containing `total`, or `null` when the instrument defines no bands.
 * @throws ScoringValidationError when `total` is outside the instrument's range.
 */
export function severityOf(
  instrument: InstrumentDefinition,
  total: number,
): Pick<SeverityBand, 'code' | 'label'> | null {
  if (!Number.isInteger(total) || total < instrument.totalRange.min || total > instrument.totalRange.max) {
    throw new ScoringValidationError(
      'total',
      `${instrument.name} total must be an integer ${instrument.totalRange.min}–${instrument.totalRange.max}, got ${String(total)}`,
    );
  }
  const band = instrument.severityBands.find((candidate) => total >= candidate.min && total <= candidate.max);
  return band ? { code: band.code, label: band.label } : null;
}

/**
 * The positive-screen cut-off applied to `instrument` in `context`: the clinic override if any,
 * else the female cut-off for `sex: 'female'` where one exists, else the default.
 */
export function positiveScreenThreshold(instrument: InstrumentDefinition, context: ScoringContext = {}): number {
  const override = context.positiveScreenThreshold;
  if (override !== undefined && override !== null) {
    const { min, max } = instrument.totalRange;
    if (!Number.isInteger(override) || override < min || override > max) {
      throw new ScoringValidationError(
        'positiveScreenThreshold',
        `${instrument.name} positive-screen threshold must be an integer ${min}–${max}, got ${String(override)}`,
      );
    }
    return override;
  }
  const rule = instrument.positiveScreen;
  return context.sex === 'female' && rule.femaleThreshold !== undefined ? rule.femaleThreshold : rule.threshold;
}

/** A positive-screen cut-off that depends on the patient's recorded sex. */
export interface SexSpecificCutoff {
  /** Recorded sex; null = not recorded. */
  readonly sex: AdministrativeGender | null;
  readonly instrument: InstrumentId;
  /** The cut-off scoring applies for this sex. */
  readonly threshold: number;
  /** Whether it differs from the cut-off applied when no sex is given (what a score scored without one used). */
  readonly differsFromDefault: boolean;
}

const RECORDED_SEXES: ReadonlyArray<AdministrativeGender | null> = [...Object.values(AdministrativeGender), null];

/**
 * Every (recorded sex, instrument) pair of the instruments whose positive screen depends on sex (AUDIT-C:
 * ≥ 3 women, ≥ 4 otherwise; clinical-reference.md), with the cut-off scoring applies: what stored positive
 * screens are re-judged by when a patient's recorded sex changes or arrives after the score (imports).
 */
export function sexSpecificCutoffs(): SexSpecificCutoff[] {
  return Object.values(INSTRUMENTS)
    .filter((definition) => definition.positiveScreen.femaleThreshold !== undefined)
    .flatMap((definition) =>
      RECORDED_SEXES.map((sex) => {
        const threshold = positiveScreenThreshold(definition, { sex });
        return {
          sex,
          instrument: definition.id,
          threshold,
          differsFromDefault: threshold !== positiveScreenThreshold(definition),
        };
      }),
    );
}

function normalizeAnswers(instrument: InstrumentDefinition, answers: AnswerMap): Record<string, number | null> {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    throw new ScoringValidationError('answers', `${instrument.name} answers must be an object keyed by item id`);
  }
  const known = new Set(instrument.items.map((item) => item.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) {
      throw new ScoringValidationError(
        `answers.${key}`,
        `Unknown item "${key}" for ${instrument.name}; expected only ${[...known].join(', ')}`,
        key,
      );
    }
  }
  const items: Record<string, number | null> = {};
  for (const item of instrument.items) {
    const value: unknown = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
    if (value === null || value === undefined) {
      items[item.id] = null;
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < item.min || value > item.max) {
      throw new ScoringValidationError(
        `answers.${item.id}`,
        `${instrument.name} item "${item.id}" (${item.text}) must be an integer ${item.min}–${item.max}, got ${describeValue(value)}`,
        item.id,
      );
    }
    items[item.id] = value;
  }
  return items;
}

function describeValue(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}
