import { InstrumentId } from '@huddle/shared-types';
import { scoredItem } from './answer-options.const';
import type { AnswerOption, InstrumentDefinition } from './instrument-definition.model';

/** Options valued 0, 1, 2, … with their LOINC answer codes. */
const coded = (options: ReadonlyArray<readonly [string, string]>): readonly AnswerOption[] =>
  options.map(([label, loinc], value) => ({ value, label, loinc }));

/**
 * AUDIT-C (Alcohol Use Disorders Identification Test – Consumption): 3 items 0–4, total 0–12,
 * panel 72109-2 per clinical-reference.md §Instruments; total 75626-2 per clinical-reference.md
 * §Screening ("US Core's AUDIT-C example uses panel 72109-2 and total 75626-2"). Items 2 and 3 carry
 * the item and answer LOINC codes of that US Core example (shared/fixtures/us-core-examples/
 * Questionnaire-AUDIT-C.json: 68519-8, 68520-6); item 1's item code is `null`: the sources disagree (LOINC names item 1
 * 68518-0, US Core's example writes 68517-2; the import accepts both). Item 1's answers are LOINC
 * answer list LL2179-1.
 *
 * Positive screen: ≥4 for men, ≥3 for women (reference: "commonly"). The threshold is 3 only when
 * the scoring context says `sex: 'female'`; otherwise (male, other, unknown, not given) it is 4.
 */
export const AUDITC_DEFINITION: InstrumentDefinition = {
  id: InstrumentId.AUDITC,
  name: 'AUDIT-C',
  title: 'Alcohol Use Disorders Identification Test – Consumption',
  panelLoinc: '72109-2',
  totalLoinc: '75626-2',
  items: [
    scoredItem(
      'auditc_1',
      null,
      'How often do you have a drink containing alcohol?',
      // Answers: LOINC answer list LL2179-1 of item 68518-0 ("Never" LA6270-8 is also the code the US
      // Core AUDIT-C Questionnaire gives that answer string, ../shared/fixtures/us-core-examples). The
      // other four codes are not in any offline source on this machine (clinical-reference.md, the
      // fixtures and the validators' packages name none); they were taken from LL2179-1 as reproduced
      // identically by several independent public FHIR implementations (checked 2026-12-02).
      coded([
        ['Never', 'LA6270-8'],
        ['Monthly or less', 'LA18926-8'],
        ['2–4 times a month', 'LA18927-6'],
        ['2–3 times a week', 'LA18928-4'],
        ['4 or more times a week', 'LA18929-2'],
      ]),
    ),
    scoredItem(
      'auditc_2',
      '68519-8',
      'How many standard drinks do you have on a typical day when you are drinking?',
      coded([
        ['1 or 2', 'LA15694-5'],
        ['3 or 4', 'LA15695-2'],
        ['5 or 6', 'LA18930-0'],
        ['7 to 9', 'LA18931-8'],
        ['10 or more', 'LA18932-6'],
      ]),
    ),
    scoredItem(
      'auditc_3',
      '68520-6',
      'How often do you have six or more drinks on one occasion?',
      coded([
        ['Never', 'LA6270-8'],
        ['Less than monthly', 'LA18933-4'],
        ['Monthly', 'LA18876-5'],
        ['Weekly', 'LA18891-4'],
        ['Daily or almost daily', 'LA18934-2'],
      ]),
    ),
  ],
  totalRange: { min: 0, max: 12 },
  severityBands: [],
  positiveScreen: {
    threshold: 4,
    femaleThreshold: 3,
    description: 'AUDIT-C ≥ 4 (≥ 3 for women): positive screen for unhealthy alcohol use',
  },
  safetyItemId: null,
  outcomeCutoffs: null,
  tracksOutcome: false,
  followUpInstrumentId: null,
};
