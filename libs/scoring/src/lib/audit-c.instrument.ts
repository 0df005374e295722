import { InstrumentId } from '@huddle/shared-types';
import { optionsFromLabels, scoredItem } from './answer-options.const';
import type { InstrumentDefinition } from './instrument-definition.model';

/**
 * AUDIT-C (Alcohol Use Disorders Identification Test – Consumption): 3 items 0–4, total 0–12,
 * panel 72109-2 per clinical-reference.md §Instruments (total LOINC "(verify)" → `null`; item
 * LOINC codes not in the reference → `null`).
 *
 * Positive screen: ≥4 for men, ≥3 for women (reference: "commonly"). The threshold is 3 only when
 * the scoring context says `sex: 'female'`; otherwise (male, other, unknown, not given) it is 4.
 */
export const AUDITC_DEFINITION: InstrumentDefinition = {
  id: InstrumentId.AUDITC,
  name: 'AUDIT-C',
  title: 'Alcohol Use Disorders Identification Test – Consumption',
  panelLoinc: '72109-2',
  totalLoinc: null, // (verify) per clinical-reference.md
  items: [
    scoredItem(
      'auditc_1',
      null,
      'How often do you have a drink containing alcohol?',
      optionsFromLabels([
        'Never',
        'Monthly or less',
        '2–4 times a month',
        '2–3 times a week',
        '4 or more times a week',
      ]),
    ),
    scoredItem(
      'auditc_2',
      null,
      'How many standard drinks do you have on a typical day when you are drinking?',
      optionsFromLabels(['1 or 2', '3 or 4', '5 or 6', '7 to 9', '10 or more']),
    ),
    scoredItem(
      'auditc_3',
      null,
      'How often do you have six or more drinks on one occasion?',
      optionsFromLabels(['Never', 'Less than monthly', 'Monthly', 'Weekly', 'Daily or almost daily']),
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
