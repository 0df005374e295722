import { computeOutcomesByCohort, judgeCohortEpisode } from './cohort-outcome.measures';

describe('outcomes by chronic-condition cohort', () => {
  it.each([
    [[12], null],
    [[9, 3], null],
    [[10, 4], { remission: true, response: true }],
    [[20, 10], { remission: false, response: true }],
    [[20, 11], { remission: false, response: false }],
    [[12, 3, 8], { remission: false, response: false }],
  ])('PHQ-9 %j → %j', (scores, expected) => {
    expect(judgeCohortEpisode(scores)).toEqual(expected);
  });

  it('splits counted episodes by condition', () => {
    const rows = computeOutcomesByCohort([
      { episodeId: 'a', conditions: ['diabetes'], phq9: [15, 4] },
      { episodeId: 'b', conditions: ['diabetes', 'hypertension'], phq9: [15, 14] },
      { episodeId: 'c', conditions: [], phq9: [20, 2] },
      { episodeId: 'd', conditions: ['diabetes'], phq9: [8, 2] },
    ]);
    expect(rows.find((r) => r.condition === 'diabetes')).toEqual({
      condition: 'diabetes',
      with: { episodes: 2, remission: 1, response: 1 },
      without: { episodes: 1, remission: 1, response: 1 },
    });
    expect(rows.find((r) => r.condition === 'copd')?.without).toEqual({ episodes: 3, remission: 2, response: 2 });
  });
});
