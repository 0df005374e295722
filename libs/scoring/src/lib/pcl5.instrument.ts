import { InstrumentId } from '@huddle/shared-types';
import { PCL5_OPTIONS_0_4, scoredItem } from './answer-options.const';
import type { InstrumentDefinition } from './instrument-definition.model';

/** Short PCL-5 item texts (DSM-5 PTSD symptoms in the past month), items 1–20 in order. */
const PCL5_ITEM_TEXTS: readonly string[] = [
  'Repeated, disturbing, and unwanted memories of the stressful experience',
  'Repeated, disturbing dreams of the stressful experience',
  'Suddenly feeling or acting as if the stressful experience were happening again',
  'Feeling very upset when something reminded you of the stressful experience',
  'Strong physical reactions when something reminded you of the stressful experience',
  'Avoiding memories, thoughts, or feelings related to the stressful experience',
  'Avoiding external reminders of the stressful experience',
  'Trouble remembering important parts of the stressful experience',
  'Strong negative beliefs about yourself, other people, or the world',
  'Blaming yourself or someone else for the stressful experience or what happened after it',
  'Strong negative feelings such as fear, horror, anger, guilt, or shame',
  'Loss of interest in activities that you used to enjoy',
  'Feeling distant or cut off from other people',
  'Trouble experiencing positive feelings',
  'Irritable behavior, angry outbursts, or acting aggressively',
  'Taking too many risks or doing things that could cause you harm',
  'Being "superalert" or watchful or on guard',
  'Feeling jumpy or easily startled',
  'Having difficulty concentrating',
  'Trouble falling or staying asleep',
];

/**
 * PCL-5 (PTSD Checklist for DSM-5): 20 items 0–4, total 0–80, panel 101697-1, total 101698-9 per
 * clinical-reference.md §Instruments. Item LOINC codes are not in the reference: left `null`
 * (verify before filling in).
 *
 * Positive screen: the reference gives 31–33 as the probable-PTSD cut-off range. We default to
 * 33, the upper end (fewer false positives when a positive screen triggers a diagnostic
 * interview); a clinic that prefers sensitivity passes `positiveScreenThreshold: 31` in the
 * scoring context. No severity bands are defined; a 10–12 point drop is clinically meaningful
 * change (reference), which episode measures can use as their worsening threshold.
 */
export const PCL5_DEFINITION: InstrumentDefinition = {
  id: InstrumentId.PCL5,
  name: 'PCL-5',
  title: 'PTSD Checklist for DSM-5',
  panelLoinc: '101697-1',
  totalLoinc: '101698-9',
  items: PCL5_ITEM_TEXTS.map((text, index) => scoredItem(`pcl5_${index + 1}`, null, text, PCL5_OPTIONS_0_4)),
  totalRange: { min: 0, max: 80 },
  severityBands: [],
  positiveScreen: {
    threshold: 33,
    description: 'PCL-5 ≥ 33: probable PTSD (reference range 31–33; 33 chosen, configurable)',
  },
  safetyItemId: null,
  outcomeCutoffs: null,
  tracksOutcome: true,
  followUpInstrumentId: null,
};
