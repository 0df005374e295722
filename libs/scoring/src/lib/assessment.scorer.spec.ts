import type { InstrumentId } from '@huddle/shared-types';
import { scoreAssessment, sexSpecificCutoffs } from './assessment.scorer';
import { INSTRUMENTS } from './instrument.registry';
import { ScoringValidationError } from './scoring-validation.error';

/** Answers for the scored items that add up to `total`, filling items in order. */
function answersFor(instrumentId: InstrumentId, total: number): Record<string, number> {
  let remaining = total;
  const answers: Record<string, number> = {};
  for (const item of INSTRUMENTS[instrumentId].items.filter((i) => i.scored)) {
    const value = Math.min(item.max, remaining);
    answers[item.id] = value;
    remaining -= value;
  }
  if (remaining > 0) throw new Error(`total ${total} out of range`);
  return answers;
}

function thrown(fn: () => unknown): ScoringValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScoringValidationError) return error;
    throw error;
  }
  throw new Error('expected a ScoringValidationError');
}

describe('scoreAssessment', () => {
  describe('severity band edges', () => {
    it.each([
      ['PHQ9', 0, 'minimal'],
      ['PHQ9', 4, 'minimal'],
      ['PHQ9', 5, 'mild'],
      ['PHQ9', 9, 'mild'],
      ['PHQ9', 10, 'moderate'],
      ['PHQ9', 14, 'moderate'],
      ['PHQ9', 15, 'moderately_severe'],
      ['PHQ9', 19, 'moderately_severe'],
      ['PHQ9', 20, 'severe'],
      ['PHQ9', 27, 'severe'],
      ['GAD7', 0, 'minimal'],
      ['GAD7', 4, 'minimal'],
      ['GAD7', 5, 'mild'],
      ['GAD7', 9, 'mild'],
      ['GAD7', 10, 'moderate'],
      ['GAD7', 14, 'moderate'],
      ['GAD7', 15, 'severe'],
      ['GAD7', 21, 'severe'],
    ] as const)('%s total %i → %s', (id, total, code) => {
      const result = scoreAssessment(id, answersFor(id, total));
      expect(result.total).toBe(total);
      expect(result.severity?.code).toBe(code);
    });

    it.each(['PHQ2', 'GAD2', 'PCL5', 'AUDITC'] as const)('%s defines no bands: severity is null', (id) => {
      expect(scoreAssessment(id, answersFor(id, 3)).severity).toBeNull();
    });
  });

  describe('positive screen edges', () => {
    it.each([
      ['PHQ2', 2, false],
      ['PHQ2', 3, true],
      ['GAD2', 2, false],
      ['GAD2', 3, true],
      ['PHQ9', 9, false],
      ['PHQ9', 10, true],
      ['GAD7', 9, false],
      ['GAD7', 10, true],
      ['PCL5', 32, false],
      ['PCL5', 33, true],
      ['AUDITC', 3, false],
      ['AUDITC', 4, true],
    ] as const)('%s total %i → positive %s', (id, total, positive) => {
      expect(scoreAssessment(id, answersFor(id, total)).positiveScreen).toBe(positive);
    });

    it.each([
      ['female', 2, false],
      ['female', 3, true],
      ['male', 3, false],
      ['male', 4, true],
      ['unknown', 3, false],
      ['other', 3, false],
      [undefined, 3, false],
    ] as const)('AUDIT-C for sex %s, total %i → positive %s', (sex, total, positive) => {
      const result = scoreAssessment('AUDITC', answersFor('AUDITC', total), { sex });
      expect(result.positiveScreen).toBe(positive);
      expect(result.positiveScreenThreshold).toBe(sex === 'female' ? 3 : 4);
    });

    it('lists AUDIT-C as the one instrument whose cut-off depends on sex, per sex at the cut-off scoring applies', () => {
      const cutoffs = sexSpecificCutoffs();
      expect(new Set(cutoffs.map((c) => c.instrument))).toEqual(new Set(['AUDITC']));
      expect(cutoffs.map((c) => c.sex).sort()).toEqual(['female', 'male', 'other', 'unknown', null].sort());
      for (const c of cutoffs) {
        const scored = scoreAssessment('AUDITC', answersFor('AUDITC', 0), { sex: c.sex });
        expect(c.threshold).toBe(scored.positiveScreenThreshold);
        expect(c.differsFromDefault).toBe(
          c.threshold !== scoreAssessment('AUDITC', answersFor('AUDITC', 0)).positiveScreenThreshold,
        );
      }
      expect(cutoffs.filter((c) => c.differsFromDefault).map((c) => c.sex)).toEqual(['female']);
    });

    it('applies a clinic override of the cut-off (PCL-5 31)', () => {
      const result = scoreAssessment('PCL5', answersFor('PCL5', 31), { positiveScreenThreshold: 31 });
      expect(result).toMatchObject({ positiveScreen: true, positiveScreenThreshold: 31 });
    });

    it('rejects an override outside the total range', () => {
      expect(thrown(() => scoreAssessment('PHQ2', answersFor('PHQ2', 3), { positiveScreenThreshold: 7 })).field).toBe(
        'positiveScreenThreshold',
      );
    });
  });

  describe('missing items', () => {
    it('holds an incomplete form: no total, no severity, missing items listed in form order', () => {
      const answers = { ...answersFor('PHQ9', 12), phq9_3: null, phq9_7: undefined };
      const result = scoreAssessment('PHQ9', answers);
      expect(result).toMatchObject({
        complete: false,
        total: null,
        severity: null,
        missingItems: ['phq9_3', 'phq9_7'],
      });
      expect(result.items['phq9_3']).toBeNull();
    });

    it('treats an omitted key like a null answer', () => {
      const rest: Record<string, number> = answersFor('PHQ9', 5);
      delete rest['phq9_1'];
      expect(scoreAssessment('PHQ9', rest).missingItems).toEqual(['phq9_1']);
    });

    it('is a positive screen only when the answered items alone reach the cut-off', () => {
      expect(scoreAssessment('PHQ2', { phq2_1: 3, phq2_2: null }).positiveScreen).toBe(true);
      expect(scoreAssessment('PHQ2', { phq2_1: 2, phq2_2: null }).positiveScreen).toBeNull();
    });

    it('raises safety risk from item 9 > 0 even on an incomplete form', () => {
      const result = scoreAssessment('PHQ9', { phq9_1: 1, phq9_9: 1 });
      expect(result).toMatchObject({ complete: false, total: null, safetyRisk: true });
    });

    it.each([
      [0, false],
      [1, true],
      [3, true],
      [null, false],
    ] as const)('item 9 = %s → safetyRisk %s', (value, risk) => {
      expect(scoreAssessment('PHQ9', { ...answersFor('PHQ9', 0), phq9_9: value }).safetyRisk).toBe(risk);
    });

    it('does not require, sum or reject the non-scored difficulty item', () => {
      const without = scoreAssessment('PHQ9', answersFor('PHQ9', 8));
      const withDifficulty = scoreAssessment('PHQ9', { ...answersFor('PHQ9', 8), phq9_difficulty: 3 });
      expect(without).toMatchObject({ complete: true, total: 8 });
      expect(withDifficulty).toMatchObject({ complete: true, total: 8 });
      expect(withDifficulty.items['phq9_difficulty']).toBe(3);
      expect(without.items['phq9_difficulty']).toBeNull();
    });
  });

  describe('validation', () => {
    it.each([
      ['PHQ9', 'phq9_4', 4, /phq9_4.*integer 0–3, got 4/],
      ['PHQ9', 'phq9_4', -1, /got -1/],
      ['PHQ9', 'phq9_4', 1.5, /got 1.5/],
      ['PHQ9', 'phq9_4', Number.NaN, /got NaN/],
      ['PHQ9', 'phq9_difficulty', 4, /phq9_difficulty.*0–3/],
      ['PCL5', 'pcl5_20', 5, /pcl5_20.*0–4/],
      ['AUDITC', 'auditc_2', 5, /auditc_2.*0–4/],
    ] as const)('%s rejects %s = %s', (id, itemId, value, message) => {
      const error = thrown(() => scoreAssessment(id, { ...answersFor(id, 0), [itemId]: value }));
      expect(error).toMatchObject({ itemId, field: `answers.${itemId}` });
      expect(error.message).toMatch(message);
    });

    it('rejects a non-number answer', () => {
      const answers = { ...answersFor('GAD7', 0), gad7_1: '2' } as unknown as Record<string, number>;
      expect(thrown(() => scoreAssessment('GAD7', answers)).itemId).toBe('gad7_1');
    });

    it('rejects an unknown item id, naming it', () => {
      const error = thrown(() => scoreAssessment('PHQ2', { phq2_1: 1, phq2_2: 1, phq9_1: 1 }));
      expect(error).toMatchObject({ itemId: 'phq9_1', field: 'answers.phq9_1' });
      expect(error.message).toMatch(/Unknown item "phq9_1" for PHQ-2/);
    });

    it('rejects too many items (a PHQ-9 submitted as a GAD-7)', () => {
      expect(thrown(() => scoreAssessment('GAD7', { ...answersFor('GAD7', 0), gad7_8: 0 })).itemId).toBe('gad7_8');
    });

    it('rejects answers that are not an object and an unknown instrument', () => {
      expect(thrown(() => scoreAssessment('PHQ9', null as unknown as Record<string, number>)).field).toBe('answers');
      expect(thrown(() => scoreAssessment('PHQ8' as InstrumentId, {})).field).toBe('instrumentId');
    });
  });

  it('normalizes items: every item in form order', () => {
    const result = scoreAssessment('GAD2', { gad2_2: 1, gad2_1: 0 });
    expect(Object.entries(result.items)).toEqual([
      ['gad2_1', 0],
      ['gad2_2', 1],
    ]);
  });
});
