import { InstrumentId, SeverityCode } from '@huddle/shared-types';
import { FREQUENCY_OPTIONS_0_3, optionsFromLabels, scoredItem } from './answer-options.const';
import type { InstrumentDefinition } from './instrument-definition.model';

/**
 * PHQ-9 (Patient Health Questionnaire-9). Items, LOINC codes, bands (0–4 minimal … 20–27 severe),
 * positive screen ≥10, remission < 5, "improved" < 10 and the item-9 safety rule per
 * clinical-reference.md §Instruments and §Measurement-based care rules.
 */
export const PHQ9_DEFINITION: InstrumentDefinition = {
  id: InstrumentId.PHQ9,
  name: 'PHQ-9',
  title: 'Patient Health Questionnaire-9',
  panelLoinc: '44249-1',
  totalLoinc: '44261-6',
  items: [
    scoredItem('phq9_1', '44250-9', 'Little interest or pleasure in doing things', FREQUENCY_OPTIONS_0_3),
    scoredItem('phq9_2', '44255-8', 'Feeling down, depressed, or hopeless', FREQUENCY_OPTIONS_0_3),
    scoredItem('phq9_3', '44259-0', 'Trouble falling or staying asleep, or sleeping too much', FREQUENCY_OPTIONS_0_3),
    scoredItem('phq9_4', '44254-1', 'Feeling tired or having little energy', FREQUENCY_OPTIONS_0_3),
    scoredItem('phq9_5', '44251-7', 'Poor appetite or overeating', FREQUENCY_OPTIONS_0_3),
    scoredItem('phq9_6', '44258-2', 'Feeling bad about yourself, or that you are a failure', FREQUENCY_OPTIONS_0_3),
    scoredItem('phq9_7', '44252-5', 'Trouble concentrating on things', FREQUENCY_OPTIONS_0_3),
    scoredItem('phq9_8', '44253-3', 'Moving or speaking slowly, or being fidgety or restless', FREQUENCY_OPTIONS_0_3),
    scoredItem(
      'phq9_9',
      '44260-8',
      'Thoughts that you would be better off dead or of hurting yourself',
      FREQUENCY_OPTIONS_0_3,
    ),
    {
      // Item 10 is not scored (clinical-reference.md §Instruments). Its LOINC code is not in the
      // reference: (verify) before filling it in.
      ...scoredItem(
        'phq9_difficulty',
        null,
        'How difficult have these problems made it to work, take care of things or get along with people?',
        optionsFromLabels(['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult']),
      ),
      scored: false,
    },
  ],
  totalRange: { min: 0, max: 27 },
  severityBands: [
    { code: SeverityCode.MINIMAL, label: 'Minimal', min: 0, max: 4 },
    { code: SeverityCode.MILD, label: 'Mild', min: 5, max: 9 },
    { code: SeverityCode.MODERATE, label: 'Moderate', min: 10, max: 14 },
    { code: SeverityCode.MODERATELY_SEVERE, label: 'Moderately severe', min: 15, max: 19 },
    { code: SeverityCode.SEVERE, label: 'Severe', min: 20, max: 27 },
  ],
  positiveScreen: { threshold: 10, description: 'PHQ-9 ≥ 10: moderate or worse depressive symptoms' },
  safetyItemId: 'phq9_9',
  outcomeCutoffs: { remissionBelow: 5, improvedBelow: 10 },
  tracksOutcome: true,
  followUpInstrumentId: null,
};
