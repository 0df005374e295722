import type { InstrumentId, SeverityBand } from '@huddle/shared-types';

/** One answer choice of an item. */
export interface AnswerOption {
  readonly value: number;
  readonly label: string;
  /** LOINC answer code (LA…) where clinical-reference.md lists one, otherwise `null`. */
  readonly loinc: string | null;
}

/** One question of an instrument. Valid answers are the integers `min`–`max`. */
export interface InstrumentItem {
  /** Stable item id used as the answer key, e.g. `phq9_1`, `phq9_difficulty`. */
  readonly id: string;
  /** Item LOINC code (the FHIR QuestionnaireResponse linkId) or `null` when not verified. */
  readonly loinc: string | null;
  /** Short item text. */
  readonly text: string;
  readonly min: number;
  readonly max: number;
  /** `false` for items that are validated but neither summed nor required (PHQ-9 item 10). */
  readonly scored: boolean;
  readonly options: readonly AnswerOption[];
}

/** When a total counts as a positive screen: `total >= threshold`. */
export interface PositiveScreenRule {
  /** Default cut-off. */
  readonly threshold: number;
  /** Cut-off for patients whose sex is `female` (AUDIT-C), when it differs. */
  readonly femaleThreshold?: number;
  /** What a positive screen means and where the cut-off comes from. */
  readonly description: string;
}

/** Outcome cut-offs used by measurement-based care (PHQ-9 and GAD-7). */
export interface OutcomeCutoffs {
  /** Remission: latest total below this (PHQ-9/GAD-7 < 5). */
  readonly remissionBelow: number;
  /** NYS OMH "improved": latest total below this (< 10), or a ≥50% reduction. */
  readonly improvedBelow: number;
}

/**
 * Everything the registry knows about an instrument, as data. Adding an instrument means adding
 * one of these to `INSTRUMENTS`; scoring, validation and flags read only this object.
 */
export interface InstrumentDefinition {
  readonly id: InstrumentId;
  /** Display name, e.g. `PHQ-9`. */
  readonly name: string;
  readonly title: string;
  /** LOINC panel (Questionnaire) code or `null` when not verified. */
  readonly panelLoinc: string | null;
  /** LOINC code of the total score (Observation) or `null` when not verified. */
  readonly totalLoinc: string | null;
  readonly items: readonly InstrumentItem[];
  /** Range of the total (sum of scored items' ranges). */
  readonly totalRange: { readonly min: number; readonly max: number };
  /** Severity bands covering the total range exactly once, or empty when none are defined. */
  readonly severityBands: readonly SeverityBand[];
  readonly positiveScreen: PositiveScreenRule;
  /** Item whose answer > 0 signals a safety risk (PHQ-9 item 9), or `null`. */
  readonly safetyItemId: string | null;
  /** Remission/"improved" cut-offs, or `null` when the reference defines none. */
  readonly outcomeCutoffs: OutcomeCutoffs | null;
  /** Used to track an episode's outcome (counts as a "score" for engagement flags). */
  readonly tracksOutcome: boolean;
  /** Full instrument to give after a positive brief screen (PHQ-2 → PHQ-9), or `null`. */
  readonly followUpInstrumentId: InstrumentId | null;
}
