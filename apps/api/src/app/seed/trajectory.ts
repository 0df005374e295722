import { scoreAssessment } from '@huddle/scoring';
import type { AssessmentScoreResult, InstrumentId } from '@huddle/shared-types';
import type { Random } from './random';

/** Course of treatment a synthetic patient follows. */
export type Trajectory = 'responder' | 'partial' | 'non_responder' | 'relapse';

/** Weighted like a real CoCM caseload: about half respond, a few relapse. */
export const TRAJECTORIES: readonly Trajectory[] = [
  'responder',
  'responder',
  'responder',
  'partial',
  'partial',
  'non_responder',
  'relapse',
];

/** PHQ-9 total expected `week` weeks into treatment for a trajectory, with noise, clamped to 0–27. */
export function trajectoryScore(rng: Random, trajectory: Trajectory, baseline: number, week: number): number {
  const noise = rng.normal(0, 1.5);
  let expected: number;
  switch (trajectory) {
    case 'responder':
      expected = baseline * (0.25 + 0.75 * Math.exp(-week / 6));
      break;
    case 'partial':
      expected = baseline * (0.6 + 0.4 * Math.exp(-week / 8));
      break;
    case 'non_responder':
      expected = baseline * (0.9 + 0.1 * Math.exp(-week / 10));
      break;
    case 'relapse':
      expected = week < 14 ? baseline * (0.3 + 0.7 * Math.exp(-week / 5)) : baseline * 0.75;
      break;
  }
  return Math.max(0, Math.min(27, Math.round(expected + noise)));
}

/** Splits `total` into `count` items of 0–3 (the last item fixed to `lastItem` when given). */
export function spreadTotal(rng: Random, total: number, count: number, lastItem: number | null): number[] {
  const items = new Array<number>(count).fill(0);
  const free = lastItem === null ? count : count - 1;
  if (lastItem !== null) items[count - 1] = lastItem;
  let remaining = Math.min(total - (lastItem ?? 0), free * 3);
  while (remaining > 0) {
    const i = rng.int(0, free - 1);
    if ((items[i] ?? 0) < 3) {
      items[i] = (items[i] ?? 0) + 1;
      remaining--;
    }
  }
  return items;
}

/**
 * Item-level answers of a PHQ-9 or GAD-7 with the given total (PHQ-9 item 9 set to `item9`),
 * scored by libs/scoring exactly as the API scores a submitted form.
 */
export function syntheticForm(
  rng: Random,
  instrument: Extract<InstrumentId, 'PHQ9' | 'GAD7'>,
  total: number,
  item9: number,
): { answers: Record<string, number>; scored: AssessmentScoreResult } {
  const prefix = instrument === 'PHQ9' ? 'phq9' : 'gad7';
  const itemCount = instrument === 'PHQ9' ? 9 : 7;
  const values = spreadTotal(rng, total, itemCount, instrument === 'PHQ9' ? item9 : null);
  const answers: Record<string, number> = {};
  values.forEach((value, i) => (answers[`${prefix}_${i + 1}`] = value));
  if (instrument === 'PHQ9') answers['phq9_difficulty'] = Math.min(3, Math.floor(total / 7));
  return { answers, scored: scoreAssessment(instrument, answers) };
}
