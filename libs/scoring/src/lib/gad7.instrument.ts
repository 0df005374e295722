import { InstrumentId, SeverityCode } from '@huddle/shared-types';
import { FREQUENCY_OPTIONS_0_3, scoredItem } from './answer-options.const';
import type { InstrumentDefinition } from './instrument-definition.model';

/**
 * GAD-7 (Generalized Anxiety Disorder-7). Items, LOINC codes, bands (0–4 minimal, 5–9 mild,
 * 10–14 moderate, 15–21 severe), positive ≥10, remission < 5 per clinical-reference.md
 * §Instruments and §Measurement-based care rules. "Improved" < 10 follows the NYS OMH metric,
 * which the reference states without restricting it to the PHQ-9.
 */
export const GAD7_DEFINITION: InstrumentDefinition = {
  id: InstrumentId.GAD7,
  name: 'GAD-7',
  title: 'Generalized Anxiety Disorder-7',
  panelLoinc: '69737-5',
  totalLoinc: '70274-6',
  items: [
    scoredItem('gad7_1', '69725-0', 'Feeling nervous, anxious, or on edge', FREQUENCY_OPTIONS_0_3),
    scoredItem('gad7_2', '68509-9', 'Not being able to stop or control worrying', FREQUENCY_OPTIONS_0_3),
    scoredItem('gad7_3', '69733-4', 'Worrying too much about different things', FREQUENCY_OPTIONS_0_3),
    scoredItem('gad7_4', '69734-2', 'Trouble relaxing', FREQUENCY_OPTIONS_0_3),
    scoredItem('gad7_5', '69735-9', 'Being so restless that it is hard to sit still', FREQUENCY_OPTIONS_0_3),
    scoredItem('gad7_6', '69689-8', 'Becoming easily annoyed or irritable', FREQUENCY_OPTIONS_0_3),
    scoredItem('gad7_7', '69736-7', 'Feeling afraid as if something awful might happen', FREQUENCY_OPTIONS_0_3),
  ],
  totalRange: { min: 0, max: 21 },
  severityBands: [
    { code: SeverityCode.MINIMAL, label: 'Minimal', min: 0, max: 4 },
    { code: SeverityCode.MILD, label: 'Mild', min: 5, max: 9 },
    { code: SeverityCode.MODERATE, label: 'Moderate', min: 10, max: 14 },
    { code: SeverityCode.SEVERE, label: 'Severe', min: 15, max: 21 },
  ],
  positiveScreen: { threshold: 10, description: 'GAD-7 ≥ 10: moderate or worse anxiety symptoms' },
  safetyItemId: null,
  outcomeCutoffs: { remissionBelow: 5, improvedBelow: 10 },
  tracksOutcome: true,
  followUpInstrumentId: null,
};
