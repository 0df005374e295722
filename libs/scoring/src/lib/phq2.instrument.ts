import { InstrumentId } from '@huddle/shared-types';
import { FREQUENCY_OPTIONS_0_3, scoredItem } from './answer-options.const';
import type { InstrumentDefinition } from './instrument-definition.model';

/**
 * PHQ-2: PHQ-9 items 1–2 (same item LOINC codes), total 0–6, ≥3 positive → give the PHQ-9.
 * Per clinical-reference.md §Instruments. No severity bands are defined for the screener.
 */
export const PHQ2_DEFINITION: InstrumentDefinition = {
  id: InstrumentId.PHQ2,
  name: 'PHQ-2',
  title: 'Patient Health Questionnaire-2',
  panelLoinc: '55757-9',
  totalLoinc: '55758-7',
  items: [
    scoredItem('phq2_1', '44250-9', 'Little interest or pleasure in doing things', FREQUENCY_OPTIONS_0_3),
    scoredItem('phq2_2', '44255-8', 'Feeling down, depressed, or hopeless', FREQUENCY_OPTIONS_0_3),
  ],
  totalRange: { min: 0, max: 6 },
  severityBands: [],
  positiveScreen: { threshold: 3, description: 'PHQ-2 ≥ 3: positive depression screen, give the PHQ-9' },
  safetyItemId: null,
  outcomeCutoffs: null,
  tracksOutcome: false,
  followUpInstrumentId: InstrumentId.PHQ9,
};
