import { ScoringValidationError } from './scoring-validation.error';

/**
 * PC-PTSD-5 (Primary Care PTSD Screen for DSM-5): a trauma-exposure question, then 5 yes/no items;
 * score 0–5 (0 when there was no exposure: the items are not asked). Positive at the cut-point.
 * Per clinical-reference.md §Screening: "Its validation studies (Prins 2016, Bovin 2021) found 4 the
 * best overall cut-point, 3 more sensitive (notably for women); default 3, clinic-configurable.
 * Positive → PCL-5 or clinical interview."
 *
 * Not one of the `InstrumentId` instruments (those are item-scored forms stored as assessments); a
 * screening visit stores its answers, and a positive screen prompts the PCL-5, which is one.
 */
export const PC_PTSD5 = Object.freeze({
  name: 'PC-PTSD-5',
  exposureQuestion:
    'Sometimes things happen to people that are unusually or especially frightening, horrible, or traumatic. Have you ever experienced this kind of event?',
  items: Object.freeze([
    {
      id: 'pcptsd5_1',
      text: 'Had nightmares about the event(s) or thought about the event(s) when you did not want to?',
    },
    {
      id: 'pcptsd5_2',
      text: 'Tried hard not to think about the event(s) or went out of your way to avoid situations that reminded you of the event(s)?',
    },
    { id: 'pcptsd5_3', text: 'Been constantly on guard, watchful, or easily startled?' },
    { id: 'pcptsd5_4', text: 'Felt numb or detached from people, activities, or your surroundings?' },
    {
      id: 'pcptsd5_5',
      text: 'Felt guilty or unable to stop blaming yourself or others for the event(s) or any problems the event(s) may have caused?',
    },
  ]),
  totalRange: Object.freeze({ min: 0, max: 5 }),
  /** Default cut-point (reference: 3 default; 4 best overall). */
  defaultCutPoint: 3,
  /** A clinic may choose any cut-point within these (the studies examined 3 and 4; 1–5 keeps the score meaningful). */
  cutPointBounds: Object.freeze({ min: 1, max: 5 }),
  /** Full instrument to give after a positive screen. */
  followUpInstrument: 'PCL5' as const,
});

/** Answers of one PC-PTSD-5: exposure, then the 5 items (`true` = yes); items are ignored without exposure. */
export interface PcPtsd5Answers {
  readonly traumaExposure: boolean;
  readonly items?: readonly boolean[] | null;
}

export interface PcPtsd5Result {
  readonly total: number;
  readonly positive: boolean;
  readonly cutPoint: number;
}

/** Checks a clinic's cut-point. @throws ScoringValidationError naming `field`. */
export function assertPcPtsd5CutPoint(cutPoint: number, field = 'pcPtsd5CutPoint'): void {
  const { min, max } = PC_PTSD5.cutPointBounds;
  if (!Number.isInteger(cutPoint) || cutPoint < min || cutPoint > max) {
    throw new ScoringValidationError(field, `${field} must be an integer ${min}–${max}`);
  }
}

/**
 * Scores a PC-PTSD-5: with exposure, the number of "yes" among exactly 5 items; without, 0 (negative).
 * @throws ScoringValidationError (`pcPtsd5.items`) when exposure is reported and the 5 items are not all answered.
 */
export function scorePcPtsd5(
  answers: PcPtsd5Answers,
  cutPoint: number = PC_PTSD5.defaultCutPoint,
  field = 'pcPtsd5',
): PcPtsd5Result {
  assertPcPtsd5CutPoint(cutPoint);
  if (!answers.traumaExposure) return { total: 0, positive: false, cutPoint };
  const items = answers.items ?? [];
  if (items.length !== PC_PTSD5.items.length || items.some((a) => typeof a !== 'boolean')) {
    throw new ScoringValidationError(
      `${field}.items`,
      `${field}.items must hold ${PC_PTSD5.items.length} yes/no answers after a reported trauma exposure`,
    );
  }
  const total = items.filter(Boolean).length;
  return { total, positive: total >= cutPoint, cutPoint };
}
