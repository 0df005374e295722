import type { AnswerOption, InstrumentItem } from './instrument-definition.model';

/**
 * PHQ/GAD frequency answers "over the last 2 weeks", 0–3, with the LOINC answer codes of
 * clinical-reference.md §Instruments (LA6568-5 … LA6571-9).
 */
export const FREQUENCY_OPTIONS_0_3: readonly AnswerOption[] = [
  { value: 0, label: 'Not at all', loinc: 'LA6568-5' },
  { value: 1, label: 'Several days', loinc: 'LA6569-3' },
  { value: 2, label: 'More than half the days', loinc: 'LA6570-1' },
  { value: 3, label: 'Nearly every day', loinc: 'LA6571-9' },
];

/**
 * PCL-5 answers "in the past month", 0–4. LOINC answer codes (LA…) name an answer string wherever it
 * is used, so a label is coded where a source codes that same string: "Not at all" LA6568-5, "A little
 * bit" LA13863-8 and "Quite a bit" LA13902-4 as in US Core's PRAPARE Questionnaire
 * (../shared/fixtures/us-core-examples/Questionnaire-prapare-example.json, HL7 US Core, CC0).
 * "Moderately" LA13939-6 and "Extremely" LA14868-6 are in no offline source (clinical-reference.md,
 * the fixtures and the validators' packages name none); they are the LOINC answer codes public
 * LOINC-coded questionnaires give those same strings (LA13939-6 in PROMIS forms, both in the MSWS-12
 * answer list beside LA6568-5/LA13863-8/LA13902-4; checked 2026-12-02). The import also accepts the
 * ordinal value, so a sender using other codes is still read.
 */
export const PCL5_OPTIONS_0_4: readonly AnswerOption[] = [
  { value: 0, label: 'Not at all', loinc: 'LA6568-5' },
  { value: 1, label: 'A little bit', loinc: 'LA13863-8' },
  { value: 2, label: 'Moderately', loinc: 'LA13939-6' },
  { value: 3, label: 'Quite a bit', loinc: 'LA13902-4' },
  { value: 4, label: 'Extremely', loinc: 'LA14868-6' },
];

/** Builds a scored item whose range is the option values' range. */
export function scoredItem(
  id: string,
  loinc: string | null,
  text: string,
  options: readonly AnswerOption[],
): InstrumentItem {
  const values = options.map((option) => option.value);
  return { id, loinc, text, min: Math.min(...values), max: Math.max(...values), scored: true, options };
}

/** Builds options from labels, valued 0, 1, 2, … (no LOINC answer codes). */
export function optionsFromLabels(labels: readonly string[]): readonly AnswerOption[] {
  return labels.map((label, value) => ({ value, label, loinc: null }));
}
